import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError, errorBody, errorCatalogue, type ErrorCode } from '../errors.ts';
import { storageFaultOf } from '../storage/errors.ts';

const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'rate_limited',
};

/** Turns every thrown error into the catalogue's JSON shape (unknown addresses: see static-app.ts). */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      return reply.status(error.status).send(errorBody(error.code, error.message, error.text));
    }
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      const code = CODE_BY_STATUS[status] ?? 'bad_request';
      // Fastify's own 4xx messages (malformed JSON, body too large) carry no personal data.
      const message = code === 'bad_request' ? error.message : errorCatalogue[code].message;
      return reply.status(status).send(errorBody(code, message));
    }
    // A full disk or a database that went away is the operator's to fix, not a bug: say which.
    // The request's transaction rolled back, so the client keeps its data and sends again.
    const fault = storageFaultOf(error);
    if (fault) {
      const code = fault === 'full' ? 'storage_full' : 'storage_unavailable';
      request.log.error({ err: error, code }, 'storage refused the request');
      return reply.status(errorCatalogue[code].status).send(errorBody(code, errorCatalogue[code].message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(errorBody('internal', errorCatalogue.internal.message));
  });
}
