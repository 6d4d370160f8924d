import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError, errorBody, errorCatalogue } from '../errors.ts';

/** Turns every thrown error into the catalogue's JSON shape (unknown addresses: see static-app.ts). */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      return reply.status(error.status).send(errorBody(error.code, error.message));
    }
    if (error.validation || (error.statusCode !== undefined && error.statusCode < 500)) {
      return reply.status(error.statusCode ?? 400).send(errorBody('bad_request', error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(errorBody('internal', errorCatalogue.internal.message));
  });
}
