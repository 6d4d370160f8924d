/**
 * Exponential backoff with full jitter: after the n-th failure in a row, wait a random time up to
 * base × 2^(n-1), capped. Jitter keeps a hall of tablets from retrying in lockstep when the
 * network comes back.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 5 * 60_000 };

export function backoffDelayMs(failures: number, random: () => number = Math.random, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (failures < 1) return 0;
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(failures - 1, 30));
  // Never zero: at least a tenth of the ceiling.
  return Math.round(ceiling * (0.1 + 0.9 * random()));
}
