/** A stored verdict as devices receive it, in a push answer or from the verdict feed. */
import type { FinalVerdict } from '../../src/protocol/api.ts';
import type { VerdictRecord } from '../storage/verdicts-repository.ts';

export function toFinalVerdict(record: VerdictRecord): FinalVerdict {
  return {
    eventId: record.eventId,
    status: record.status,
    ...(record.reason !== undefined ? { reason: record.reason } : {}),
    ...(record.meaning !== undefined ? { meaning: record.meaning } : {}),
    ...(record.revokedAt !== undefined ? { revokedAt: record.revokedAt } : {}),
    changed: record.changed,
    revokedAtCheckIn: record.revokedAtCheckIn,
    checkedAt: record.checkedAt,
    ...(record.alertAcknowledgedAt !== undefined ? { alertAcknowledgedAt: record.alertAcknowledgedAt } : {}),
  };
}
