import type { Kysely } from 'kysely';
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
}

type VerdictRow = ServerDatabase['verdicts'];

export function verdictRow(record: VerdictRecord): VerdictRow {
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
  };
}

function fromRow(row: VerdictRow): VerdictRecord {
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
}
