/**
 * Every administrator, relying-system and resident-counter call, and every enrollment attempt,
 * goes into the audit log before its answer leaves: route, object, result; never bodies or
 * personal data.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit/audit-log.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The object a call created or acted on, when it is not in the path. */
    auditObjectId: string | undefined;
    /** Who made the call, once authenticated. */
    auditActor: string | undefined;
  }
}

const AUDITED = /^\/api\/v1\/(admin|rp|counter)\/|^\/api\/v1\/devices\/enroll$/;

function resultOf(status: number): string {
  if (status < 400) return 'ok';
  if (status < 500) return `refused:${status}`;
  return `failed:${status}`;
}

export function registerAudit(app: FastifyInstance, audit: AuditLog): void {
  app.decorateRequest('auditObjectId', undefined);
  app.decorateRequest('auditActor', undefined);
  app.addHook('onSend', async (request: FastifyRequest, reply, payload) => {
    const route = request.routeOptions.url;
    if (!route || !AUDITED.test(route)) return payload;
    const params = request.params as { id?: string } | undefined;
    await audit.append({
      actor: request.auditActor ?? 'anonymous',
      action: `${request.method} ${route}`,
      objectId: request.auditObjectId ?? params?.id,
      result: resultOf(reply.statusCode),
    });
    return payload;
  });
}
