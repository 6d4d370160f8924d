/**
 * Device clocks at shelters drift or were never set. The device sends its clock with each push;
 * the difference to the server clock, assumed constant since the events were made, moves their
 * times back to real time for re-checks and ordering. The device's own value stays in the event.
 */

/** Offsets under this are treated as network delay, not a wrong clock. */
export const CLOCK_TOLERANCE_MS = 2 * 60_000;

export function clockOffsetMs(deviceTime: string | undefined, serverTime: Date): number {
  if (deviceTime === undefined) return 0;
  const offset = serverTime.getTime() - Date.parse(deviceTime);
  return Math.abs(offset) < CLOCK_TOLERANCE_MS || !Number.isFinite(offset) ? 0 : offset;
}

/** occurredAt moved by the offset, never later than the moment the server received it. */
export function correctedTime(occurredAt: string, offsetMs: number, receivedAt: Date): string {
  const corrected = Math.min(Date.parse(occurredAt) + offsetMs, receivedAt.getTime());
  return new Date(corrected).toISOString();
}
