/**
 * Alerts acknowledged by a tablet's `alert.acknowledged` event. The event is kept like every
 * other, so one that arrives before its alert exists (a later list shows the card was revoked
 * already at check-in) still counts: each new alert looks for it. Never crosses shelters, and
 * acknowledging twice keeps the first time.
 */
import type { Kysely } from 'kysely';
import type { ShelterEvent } from '../../src/protocol/events.ts';
import type { ServerDatabase } from './schema.ts';

export interface Acknowledgement {
  validationEventId: string;
  /** When staff acknowledged it (device clock corrected by its measured offset, ISO UTC). */
  at: string;
}

const ACKNOWLEDGED = 'alert.acknowledged';

export function acknowledgementOf(event: ShelterEvent, correctedOccurredAt: string): Acknowledgement[] {
  return event.type === ACKNOWLEDGED ? [{ validationEventId: event.payload.validationEventId, at: correctedOccurredAt }] : [];
}

/** The acknowledgements the shelter's events hold for these validations. */
export async function heldAcknowledgements(db: Kysely<ServerDatabase>, shelterId: string, validationEventIds: readonly string[]): Promise<Acknowledgement[]> {
  if (validationEventIds.length === 0) return [];
  const wanted = new Set(validationEventIds);
  // Acknowledgements are few (one per alert), so the shelter's are read (index
  // events_by_shelter_type) and matched here.
  const rows = await db
    .selectFrom('events')
    .select(['body', 'corrected_occurred_at'])
    .where('shelter_id', '=', shelterId)
    .where('type', '=', ACKNOWLEDGED)
    .execute();
  return rows
    .flatMap((row) => acknowledgementOf(JSON.parse(row.body) as ShelterEvent, row.corrected_occurred_at))
    .filter((ack) => wanted.has(ack.validationEventId));
}

/** Closes the shelter's open alerts these acknowledgements are about. */
export async function applyAcknowledgements(db: Kysely<ServerDatabase>, shelterId: string, acknowledgements: readonly Acknowledgement[]): Promise<void> {
  for (const ack of acknowledgements) {
    await db
      .updateTable('alerts')
      .set({ acknowledged_at: ack.at })
      .where('shelter_id', '=', shelterId)
      .where('event_id', '=', ack.validationEventId)
      .where('acknowledged_at', 'is', null)
      .execute();
  }
}

/** After new alerts were stored: the ones already acknowledged by an event held are closed. */
export async function closeAcknowledged(db: Kysely<ServerDatabase>, shelterId: string, validationEventIds: readonly string[]): Promise<void> {
  await applyAcknowledgements(db, shelterId, await heldAcknowledgements(db, shelterId, validationEventIds));
}
