/**
 * Events as the server keeps them: each stored exactly once (the event id is the key), numbered
 * per shelter in commit order so that pulls by cursor never skip one, and projected into the
 * residents table for headcounts.
 */
import type { Kysely, Transaction } from 'kysely';
import type { ShelterEvent } from '../../src/protocol/events.ts';
import { acknowledgementOf, applyAcknowledgements, closeAcknowledged } from './alert-acknowledgements.ts';
import type { Presence, ServerDatabase } from './schema.ts';
import { verdictRow, type VerdictRecord } from './verdicts-repository.ts';

export interface IncomingEvent {
  event: ShelterEvent;
  /** occurredAt moved by the device's measured clock offset (ISO UTC). */
  correctedOccurredAt: string;
}

export interface StoredEvent extends IncomingEvent {
  shelterSeq: number;
}

export interface StoreResult {
  /** Every id the server now holds for this device: new ones and ones it already had. */
  acknowledged: string[];
  /** Events this call stored (not previously held). */
  stored: StoredEvent[];
  /** Ids already held for another shelter: not acknowledged. */
  conflicting: string[];
}

export interface EventAttachments {
  verdicts: VerdictRecord[];
  alerts: { id: string; event_id: string; kind: string; created_at: string }[];
}

export interface PulledEventRow {
  event: ShelterEvent;
  deviceId: string;
  receivedAt: string;
  shelterSeq: number;
}

// Both engines accept far more bound parameters than 11 columns x 200 rows.
const INSERT_CHUNK = 200;
const LOOKUP_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

const PRESENCE_BY_TYPE: Partial<Record<ShelterEvent['type'], Presence>> = {
  'resident.checked_in': 'checked_in',
  'resident.checked_out': 'checked_out',
  'resident.transferred': 'transferred',
};

function residentIdOf(event: ShelterEvent): string | null {
  return 'residentId' in event.payload && event.payload.residentId ? event.payload.residentId : null;
}

export class EventsRepository {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  /**
   * Stores the events this server does not hold yet. `attach` names the verdict and alert rows
   * that belong to the newly stored events; they commit together with them or not at all, and
   * so do the acknowledgements the events make.
   */
  async store(
    deviceId: string,
    shelterId: string,
    incoming: readonly IncomingEvent[],
    receivedAt: Date,
    attach: (stored: readonly StoredEvent[]) => EventAttachments = () => ({ verdicts: [], alerts: [] }),
  ): Promise<StoreResult> {
    const received = receivedAt.toISOString();
    return this.db.transaction().execute(async (trx) => {
      // Writing the shelter row first takes its lock (PostgreSQL row lock, SQLite write lock):
      // pushes to one shelter commit one after another, so shelter_seq follows commit order.
      const locked = await trx
        .updateTable('shelters')
        .set((eb) => ({ event_seq: eb('event_seq', '+', 0) }))
        .where('id', '=', shelterId)
        .returning(['event_seq', 'verdict_seq'])
        .executeTakeFirstOrThrow();

      const held = new Map<string, string>();
      for (const ids of chunks(incoming.map((i) => i.event.id), LOOKUP_CHUNK)) {
        const rows = await trx.selectFrom('events').select(['id', 'shelter_id']).where('id', 'in', ids).execute();
        for (const row of rows) held.set(row.id, row.shelter_id);
      }

      const acknowledged: string[] = [];
      const conflicting: string[] = [];
      const stored: StoredEvent[] = [];
      const seen = new Set<string>();
      let seq = locked.event_seq;
      for (const item of incoming) {
        const id = item.event.id;
        if (seen.has(id)) continue;
        seen.add(id);
        const holder = held.get(id);
        if (holder === undefined) {
          stored.push({ ...item, shelterSeq: ++seq });
          acknowledged.push(id);
        } else if (holder === shelterId) {
          // Held already, perhaps sent under the device's previous enrollment: ids are UUID v7,
          // so the same id is the same event.
          acknowledged.push(id);
        } else {
          conflicting.push(id);
        }
      }

      for (const part of chunks(stored, INSERT_CHUNK)) {
        await trx
          .insertInto('events')
          .values(
            part.map(({ event, correctedOccurredAt, shelterSeq }) => ({
              id: event.id,
              shelter_id: shelterId,
              shelter_seq: shelterSeq,
              device_id: deviceId,
              device_sequence: event.sequence,
              type: event.type,
              resident_id: residentIdOf(event),
              occurred_at: event.occurredAt,
              corrected_occurred_at: correctedOccurredAt,
              received_at: received,
              body: JSON.stringify(event),
            })),
          )
          .execute();
      }
      if (stored.length > 0) {
        const { verdicts, alerts } = attach(stored);
        const verdictSeq = Number(locked.verdict_seq);
        await trx.updateTable('shelters').set({ event_seq: seq, verdict_seq: verdictSeq + verdicts.length }).where('id', '=', shelterId).execute();
        await this.project(trx, shelterId, stored);
        const rows = verdicts.map((verdict, i) => verdictRow(verdict, shelterId, verdictSeq + i + 1));
        for (const part of chunks(rows, INSERT_CHUNK)) await trx.insertInto('verdicts').values(part).execute();
        for (const part of chunks(alerts, INSERT_CHUNK)) {
          await trx.insertInto('alerts').values(part.map((alert) => ({ ...alert, shelter_id: shelterId, acknowledged_at: null }))).execute();
        }
        await applyAcknowledgements(trx, shelterId, stored.flatMap(({ event, correctedOccurredAt }) => acknowledgementOf(event, correctedOccurredAt)));
        await closeAcknowledged(trx, shelterId, alerts.map((alert) => alert.event_id));
      }
      return { acknowledged, stored, conflicting };
    });
  }

