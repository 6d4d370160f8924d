/**
 * The server's final verdicts on card validations, kept on the device whichever way they came:
 * in the answer to this device's push, or from the shelter's verdict feed (the other tablets'
 * check-ins, and verdicts a later revocation list changed). A card revoked already when it was
 * accepted raises an alert for the shelter's staff.
 */
import type { AlertRow, ShelterkeyDatabase } from '../db/database.ts';
import type { FinalVerdict } from '../protocol/api.ts';
import { acknowledgedValidations, alertIdOf } from './alert-acknowledgements.ts';

/** Stores the verdicts (in the caller's transaction when there is one) and adds their alerts. */
export async function keepVerdicts(db: ShelterkeyDatabase, verdicts: readonly FinalVerdict[]): Promise<void> {
  if (verdicts.length === 0) return;
  await db.transaction('rw', db.verdicts, db.alerts, db.events, async () => {
    const held = await db.verdicts.bulkGet(verdicts.map((v) => v.eventId));
    // The server only ever moves a verdict to revoked, so a revoked one held is final: an older
    // answer arriving late (or from a server process whose clock is behind) does not undo it.
    const newer = verdicts.filter((v, i) => held[i]?.status !== 'revoked' || v.status === 'revoked');
    await db.verdicts.bulkPut(newer);
    const raised = newer.filter((v) => v.revokedAtCheckIn);
    // Acknowledged already, here, on another tablet or by the coordinators: the alert comes closed.
    const acknowledged = await acknowledgedValidations(db, raised.map((v) => v.eventId));
    for (const v of raised) if (v.alertAcknowledgedAt !== undefined) acknowledged.add(v.eventId);
    const alerts: AlertRow[] = raised.map((v) => ({
      id: alertIdOf(v.eventId),
      eventId: v.eventId,
      kind: 'revoked_at_check_in',
      createdAt: v.checkedAt,
      acknowledged: acknowledged.has(v.eventId) ? 1 : 0,
    }));
    // An alert only ever closes: one seen before keeps its first time and stays acknowledged when
    // the verdict comes again, and an open one closes when the verdict comes back acknowledged.
    const seen = await db.alerts.bulkGet(alerts.map((a) => a.id));
    await db.alerts.bulkPut(alerts.map((a, i) => {
      const before = seen[i];
      return before ? { ...before, acknowledged: before.acknowledged || a.acknowledged } : a;
    }));
  });
}

