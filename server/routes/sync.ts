import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_PUSH_EVENTS, pushRequest, type PullResponse, type PushResponse, type VerdictFeedResponse } from '../../src/protocol/api.ts';
import { ApiError } from '../errors.ts';
import { parseWith } from '../http/validate.ts';
import { deviceOf } from '../plugins/auth.ts';
import type { EventsRepository } from '../storage/events-repository.ts';
import type { VerdictsRepository } from '../storage/verdicts-repository.ts';
import { toFinalVerdict } from '../sync/final-verdict.ts';
import type { PushService } from '../sync/push-service.ts';

/** Largest push body: 1,000 events with certificates fit in well under this. */
export const PUSH_BODY_LIMIT = 8 * 1024 * 1024;
const PULL_LIMIT_DEFAULT = 500;

const pullQuery = z.object({
  cursor: z.string().regex(/^\d{1,15}$/).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export function registerSyncRoutes(app: FastifyInstance, deps: { push: PushService; events: EventsRepository; verdicts: VerdictsRepository }): void {
  const device = { preHandler: [app.requireDevice] };

  app.post('/api/v1/sync/push', { ...device, bodyLimit: PUSH_BODY_LIMIT }, async (request): Promise<PushResponse> => {
    const body = request.body as { events?: unknown } | null;
    if (body && Array.isArray(body.events) && body.events.length > MAX_PUSH_EVENTS) {
      throw new ApiError('payload_too_large', `Send at most ${MAX_PUSH_EVENTS} events per request.`);
    }
    const response = await deps.push.push(deviceOf(request), parseWith(pushRequest, request.body));
    request.log.info({ deviceId: deviceOf(request).id, acknowledged: response.acknowledged.length }, 'push stored');
    return response;
  });

  app.get('/api/v1/sync/pull', device, async (request): Promise<PullResponse> => {
    const query = parseWith(pullQuery, request.query);
    const me = deviceOf(request);
    const cursor = Number(query.cursor ?? 0);
    const { rows, hasMore } = await deps.events.pull(me.shelterId, me.id, cursor, query.limit ?? PULL_LIMIT_DEFAULT);
    const last = rows.at(-1);
    return {
      events: rows.map((row) => ({ event: row.event, deviceId: row.deviceId, receivedAt: row.receivedAt })),
      cursor: String(last ? last.shelterSeq : cursor),
      hasMore,
    };
  });

  // Every verdict of the shelter, the device's own too: a later list may change those as well.
  app.get('/api/v1/sync/verdicts', device, async (request): Promise<VerdictFeedResponse> => {
    const query = parseWith(pullQuery, request.query);
    const page = await deps.verdicts.changesSince(deviceOf(request).shelterId, Number(query.cursor ?? 0), query.limit ?? PULL_LIMIT_DEFAULT);
    return { verdicts: page.verdicts.map(toFinalVerdict), cursor: String(page.cursor), hasMore: page.hasMore };
  });
}
