import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { CrlImportResponse, CrlListResponse } from '../../src/protocol/api.ts';
import { RevocationError } from '../../src/revocation/index.ts';
import { ApiError, errorCatalogue, type ErrorCode } from '../errors.ts';
import { CrlImportConflictError, type CrlImporter } from '../revocation/crl-import.ts';
import { heldListOf } from '../revocation/held-list.ts';
import { crlInputFromStream, CrlStalledError, CrlTooLargeError } from '../revocation/crl-input.ts';
import type { RevocationRepository } from '../storage/revocation-repository.ts';

/** Body types a CRL may be sent with; the body is streamed into the import, never buffered whole. */
export const CRL_CONTENT_TYPES = ['application/pkix-crl', 'application/octet-stream', 'application/x-pem-file', 'application/x-x509-crl'];

function apiErrorOf(error: unknown): unknown {
  if (error instanceof CrlTooLargeError) return new ApiError('payload_too_large', error.message);
  if (error instanceof CrlStalledError) return new ApiError('request_timeout', error.message);
  if (error instanceof CrlImportConflictError) return new ApiError('conflict', error.message);
  if (error instanceof RevocationError && Object.hasOwn(errorCatalogue, error.code)) return new ApiError(error.code as ErrorCode, error.userMessage.en);
  return error;
}

/** Coordinators' revocation lists: upload one (POST, the CRL as the body) and see what is held. */
export async function registerAdminCrlRoutes(
  app: FastifyInstance,
  deps: { importer: CrlImporter; repository: RevocationRepository; maxBytes: number; idleMs?: number },
): Promise<void> {
  await app.register(async (scope) => {
    // In this scope only: the request body reaches the handler as the raw stream.
    scope.addContentTypeParser(CRL_CONTENT_TYPES, (_request, payload, done) => done(null, payload));

    scope.post('/api/v1/admin/crls', { onRequest: [app.requireAdmin] }, async (request, reply): Promise<CrlImportResponse> => {
      const announced = Number(request.headers['content-length'] ?? 0);
      if (announced > deps.maxBytes) throw new ApiError('payload_too_large', new CrlTooLargeError(deps.maxBytes).message);
      if (!(request.body instanceof Readable)) throw new ApiError('bad_request', `Send the CRL as the body, with content-type ${CRL_CONTENT_TYPES[0]}.`);
      try {
        const input = await crlInputFromStream(Readable.toWeb(request.body) as ReadableStream<Uint8Array>, deps.maxBytes, deps.idleMs);
        const result = await deps.importer.import(input, 'upload');
        request.auditObjectId = result.issuerKeyId;
        request.log.info({ issuerKeyId: result.issuerKeyId, version: result.version, status: result.status, entries: result.entries }, 'revocation list imported');
        reply.status(result.status === 'imported' ? 201 : 200);
        return result;
      } catch (error) {
        throw apiErrorOf(error);
      }
    });
  });

  app.get('/api/v1/admin/crls', { preHandler: [app.requireAdmin] }, async (): Promise<CrlListResponse> => {
    const rows = await deps.repository.list();
    return {
      crls: rows.map((row) => ({
        ...heldListOf(row),
        source: row.source,
        importedAt: row.imported_at,
      })),
    };
  });
}
