import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../src/sync/backoff.ts';
import { localIsoTime } from '../../src/sync/local-time.ts';

describe('backoffDelayMs', () => {
  it('does not wait before the first failure', () => {
    expect(backoffDelayMs(0)).toBe(0);
  });

  it('doubles the ceiling with each failure up to the cap', () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, top))).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
    expect(backoffDelayMs(20, top)).toBe(300_000);
    expect(backoffDelayMs(10_000, top)).toBe(300_000);
  });

  it('spreads retries between a tenth of the ceiling and the ceiling', () => {
    expect(backoffDelayMs(3, () => 0)).toBe(800);
    const delays = Array.from({ length: 200 }, () => backoffDelayMs(3));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(800);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8_000);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });
});

describe('localIsoTime', () => {
  it('writes the device clock with its UTC offset, naming the same instant', () => {
    const at = new Date('2026-11-22T09:04:05.123Z');
    const text = localIsoTime(at);
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
    expect(Date.parse(text)).toBe(at.getTime());
  });
});
