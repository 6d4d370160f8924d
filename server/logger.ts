/**
 * Log settings. Logs carry request ids, methods, paths and event ids; never names, addresses,
 * certificates, tokens or query strings (a search term can be a resident's name).
 */
import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from './config.ts';

export function loggerOptions(level: LogLevel): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.token', '*.apiKey', '*.pin'], censor: '[redacted]' },
    serializers: {
      req(request: { id: string; method: string; url: string }) {
        return { id: request.id, method: request.method, path: request.url.split('?', 1)[0] };
      },
      res(reply: { statusCode: number }) {
        return { statusCode: reply.statusCode };
      },
    },
  };
}
