/** Starts the server: storage, HTTP, and a clean shutdown on SIGINT/SIGTERM. */
import { resolveAdminToken } from './admin-token.ts';
import { buildApp } from './app.ts';
import { readConfig, type ServerConfig } from './config.ts';
import { openConfiguredStorage } from './storage/open.ts';
import { TrustRechecker } from './sync/trust-rechecker.ts';
import { serialLinksFor } from './mykey/serial-links-for-mode.ts';
import { serverTrustStore } from './trust.ts';

export async function startServer(config: ServerConfig = readConfig()): Promise<{ url: string; stop: () => Promise<void> }> {
  const trust = await serverTrustStore(config);
  const admin = resolveAdminToken(config.adminToken, config.dataDir);
  const storage = await openConfiguredStorage(config);
  const app = await buildApp({ config: { ...config, adminToken: admin.token }, storage, rechecker: new TrustRechecker(trust), serialLinks: serialLinksFor(config.mode) });
  app.addHook('onClose', () => storage.close());
  const url = await app.listen({ port: config.port, host: config.host });
  app.log.info({ mode: config.mode, engine: storage.engine, staticDir: config.staticDir, trustAnchors: trust.anchors.length }, 'shelterkey is ready');
  if (admin.file) app.log.info({ file: admin.file }, 'administrator token is kept in this file (ADMIN_TOKEN is not set)');
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= app.close());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }
  return { url, stop };
}
