/**
 * A device's push: store each event once, re-check every card validation against the newest
 * revocation data at the time the card was seen, raise an alert when a card turns out to have
 * been revoked already at check-in, and answer with the ids now safe to mark as sent.
 */
import { v7 as uuidv7 } from 'uuid';
import { base64ToBytes } from '../../src/protocol/encoding.ts';
import type { PushRequest, PushResponse } from '../../src/protocol/api.ts';
import type { EventOf, ShelterEvent } from '../../src/protocol/events.ts';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import type { DeviceRecord, DevicesRepository } from '../storage/devices-repository.ts';
import type { EventsRepository, IncomingEvent } from '../storage/events-repository.ts';
import type { VerdictsRepository, VerdictRecord } from '../storage/verdicts-repository.ts';
import { clockOffsetMs, correctedTime } from './clock-correction.ts';
import { toFinalVerdict } from './final-verdict.ts';
import type { CertificateRechecker } from './recheck.ts';

export interface PushDependencies {
  events: EventsRepository;
  devices: DevicesRepository;
  verdicts: VerdictsRepository;
  rechecker: CertificateRechecker;
  clock: Clock;
}

export const ALERT_REVOKED_AT_CHECK_IN = 'revoked_at_check_in';

function isValidation(event: ShelterEvent): event is EventOf<'card.validated'> {
  return event.type === 'card.validated';
}

export class PushService {
  constructor(private readonly deps: PushDependencies) {}

  async push(device: DeviceRecord, request: PushRequest): Promise<PushResponse> {
    const shelterIds = new Set([device.shelterId, device.provisionalShelterId].filter((id) => id !== null));
    const foreign = request.events.find((event) => !shelterIds.has(event.shelterId));
    if (foreign) throw new ApiError('forbidden', `Event ${foreign.id} belongs to another shelter than this device's.`);

    const receivedAt = this.deps.clock.now();
    const offset = clockOffsetMs(request.deviceTime, receivedAt);
    const incoming: IncomingEvent[] = request.events.map((event) => ({
      event,
      correctedOccurredAt: correctedTime(event.occurredAt, offset, receivedAt),
    }));

    const checkedAt = receivedAt.toISOString();
    const computed = new Map<string, VerdictRecord>();
    if (incoming.some(({ event }) => isValidation(event))) await this.deps.rechecker.refresh?.();
    for (const { event, correctedOccurredAt } of incoming) {
      if (!isValidation(event) || computed.has(event.id)) continue;
      computed.set(event.id, await this.recheck(event, new Date(correctedOccurredAt), checkedAt));
    }

    const result = await this.deps.events.store(device.id, device.shelterId, incoming, receivedAt, (stored) => {
      const verdicts = stored.flatMap(({ event }) => computed.get(event.id) ?? []);
      const alerts = verdicts
        .filter((v) => v.revokedAtCheckIn)
        .map((v) => ({ id: uuidv7(), event_id: v.eventId, kind: ALERT_REVOKED_AT_CHECK_IN, created_at: checkedAt }));
      return { verdicts, alerts };
    });
    await this.deps.devices.recordSync(device.id, receivedAt, request.pendingAfter);

    const validationIds = result.acknowledged.filter((id) => computed.has(id));
    const verdicts = await this.deps.verdicts.forEvents(validationIds);
    return { acknowledged: result.acknowledged, verdicts: verdicts.map(toFinalVerdict) };
  }

  private async recheck(event: EventOf<'card.validated'>, at: Date, checkedAt: string): Promise<VerdictRecord> {
    const result = await this.deps.rechecker.recheck(base64ToBytes(event.payload.certificate), at);
    const revokedAtCheckIn = result.status === 'revoked' && result.revokedAt !== undefined && Date.parse(result.revokedAt) <= at.getTime();
    return {
      eventId: event.id,
      status: result.status,
      reason: result.reason,
      meaning: result.meaning,
      revokedAt: result.revokedAt,
      changed: result.status !== event.payload.verdict.status,
      revokedAtCheckIn,
      checkedAt,
      issuerKeyId: result.issuerKeyId,
      serial: result.serial,
    };
  }
}
