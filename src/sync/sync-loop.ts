/**
 * Keeps the device in sync on its own: runs when the network comes back, when something new is
 * recorded, and every few minutes; backs off with jitter after failures; stops and asks for a new
 * enrollment when the server no longer knows the device. Survives reloads because everything it
 * needs (outbox, cursor, enrollment) is in IndexedDB.
 */
import type { ShelterkeyDatabase } from '../db/database.ts';
import { readSetting } from '../db/settings.ts';
import { backoffDelayMs } from './backoff.ts';
import { RevocationUpdateError, SyncError, SyncUnauthorizedError } from './errors.ts';
import { pendingCount } from './outbox.ts';
import type { RevocationPackageSink } from './revocation-updates.ts';
import { SyncClient, type FetchFunction } from './sync-client.ts';
import { runSync, type SyncProgress } from './sync-engine.ts';

export type SyncStatus =
  | { state: 'not-enrolled'; pending: number }
  | { state: 'offline'; pending: number }
  | { state: 'syncing'; progress: SyncProgress }
  | { state: 'idle'; pending: number; lastSyncedAt: string | undefined }
  | { state: 'waiting'; pending: number; retryAt: string; error: SyncError }
  | { state: 'needs-enrollment'; pending: number };

export interface NetworkEnvironment {
  isOnline(): boolean;
  /** Calls back on online/offline changes; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
}

export const browserNetwork: NetworkEnvironment = {
  isOnline: () => navigator.onLine,
  onChange(listener) {
    addEventListener('online', listener);
    addEventListener('offline', listener);
    return () => {
      removeEventListener('online', listener);
      removeEventListener('offline', listener);
    };
  },
};

export interface SyncLoopOptions {
  db: ShelterkeyDatabase;
  network?: NetworkEnvironment;
  fetch?: FetchFunction;
  /** Between successful runs. */
  intervalMs?: number;
  random?: () => number;
  clock?: () => Date;
  batchSize?: number;
  /** Where revocation packages are verified and applied (the revocation worker on a page). */
  revocation?: RevocationPackageSink;
}

export class SyncLoop {
  private listeners = new Set<(status: SyncStatus) => void>();
  private current: SyncStatus = { state: 'idle', pending: 0, lastSyncedAt: undefined };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  private stopped = true;
  private unsubscribe: (() => void) | undefined;
  private abort: AbortController | undefined;

  constructor(private readonly options: SyncLoopOptions) {}

  get status(): SyncStatus {
    return this.current;
  }

  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.current);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = (this.options.network ?? browserNetwork).onChange(() => this.request());
    this.request();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.abort?.abort();
    if (this.timer) clearTimeout(this.timer);
  }

  /** Asks for a run soon (something was recorded, the user pressed "Sync now", the network returned). */
  request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.runOnce().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.request();
      }
    });
  }

  /** Resolves when the run in progress (if any) has finished. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private emit(status: SyncStatus): void {
    this.current = status;
    for (const listener of this.listeners) listener(status);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.request(), delayMs);
  }

  private async runOnce(): Promise<void> {
    const { db } = this.options;
    const pending = await pendingCount(db);
    const enrollment = await readSetting(db, 'enrollment');
    if (!enrollment) return this.emit({ state: 'not-enrolled', pending });
    if (this.current.state === 'needs-enrollment') return this.emit({ state: 'needs-enrollment', pending });
    if (!(this.options.network ?? browserNetwork).isOnline()) return this.emit({ state: 'offline', pending });

    const client = new SyncClient({ serverUrl: enrollment.serverUrl, token: enrollment.token, fetch: this.options.fetch });
    this.abort = new AbortController();
    try {
      const report = await runSync(db, client, {
        clock: this.options.clock,
        batchSize: this.options.batchSize,
        revocation: this.options.revocation,
        signal: this.abort.signal,
        onProgress: (progress) => this.emit({ state: 'syncing', progress }),
      });
      this.failures = 0;
      this.emit({ state: 'idle', pending: await pendingCount(db), lastSyncedAt: report.finishedAt });
      this.schedule(this.options.intervalMs ?? 5 * 60_000);
    } catch (error) {
      if (this.stopped) return;
      const remaining = await pendingCount(db);
      if (error instanceof SyncUnauthorizedError) return this.emit({ state: 'needs-enrollment', pending: remaining });
      // Packages signed by another key than the pinned one: only a new enrollment pins the server's key again.
      if (error instanceof RevocationUpdateError && !error.retryable) return this.emit({ state: 'needs-enrollment', pending: remaining });
      if (!(error instanceof SyncError)) throw error;
      this.failures += 1;
      const delay = error.retryable ? backoffDelayMs(this.failures, this.options.random) : 15 * 60_000;
      const now = (this.options.clock ?? (() => new Date()))();
      this.emit({ state: 'waiting', pending: remaining, retryAt: new Date(now.getTime() + delay).toISOString(), error });
      this.schedule(delay);
    }
  }

  /** After a new enrollment: forget the refusal and sync at once. */
  reenrolled(): void {
    this.failures = 0;
    this.current = { state: 'idle', pending: 0, lastSyncedAt: undefined };
    this.request();
  }
}
