/**
 * A hash-chained operation log. Each entry's hash covers its fields and the previous entry's
 * hash, and the newest (seq, hash) is kept in server_meta in the same transaction: editing an
 * entry, deleting one, or cutting entries off the end all break the chain that `verify` walks.
 * (Whoever can rewrite the whole table and the head together is beyond what a chain can show;
 * export the head elsewhere for that.)
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditLogTable, ServerDatabase } from '../storage/schema.ts';

export interface AuditEntry {
  /** Who: "admin", "device:<id>", "rp:<id>", "cli". Never a person's name. */
  actor: string;
  action: string;
  objectId?: string;
  result: 'ok' | 'refused' | 'failed' | string;
}

export type AuditProblem = { seq: number; kind: 'edited' | 'missing' | 'out-of-order' | 'head-mismatch' };

export interface AuditVerification {
  ok: boolean;
  entries: number;
  problem?: AuditProblem;
}

const HEAD_KEY = 'audit-head';
const GENESIS = '0'.repeat(64);

export function entryHash(row: Omit<AuditLogTable, 'hash'>): string {
  const canonical = JSON.stringify([row.seq, row.at, row.actor, row.action, row.object_id, row.result, row.prev_hash]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

function parseHead(value: string | undefined): { seq: number; hash: string } {
  if (!value) return { seq: 0, hash: GENESIS };
  const [seq, hash] = value.split(':');
  return { seq: Number(seq), hash: hash ?? GENESIS };
}

export class AuditLog {
  constructor(
    private readonly db: Kysely<ServerDatabase>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // Claiming the head row first serializes appends across server processes.
      await trx.insertInto('server_meta').values({ key: HEAD_KEY, value: `0:${GENESIS}` }).onConflict((oc) => oc.column('key').doNothing()).execute();
      const locked = await trx
        .updateTable('server_meta')
        .set((eb) => ({ value: eb.ref('value') }))
        .where('key', '=', HEAD_KEY)
        .returning('value')
        .executeTakeFirstOrThrow();
      const head = parseHead(locked.value);
      const row = {
        seq: head.seq + 1,
        at: this.now().toISOString(),
        actor: entry.actor,
        action: entry.action,
        object_id: entry.objectId ?? null,
        result: entry.result,
        prev_hash: head.hash,
      };
      const hash = entryHash(row);
      await trx.insertInto('audit_log').values({ ...row, hash }).execute();
      await trx.updateTable('server_meta').set({ value: `${row.seq}:${hash}` }).where('key', '=', HEAD_KEY).execute();
    });
  }

  /** Walks the whole chain in order; the first break is reported. */
  async verify(): Promise<AuditVerification> {
    const rows = await this.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let previous = GENESIS;
    let expectedSeq = 1;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) return { ok: false, entries: rows.length, problem: { seq: expectedSeq, kind: seq > expectedSeq ? 'missing' : 'out-of-order' } };
      if (row.prev_hash !== previous) return { ok: false, entries: rows.length, problem: { seq, kind: 'missing' } };
      if (entryHash({ ...row, seq }) !== row.hash) return { ok: false, entries: rows.length, problem: { seq, kind: 'edited' } };
      previous = row.hash;
      expectedSeq++;
    }
    const stored = await this.db.selectFrom('server_meta').select('value').where('key', '=', HEAD_KEY).executeTakeFirst();
    const head = parseHead(stored?.value);
    if (head.seq !== rows.length || head.hash !== previous) return { ok: false, entries: rows.length, problem: { seq: head.seq, kind: 'head-mismatch' } };
    return { ok: true, entries: rows.length };
  }
}
