import type { Kysely, Transaction } from 'kysely';
import type { LocalizedText } from '../../src/protocol/user-facing-error.ts';
import type { LocalVerdict } from '../../src/protocol/events.ts';
import type { ServerDatabase } from './schema.ts';

/** The server's final verdict on one card validation event. */
export interface VerdictRecord {
  eventId: string;
  status: LocalVerdict['status'];
  reason: string | undefined;
  meaning: LocalizedText | undefined;
  revokedAt: string | undefined;
  changed: boolean;
  revokedAtCheckIn: boolean;
  checkedAt: string;
  /** Which certificate: the CA's key id and the serial (hex), when the certificate could be read. */
  issuerKeyId?: string | undefined;
  serial?: string | undefined;
  /** When the alert this verdict raised was acknowledged; undefined while open or without one. */
  alertAcknowledgedAt?: string | undefined;
}

type VerdictRow = ServerDatabase['verdicts'];

/** A verdict row stored as change `changeSeq` of its shelter's feed. */
export function verdictRow(record: VerdictRecord, shelterId: string, changeSeq: number): VerdictRow {
  return {
    event_id: record.eventId,
    status: record.status,
    reason: record.reason ?? null,
    revoked_at: record.revokedAt ?? null,
    meaning_ja: record.meaning?.ja ?? null,
    meaning_en: record.meaning?.en ?? null,
    changed: record.changed ? 1 : 0,
    revoked_at_check_in: record.revokedAtCheckIn ? 1 : 0,
    checked_at: record.checkedAt,
    issuer_key_id: record.issuerKeyId ?? null,
    serial: record.serial ?? null,
    shelter_id: shelterId,
    change_seq: changeSeq,
  };
}

/**
 * The next verdict change number of a shelter. Writing the shelter row takes its lock (as the
 * event numbering does), so change numbers follow commit order across server processes.
 */
export async function nextVerdictChange(trx: Transaction<ServerDatabase>, shelterId: string): Promise<number> {
  const row = await trx
    .updateTable('shelters')
    .set((eb) => ({ verdict_seq: eb('verdict_seq', '+', 1) }))
    .where('id', '=', shelterId)
    .returning('verdict_seq')
    .executeTakeFirstOrThrow();
  return Number(row.verdict_seq);
}

function fromRow(row: VerdictRow & { alert_acknowledged_at?: string | null }): VerdictRecord {
  return {
    eventId: row.event_id,
    status: row.status as VerdictRecord['status'],
    reason: row.reason ?? undefined,
    meaning: row.meaning_ja !== null && row.meaning_en !== null ? { ja: row.meaning_ja, en: row.meaning_en } : undefined,
    revokedAt: row.revoked_at ?? undefined,
    changed: Number(row.changed) === 1,
    revokedAtCheckIn: Number(row.revoked_at_check_in) === 1,
    checkedAt: row.checked_at,
    issuerKeyId: row.issuer_key_id ?? undefined,
    serial: row.serial ?? undefined,
    alertAcknowledgedAt: row.alert_acknowledged_at ?? undefined,
  };
}

const LOOKUP_CHUNK = 500;

export class VerdictsRepository {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  async forEvents(eventIds: readonly string[]): Promise<VerdictRecord[]> {
    const records: VerdictRecord[] = [];
    for (let i = 0; i < eventIds.length; i += LOOKUP_CHUNK) {
      const rows = await this.db.selectFrom('verdicts').selectAll().where('event_id', 'in', eventIds.slice(i, i + LOOKUP_CHUNK)).execute();
      records.push(...rows.map(fromRow));
    }
    const order = new Map(eventIds.map((id, index) => [id, index]));
    return records.sort((a, b) => (order.get(a.eventId) ?? 0) - (order.get(b.eventId) ?? 0));
  }

  /** The shelter's verdicts stored or changed after change number `cursor`, in change order. */
  async changesSince(shelterId: string, cursor: number, limit: number): Promise<{ verdicts: VerdictRecord[]; cursor: number; hasMore: boolean }> {
    const rows = await this.db
      .selectFrom('verdicts')
      .leftJoin('alerts', 'alerts.event_id', 'verdicts.event_id')
      .selectAll('verdicts')
      .select('alerts.acknowledged_at as alert_acknowledged_at')
      .where('verdicts.shelter_id', '=', shelterId)
      .where('verdicts.change_seq', '>', cursor)
      .orderBy('verdicts.change_seq')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { verdicts: page.map(fromRow), cursor: last ? Number(last.change_seq) : cursor, hasMore: rows.length > limit };
  }
}
