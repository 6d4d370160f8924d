/**
 * Bounding a promise by a timeout and an AbortSignal, so that no reader operation can hang. The
 * bounded promise keeps running (a USB transfer cannot be withdrawn); its late outcome is
 * swallowed here and the caller decides what to do with the still-pending work.
 */
import { CardCancelledError } from '../card/errors.ts';

export interface Bounds {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** The error for an expired timeout. */
  onTimeout: () => Error;
}

export function withDeadline<T>(work: Promise<T>, bounds: Bounds): Promise<T> {
  work.catch(() => {});
  const { signal } = bounds;
  if (signal?.aborted) return Promise.reject(new CardCancelledError({ cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(bounds.onTimeout())), Math.max(0, bounds.timeoutMs));
    const onAbort = (): void => finish(() => reject(new CardCancelledError({ cause: signal?.reason })));
    let done = false;
    function finish(settle: () => void): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}

/** Resolves after `ms`, or rejects with CardCancelledError when `signal` aborts first. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return withDeadline(new Promise<never>(() => {}), { timeoutMs: ms, signal, onTimeout: () => new Error('pause over') }).catch((error: unknown) => {
    if (error instanceof CardCancelledError) throw error;
  });
}

/** Milliseconds left before `deadline` (a performance.now() time), never negative. */
export function remaining(deadline: number): number {
  return Math.max(0, deadline - performance.now());
}