  /** Updates residents' registration and presence; an older event never overwrites a newer one. */
  private async project(trx: Transaction<ServerDatabase>, shelterId: string, stored: readonly StoredEvent[]): Promise<void> {
    const relevant = stored.filter((s) => residentIdOf(s.event) !== null && (s.event.type === 'resident.registered' || PRESENCE_BY_TYPE[s.event.type]));
    if (relevant.length === 0) return;
    const ids = [...new Set(relevant.map((s) => residentIdOf(s.event) as string))];
    const state = new Map<string, ServerDatabase['residents']>();
    for (const part of chunks(ids, LOOKUP_CHUNK)) {
      const rows = await trx.selectFrom('residents').selectAll().where('id', 'in', part).execute();
      for (const row of rows) state.set(row.id, row);
    }
    for (const { event, correctedOccurredAt: at } of relevant) {
      const id = residentIdOf(event) as string;
      const row = state.get(id) ?? { id, shelter_id: shelterId, registered_at: null, presence: 'unknown', presence_at: null, presence_event_id: null };
      if (row.shelter_id !== shelterId) continue;
      if (event.type === 'resident.registered') {
        if (row.registered_at === null || at < row.registered_at) row.registered_at = at;
      } else {
        const presence = PRESENCE_BY_TYPE[event.type];
        const newer = row.presence_at === null || at > row.presence_at || (at === row.presence_at && event.id > (row.presence_event_id ?? ''));
        if (presence && newer) {
          row.presence = presence;
          row.presence_at = at;
          row.presence_event_id = event.id;
        }
      }
      state.set(id, row);
    }
    const rows = ids
      .map((id) => state.get(id))
      .filter((row): row is ServerDatabase['residents'] => row !== undefined && row.shelter_id === shelterId);
    for (const part of chunks(rows, INSERT_CHUNK)) {
      await trx
        .insertInto('residents')
        .values(part)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            registered_at: eb.ref('excluded.registered_at'),
            presence: eb.ref('excluded.presence'),
            presence_at: eb.ref('excluded.presence_at'),
            presence_event_id: eb.ref('excluded.presence_event_id'),
          })),
        )
        .execute();
    }
  }

  /** Events of the shelter after `cursor` (a shelter_seq), other than `excludeDeviceId`'s own. */
  async pull(shelterId: string, excludeDeviceId: string, cursor: number, limit: number): Promise<{ rows: PulledEventRow[]; hasMore: boolean }> {
    const rows = await this.db
      .selectFrom('events')
      .select(['body', 'device_id', 'received_at', 'shelter_seq'])
      .where('shelter_id', '=', shelterId)
      .where('shelter_seq', '>', cursor)
      .where('device_id', '!=', excludeDeviceId)
      .orderBy('shelter_seq')
      .limit(limit + 1)
      .execute();
    return {
      rows: rows.slice(0, limit).map((row) => ({
        event: JSON.parse(row.body) as ShelterEvent,
        deviceId: row.device_id,
        receivedAt: row.received_at,
        shelterSeq: Number(row.shelter_seq),
      })),
      hasMore: rows.length > limit,
    };
  }

  /** Every event id held for a shelter (tests and audits). */
  async idsForShelter(shelterId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('events').select('id').where('shelter_id', '=', shelterId).orderBy('shelter_seq').execute();
    return rows.map((r) => r.id);
  }
}
