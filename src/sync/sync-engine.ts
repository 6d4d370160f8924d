/**
 * One sync run: push the outbox oldest first in batches, mark events sent only after the server
 * acknowledged them, keep the server's final verdicts; then pull the other devices' events
 * (their acknowledgements close the alerts here) and the shelter's verdict changes (kept as a
 * push's verdicts are); then bring the revocation lists up to date (when a store for them is given and a publishing key is pinned). A 413 halves the
 * batch. Any other failure ends the run with a typed error; nothing is lost, and the next run
 * resumes where this one stopped.
 */
import type { ShelterkeyDatabase } from '../db/database.ts';
import { readSetting, writeSetting } from '../db/settings.ts';
import { MAX_PUSH_EVENTS } from '../protocol/api.ts';
import { keepAcknowledgements } from './alert-acknowledgements.ts';
import { BatchTooLargeError } from './errors.ts';
import { rowOf } from './event-recorder.ts';
import { localIsoTime } from './local-time.ts';
import { applyPushResult, oldestPending, pendingCount } from './outbox.ts';
import { keepVerdicts } from './verdicts.ts';
import { pullRevocationUpdates, type RevocationPackageSink, type RevocationProgress, type RevocationUpdateReport } from './revocation-updates.ts';
import type { SyncClient } from './sync-client.ts';

export interface SyncProgress {
  phase: 'push' | 'pull' | 'revocation';
  /** Events acknowledged by the server in this run. */
  sent: number;
  /** Events that were pending when the run started (plus any recorded meanwhile). */
  total: number;
  /** Events of other devices received in this run. */
  received: number;
  /** During the revocation phase: CA lists updated of those that need it, bytes of the current download. */
  revocation?: RevocationProgress;
}

export interface SyncReport {
  sent: number;
  received: number;
  conflicts: number;
  /** Final verdicts received from the shelter's verdict feed (the other tablets' and changed ones). */
  verdicts: number;
  /** Undefined when revocation lists were not looked at (no store given, or no key pinned). */
  revocation: RevocationUpdateReport | undefined;
  finishedAt: string;
}

export interface SyncEngineOptions {
  batchSize?: number;
  pullPageSize?: number;
  clock?: () => Date;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  /** The device's revocation store; without it the run handles events only. */
  revocation?: RevocationPackageSink;
}

export async function runSync(db: ShelterkeyDatabase, client: SyncClient, options: SyncEngineOptions = {}): Promise<SyncReport> {
  const clock = options.clock ?? (() => new Date());
  let batchSize = Math.min(options.batchSize ?? 500, MAX_PUSH_EVENTS);
  let sent = 0;
  let received = 0;
  let conflicts = 0;
  let verdicts = 0;
  let total = await pendingCount(db);
  const report = (phase: SyncProgress['phase']) => options.onProgress?.({ phase, sent, total: Math.max(total, sent), received });
  report('push');

  for (;;) {
    options.signal?.throwIfAborted();
    const batch = await oldestPending(db, batchSize);
    if (batch.length === 0) break;
    let result;
    try {
      const waiting = await pendingCount(db);
      result = await client.push({ events: batch, deviceTime: localIsoTime(clock()), pendingAfter: waiting - batch.length });
    } catch (error) {
      if (error instanceof BatchTooLargeError && batchSize > 1) {
        batchSize = Math.max(1, Math.floor(batch.length / 2));
        continue;
      }
      throw error;
    }
    await applyPushResult(db, batch, result.acknowledged, result.verdicts);
    sent += result.acknowledged.length;
    conflicts += batch.length - result.acknowledged.length;
    total = Math.max(total, sent + (await pendingCount(db)));
    report('push');
  }

  const pageSize = options.pullPageSize ?? 500;
  await pullPages(db, 'pullCursor', (cursor) => client.pull(cursor, pageSize), options.signal, async (page) => {
    await db.transaction('rw', db.events, db.alerts, db.settings, async () => {
      const known = new Set((await db.events.bulkGet(page.events.map((e) => e.event.id))).filter((row) => row !== undefined).map((row) => row.id));
      const fresh = page.events.filter((e) => !known.has(e.event.id)).map((e) => rowOf(e.event, 'remote', 0));
      await db.events.bulkAdd(fresh);
      await keepAcknowledgements(db, fresh.map((row) => row.event));
      await writeSetting(db, 'pullCursor', page.cursor);
    });
    received += page.events.length;
    report('pull');
  });

  await pullPages(db, 'verdictCursor', (cursor) => client.verdicts(cursor, pageSize), options.signal, async (page) => {
    await db.transaction('rw', db.verdicts, db.alerts, db.events, db.settings, async () => {
      await keepVerdicts(db, page.verdicts);
      await writeSetting(db, 'verdictCursor', page.cursor);
    });
    verdicts += page.verdicts.length;
    report('pull');
  });

  let revocation: RevocationUpdateReport | undefined;
  if (options.revocation && (await readSetting(db, 'publishingKey'))) {
    revocation = await pullRevocationUpdates(client, options.revocation, {
      signal: options.signal,
      onProgress: (progress) => options.onProgress?.({ phase: 'revocation', sent, total: Math.max(total, sent), received, revocation: progress }),
    });
  }

  const finishedAt = clock().toISOString();
  await writeSetting(db, 'lastSyncedAt', finishedAt);
  return { sent, received, conflicts, verdicts, revocation, finishedAt };
}

/** Pages through a server feed from the cursor kept in `setting`; `apply` keeps a page and its cursor together. */
async function pullPages<P extends { cursor: string; hasMore: boolean }>(
  db: ShelterkeyDatabase,
  setting: 'pullCursor' | 'verdictCursor',
  fetchPage: (cursor: string) => Promise<P>,
  signal: AbortSignal | undefined,
  apply: (page: P) => Promise<void>,
): Promise<void> {
  let cursor = (await readSetting(db, setting)) ?? '0';
  for (;;) {
    signal?.throwIfAborted();
    const page = await fetchPage(cursor);
    await apply(page);
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
}
