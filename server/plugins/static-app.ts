import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody, errorCatalogue } from '../errors.ts';

// Files that name the current version must be revalidated on every load, or a tablet keeps an
// old service worker; hashed assets never change and may be cached for a year.
const ALWAYS_REVALIDATE = new Set(['/', '/index.html', '/sw.js', '/manifest.webmanifest', '/registerSW.js']);

/** Serves the built PWA from `staticDir`, with index.html for app routes (the SPA fallback). */
export async function registerStaticApp(app: FastifyInstance, staticDir: string): Promise<void> {
  const indexFile = join(staticDir, 'index.html');
  if (!existsSync(indexFile)) {
    app.log.warn({ staticDir }, 'the app is not built; serving the API only');
    app.get('/', (_request, reply) =>
      reply.status(503).send(errorBody('app_not_built', errorCatalogue.app_not_built.message)),
    );
    app.setNotFoundHandler((_request, reply) => reply.status(404).send(errorBody('not_found', errorCatalogue.not_found.message)));
    return;
  }
  await app.register(fastifyStatic, {
    root: staticDir,
    wildcard: true,
    cacheControl: false,
    setHeaders(res, path) {
      const name = path.slice(staticDir.length);
      if (ALWAYS_REVALIDATE.has(name) || name.startsWith('/workbox-')) {
        res.setHeader('cache-control', 'no-cache');
      } else if (name.startsWith('/assets/')) {
        res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      } else {
        res.setHeader('cache-control', 'public, max-age=3600');
      }
    },
  });
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && request.headers.accept?.includes('text/html');
    if (wantsPage) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply.status(404).send(errorBody('not_found', errorCatalogue.not_found.message));
  });
}
