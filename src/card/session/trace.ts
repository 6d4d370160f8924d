/**
 * The APDU trace: one line per command (`> hex`) and per response (`< hex`). Secrets and personal
 * data never reach it: the data field of VERIFY (PIN, 照合番号B) and the response data read from
 * EFs the card layout marks personal are shown as `**` per byte, so lengths and status words
 * stay visible for debugging.
 */
import { bytesToHex } from '../../protocol/encoding.ts';

export interface TraceEntry {
  direction: 'command' | 'response';
  bytes: Uint8Array;
  /** Byte range [start, end) replaced by `**` in the printed line. */
  redacted?: { start: number; end: number };
}

export type TraceSink = (entry: TraceEntry) => void;

export function formatTraceLine(entry: TraceEntry): string {
  const prefix = entry.direction === 'command' ? '>' : '<';
  const { bytes, redacted } = entry;
  if (!redacted || redacted.end <= redacted.start) return `${prefix} ${bytesToHex(bytes)}`;
  const hidden = '**'.repeat(redacted.end - redacted.start);
  return `${prefix} ${bytesToHex(bytes.subarray(0, redacted.start))}${hidden}${bytesToHex(bytes.subarray(redacted.end))}`;
}
