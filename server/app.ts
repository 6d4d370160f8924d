/** Builds the HTTP application (no listening here: see main.ts), so tests drive it with inject(). */
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.ts';
import { loggerOptions } from './logger.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { registerStaticApp } from './plugins/static-app.ts';
import { registerHealthRoute } from './routes/health.ts';
import type { Storage } from './storage/storage.ts';

export interface AppDependencies {
  config: Pick<ServerConfig, 'staticDir' | 'logLevel'>;
  storage: Storage;
}

export async function buildApp({ config, storage }: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
    bodyLimit: 64 * 1024 * 1024,
  });
  registerErrorHandling(app);
  registerHealthRoute(app, storage);
  await registerStaticApp(app, config.staticDir);
  return app;
}
