/**
 * The counter's idle timer: after `timeoutMs` without the resident doing anything it expires
 * (the screen clears itself); `remainingMs` lets the screen count down the last seconds. The
 * clock is injected, so tests move time instead of waiting.
 */

export interface IdleClock {
  now(): number;
  /** Calls `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void;
}

export const systemIdleClock: IdleClock = {
  now: () => Date.now(),
  every(ms, tick) {
    const handle = setInterval(tick, ms);
    return () => clearInterval(handle);
  },
};

/** How long a resident may leave the counter untouched (the issue: 60 s). */
export const COUNTER_IDLE_MS = 60_000;
/** The countdown shows in the last seconds, or the last half of a shortened timeout. */
const WARNING_MS = 15_000;
const TICK_MS = 250;

export class IdleTimer {
  /** Time left while running; undefined when stopped. */
  remainingMs = $state<number | undefined>(undefined);
  private deadline = 0;
  private stopTicking: (() => void) | undefined;

  constructor(
    readonly timeoutMs: number,
    private readonly onExpire: () => void,
    private readonly clock: IdleClock = systemIdleClock,
  ) {}

  get warningMs(): number {
    return Math.min(WARNING_MS, this.timeoutMs / 2);
  }

  /** The countdown is showing. */
  get warning(): boolean {
    return this.remainingMs !== undefined && this.remainingMs <= this.warningMs;
  }

  get running(): boolean {
    return this.stopTicking !== undefined;
  }

  /** Starts (or restarts) the full timeout. */
  start(): void {
    this.deadline = this.clock.now() + this.timeoutMs;
    this.remainingMs = this.timeoutMs;
    this.stopTicking ??= this.clock.every(TICK_MS, () => this.tick());
  }

  /** The resident did something: the full timeout again (only while running). */
  touch(): void {
    if (this.running) this.start();
  }

  stop(): void {
    this.stopTicking?.();
    this.stopTicking = undefined;
    this.remainingMs = undefined;
  }

  private tick(): void {
    const left = Math.max(0, this.deadline - this.clock.now());
    this.remainingMs = left;
    if (left > 0) return;
    this.stop();
    this.onExpire();
  }
}

/**
 * The idle timeout for this page: 60 s, or shorter when the address asks for it with
 * `?counterIdle=N` (3 ≤ N < 60 seconds; the end-to-end tests use it). It can never be longer.
 */
export function idleTimeoutFromUrl(url: URL): number {
  const asked = Number(url.searchParams.get('counterIdle'));
  return Number.isInteger(asked) && asked >= 3 && asked < COUNTER_IDLE_MS / 1000 ? asked * 1000 : COUNTER_IDLE_MS;
}
