/**
 * Staff acknowledging an alert, shared with the shelter: the local flag and an
 * `alert.acknowledged` event in the outbox, written together, so it works offline and reaches
 * the server and the other tablets with the next sync. An acknowledgement pulled from another
 * tablet closes the alert here, and one held keeps a later copy of the alert closed.
 */
import type { ShelterkeyDatabase } from '../db/database.ts';
import type { ShelterEvent } from '../protocol/events.ts';
import type { EventRecorder } from './event-recorder.ts';

export function alertIdOf(validationEventId: string): string {
  return `revoked:${validationEventId}`;
}

function acknowledgedValidationOf(event: ShelterEvent): string[] {
  return event.type === 'alert.acknowledged' ? [event.payload.validationEventId] : [];
}

/** Staff have seen the alert and acted on it: it leaves the open list, here and on the shelter's other tablets. */
export async function acknowledgeAlert(db: ShelterkeyDatabase, recorder: EventRecorder, alertId: string): Promise<void> {
  await db.transaction('rw', db.alerts, db.events, db.settings, async () => {
    const alert = await db.alerts.get(alertId);
    if (!alert || alert.acknowledged === 1) return;
    await db.alerts.update(alertId, { acknowledged: 1 });
    await recorder.record('alert.acknowledged', { validationEventId: alert.eventId });
  });
}

/** Closes the alerts these events (pulled from the other tablets) acknowledge; in the caller's transaction. */
export async function keepAcknowledgements(db: ShelterkeyDatabase, events: readonly ShelterEvent[]): Promise<void> {
  for (const validationEventId of events.flatMap(acknowledgedValidationOf)) {
    await db.alerts.update(alertIdOf(validationEventId), { acknowledged: 1 });
  }
}

/** The validations among these that the events held acknowledge. */
export async function acknowledgedValidations(db: ShelterkeyDatabase, validationEventIds: readonly string[]): Promise<Set<string>> {
  if (validationEventIds.length === 0) return new Set();
  const wanted = new Set(validationEventIds);
  const rows = await db.events.where('type').equals('alert.acknowledged').toArray();
  return new Set(rows.flatMap((row) => acknowledgedValidationOf(row.event)).filter((id) => wanted.has(id)));
}
