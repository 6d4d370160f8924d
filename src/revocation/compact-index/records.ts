/**
 * The record layout of the compact revocation index, shared by building, lookup and the binary
 * format. A shard holds fixed-width records sorted by key, so a lookup is one binary search:
 *
 *   offset 0        serial length L (content bytes of the DER INTEGER, 1..32)
 *   1 .. W          serial content, right-aligned, zero-padded on the left to the shard width W
 *   W+1 .. W+4      revocation date, seconds since 1970 (uint32, big-endian)
 *   W+5             reason code (RFC 5280 §5.3.1), 0xFF when the entry has none
 *   W+6 .. W+9      invalidity date, seconds since 1970, 0 when the entry has none
 *
 * The key is bytes 0..W: ordering by it orders by serial length, then by value, so the DER
 * content bytes (minimal two's complement) identify a serial exactly, negative ones included.
 * A serial's shard is FNV-1a (32-bit) of its content bytes, masked to the shard count.
 */

export const RECORD_OVERHEAD = 10;

export const recordSize = (width: number): number => width + RECORD_OVERHEAD;

/** FNV-1a, 32-bit: spreads sequential and random serials alike over the shards. */
export function serialHash(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/** Seconds since the epoch as stored (uint32), or -1 when out of range. */
export function toStoredSeconds(ms: number): number {
  const seconds = Math.floor(ms / 1000);
  return seconds >= 0 && seconds <= 0xffffffff ? seconds : -1;
}

/**
 * Compares the key of the record at `offset` in `records` (width `width`) with a serial's
 * content bytes: negative when the record sorts first, 0 when equal.
 */
export function compareRecordToSerial(records: Uint8Array, offset: number, width: number, serial: Uint8Array): number {
  const length = records[offset];
  if (length !== serial.length) return length - serial.length;
  const start = offset + 1 + width - length;
  for (let i = 0; i < length; i++) {
    const d = records[start + i] - serial[i];
    if (d !== 0) return d;
  }
  return 0;
}

/** Compares the keys of two records of the same width. */
export function compareRecords(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number, width: number): number {
  for (let i = 0; i <= width; i++) {
    const d = a[aOffset + i] - b[bOffset + i];
    if (d !== 0) return d;
  }
  return 0;
}

export interface StoredEntry {
  revokedAt: Date;
  /** Reason code, or undefined when the entry has none. */
  reasonCode: number | undefined;
  invalidityDate: Date | undefined;
}

export function readRecord(records: Uint8Array, offset: number, width: number): StoredEntry {
  const view = new DataView(records.buffer, records.byteOffset + offset + width + 1, 9);
  const reason = view.getUint8(4);
  const invalidity = view.getUint32(5);
  return {
    revokedAt: new Date(view.getUint32(0) * 1000),
    reasonCode: reason === 0xff ? undefined : reason,
    invalidityDate: invalidity === 0 ? undefined : new Date(invalidity * 1000),
  };
}
