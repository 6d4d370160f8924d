/** Starts the server: storage, HTTP, and a clean shutdown on SIGINT/SIGTERM. */
import { buildApp } from './app.ts';
import { readConfig, type ServerConfig } from './config.ts';
import { openConfiguredStorage } from './storage/open.ts';

export async function startServer(config: ServerConfig = readConfig()): Promise<{ url: string; stop: () => Promise<void> }> {
  const storage = await openConfiguredStorage(config);
  const app = await buildApp({ config, storage });
  app.addHook('onClose', () => storage.close());
  const url = await app.listen({ port: config.port, host: config.host });
  app.log.info({ engine: storage.engine, staticDir: config.staticDir }, 'shelterkey is ready');
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= app.close());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }
  return { url, stop };
}
