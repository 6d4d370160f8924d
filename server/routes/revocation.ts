import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RevocationPackageList } from '../../src/protocol/api.ts';
import { ApiError } from '../errors.ts';
import { parseWith } from '../http/validate.ts';
import type { RevocationPackages } from '../revocation/package-service.ts';

export const REVOCATION_PACKAGE_TYPE = 'application/vnd.shelterkey.revocation-package';

const packageParams = z.object({ issuerKeyId: z.string().regex(/^[0-9a-f]{2,128}$/) });
const packageQuery = z.object({ since: z.coerce.number().int().min(0).max(2 ** 32 - 1).default(0) });

/** Revocation data for enrolled devices: what is published, and the next package of an issuer. */
export function registerRevocationRoutes(app: FastifyInstance, deps: { packages: RevocationPackages }): void {
  const device = { preHandler: [app.requireDevice] };

  app.get('/api/v1/revocation/packages', device, async (_request, reply): Promise<RevocationPackageList> => {
    reply.header('cache-control', 'no-store');
    return deps.packages.list();
  });

  app.get('/api/v1/revocation/packages/:issuerKeyId', device, async (request, reply) => {
    const { issuerKeyId } = parseWith(packageParams, request.params);
    const { since } = parseWith(packageQuery, request.query);
    const answer = await deps.packages.next(issuerKeyId, since);
    reply.header('cache-control', 'no-store');
    switch (answer.kind) {
      case 'unknown-issuer':
        throw new ApiError('not_found', 'The server holds no revocation list of this CA.');
      case 'up-to-date':
        return reply.status(204).header('x-package-version', String(answer.version)).send();
      case 'delta':
        return reply.type(REVOCATION_PACKAGE_TYPE).header('x-package-version', String(answer.version)).header('content-length', answer.bytes.length).send(Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength));
      case 'snapshot':
        return reply
          .type(REVOCATION_PACKAGE_TYPE)
          .header('x-package-version', String(answer.version))
          .header('content-length', answer.length)
          .send(Readable.from(answer.chunks, { objectMode: false }));
    }
  });
}
