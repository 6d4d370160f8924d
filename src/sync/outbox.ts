/** The device's outbox: local events the server has not acknowledged yet, oldest first. */
import { Dexie } from 'dexie';
import type { EventRow, ShelterkeyDatabase } from '../db/database.ts';
import type { FinalVerdict } from '../protocol/api.ts';
import type { ShelterEvent } from '../protocol/events.ts';
import { keepVerdicts } from './verdicts.ts';

const pendingRange = (db: ShelterkeyDatabase) =>
  db.events.where('[syncState+sequence]').between(['pending', Dexie.minKey], ['pending', Dexie.maxKey]);

export function pendingCount(db: ShelterkeyDatabase): Promise<number> {
  return pendingRange(db).count();
}

export async function oldestPending(db: ShelterkeyDatabase, limit: number): Promise<ShelterEvent[]> {
  const rows = await pendingRange(db).limit(limit).toArray();
  return rows.map((row) => row.event);
}

/**
 * After the server answered: acknowledged events become `sent`, events of the batch it holds
 * for another device become `conflict`, and final verdicts and alerts are kept. One transaction.
 */
export async function applyPushResult(
  db: ShelterkeyDatabase,
  batch: readonly ShelterEvent[],
  acknowledged: readonly string[],
  verdicts: readonly FinalVerdict[],
): Promise<void> {
  const acked = new Set(acknowledged);
  await db.transaction('rw', db.events, db.verdicts, db.alerts, async () => {
    const rows = (await db.events.bulkGet(batch.map((e) => e.id))).filter((row): row is EventRow => row !== undefined);
    await db.events.bulkPut(rows.map((row) => ({ ...row, syncState: acked.has(row.id) ? 'sent' : 'conflict' })));
    await keepVerdicts(db, verdicts);
  });
}
