/** A `fetch` that delivers requests to a Fastify app in process (real routing, real storage, no sockets). */
import type { FastifyInstance } from 'fastify';
import type { FetchFunction } from '../../src/sync/sync-client.ts';

export function injectFetch(app: () => FastifyInstance): FetchFunction {
  return async (input, init) => {
    init.signal?.throwIfAborted();
    const url = new URL(input);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const response = await app().inject({
      method: (init.method ?? 'GET') as 'GET' | 'POST',
      url: `${url.pathname}${url.search}`,
      headers,
      ...(typeof init.body === 'string' ? { payload: init.body } : {}),
    });
    // The raw bytes: binary bodies (revocation packages) must not pass through a string.
    const answer = new Headers({ 'content-type': String(response.headers['content-type'] ?? 'application/json') });
    for (const name of ['content-length', 'x-package-version']) {
      const value = response.headers[name];
      if (value !== undefined) answer.set(name, String(value));
    }
    return new Response(response.statusCode === 204 ? null : new Uint8Array(response.rawPayload), { status: response.statusCode, headers: answer });
  };
}
