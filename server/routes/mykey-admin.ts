/**
 * Administration of the MyKey functions: relying systems (create with a key shown once, list,
 * rotate the key, disable), the monthly fee report, and an operator's decision that a renewed
 * card belongs to an existing registration (recorded in the audit log with the operator's code).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createRelyingPartyRequest,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  DEFAULT_RELYING_PARTY_SCOPES,
  operatorRenewalRequest,
} from '../../src/protocol/mykey-api.ts';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { parseWith } from '../http/validate.ts';
import type { CertificateChecks } from '../mykey/certificate-checks.ts';
import { FEE_MONTH_PATTERN, feeReportCsv } from '../mykey/fees/fee-report.ts';
import { COUNTER_SYSTEM_ID } from '../mykey/fees/fee-meter.ts';
import type { Renewals } from '../mykey/renewals.ts';
import { isUsable } from '../mykey/validity.ts';
import type { FeesRepository } from '../storage/mykey-fees-repository.ts';
import type { RelyingPartiesRepository } from '../storage/relying-parties-repository.ts';

export interface MyKeyAdminDependencies {
  relyingParties: RelyingPartiesRepository;
  fees: FeesRepository;
  checks: CertificateChecks;
  renewals: Renewals;
  clock: Clock;
}

const feeMonthQuery = z.object({ month: z.string().regex(FEE_MONTH_PATTERN, 'YYYY-MM') });

export function registerMyKeyAdminRoutes(app: FastifyInstance, deps: MyKeyAdminDependencies): void {
  const admin = { preHandler: [app.requireAdmin] };

  app.post('/api/v1/admin/relying-parties', admin, async (request, reply) => {
    const body = parseWith(createRelyingPartyRequest, request.body);
    const { relyingParty, apiKey } = await deps.relyingParties.create(
      { name: body.name, scopes: body.scopes ?? DEFAULT_RELYING_PARTY_SCOPES, rateLimitPerMinute: body.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE },
      deps.clock.now(),
    );
    request.auditObjectId = relyingParty.id;
    return reply.status(201).send({ id: relyingParty.id, name: relyingParty.name, scopes: relyingParty.scopes, rateLimitPerMinute: relyingParty.rateLimitPerMinute, apiKey });
  });

  app.get('/api/v1/admin/relying-parties', admin, async () => ({
    relyingParties: (await deps.relyingParties.list()).map((s) => ({
      id: s.id,
      name: s.name,
      scopes: s.scopes,
      rateLimitPerMinute: s.rateLimitPerMinute,
      createdAt: s.createdAt,
      disabled: s.disabled,
    })),
  }));

  app.post<{ Params: { id: string } }>('/api/v1/admin/relying-parties/:id/rotate-key', admin, async (request) => {
    const apiKey = await deps.relyingParties.rotateKey(request.params.id);
    if (!apiKey) throw new ApiError('not_found', 'There is no active relying system with this id.');
    return { apiKey };
  });

  app.post<{ Params: { id: string } }>('/api/v1/admin/relying-parties/:id/disable', admin, async (request, reply) => {
    if (!(await deps.relyingParties.disable(request.params.id, deps.clock.now()))) throw new ApiError('not_found', 'There is no active relying system with this id.');
    return reply.status(204).send();
  });

  app.get('/api/v1/admin/fees.csv', admin, async (request, reply) => {
    const { month } = parseWith(feeMonthQuery, request.query);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="mykey-fees-${month}.csv"`)
      .header('cache-control', 'no-store')
      .send(feeReportCsv(month, await deps.fees.forMonth(month)));
  });

  app.post('/api/v1/admin/mykey/renewals', admin, async (request) => {
    const body = parseWith(operatorRenewalRequest, request.body);
    request.auditActor = `admin/operator:${body.operatorId}`;
    const checked = await deps.checks.check(COUNTER_SYSTEM_ID, body.certificate, { person: 'find', userAuthenticationOnly: true });
    if (!isUsable(checked.validity) || checked.presented.mykeyId === undefined) throw new ApiError('certificate_not_accepted');
    const result = await deps.renewals.byOperator(checked.presented, body.previousMyKeyId);
    request.auditObjectId = result.personId;
    return { mykeyId: result.mykeyId, previousMyKeyIds: result.previousMyKeyIds };
  });
}
