/**
 * Builds the compact index while a CRL streams: each entry goes to its shard's staging buffer
 * (variable-length records, no object per entry); `finish` lays every shard out in fixed-width
 * sorted records, one shard at a time, so peak memory is the staged entries plus one shard.
 */
import type { CrlEntrySink } from '../crl-entry.ts';
import { CrlUnsupportedError } from '../errors.ts';
import { REMOVE_FROM_CRL } from '../reasons.ts';
import { shardBitsFor, type Shard } from './model.ts';
import { compareRecords, recordSize, serialHash, toStoredSeconds } from './records.ts';

/** Staged record: length byte, serial, revocation u32, reason u8, invalidity u32. */
const STAGED_OVERHEAD = 10;

class Staging {
  bytes: Uint8Array;
  used = 0;
  count = 0;
  maxLength = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }

  reserve(n: number): number {
    if (this.used + n > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.used + n, Math.ceil(this.bytes.length * 1.5) + 64));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    const at = this.used;
    this.used += n;
    return at;
  }
}

export interface BuiltShards {
  shardBits: number;
  shards: Shard[];
  entryCount: number;
  /** Entries dropped: duplicates of a serial, removeFromCRL entries of a complete CRL. */
  dropped: number;
}

export class IndexBuilder implements CrlEntrySink {
  readonly shardBits: number;
  private readonly mask: number;
  private staging: Staging[];
  private staged = 0;

  /** `expectedBytes`: the CRL's size, to size shards and staging (about 36 bytes an entry). */
  constructor(expectedBytes: number, shardBits?: number) {
    const expectedEntries = Math.ceil(expectedBytes / 36);
    this.shardBits = shardBits ?? shardBitsFor(expectedEntries);
    const count = 2 ** this.shardBits;
    this.mask = count - 1;
    const perShard = Math.ceil((expectedEntries / count) * 1.1) * 24 + 64;
    this.staging = Array.from({ length: count }, () => new Staging(Math.min(perShard, 1 << 24)));
  }

  get entryCount(): number {
    return this.staged;
  }

  entry(bytes: Uint8Array, serialStart: number, serialEnd: number, revokedAt: number, reason: number, invalidityDate: number): void {
    const revoked = toStoredSeconds(revokedAt);
    if (revoked < 0) throw new CrlUnsupportedError(`revocation date ${new Date(revokedAt).toISOString()} outside 1970-2106`);
    const invalidity = Number.isNaN(invalidityDate) ? 0 : Math.max(0, toStoredSeconds(invalidityDate));
    const staging = this.staging[serialHash(bytes, serialStart, serialEnd) & this.mask] as Staging;
    const n = serialEnd - serialStart;
    const at = staging.reserve(n + STAGED_OVERHEAD);
    const b = staging.bytes;
    b[at] = n;
    for (let i = 0; i < n; i++) b[at + 1 + i] = bytes[serialStart + i];
    const p = at + 1 + n;
    b[p] = revoked >>> 24;
    b[p + 1] = (revoked >>> 16) & 0xff;
    b[p + 2] = (revoked >>> 8) & 0xff;
    b[p + 3] = revoked & 0xff;
    b[p + 4] = reason;
    b[p + 5] = invalidity >>> 24;
    b[p + 6] = (invalidity >>> 16) & 0xff;
    b[p + 7] = (invalidity >>> 8) & 0xff;
    b[p + 8] = invalidity & 0xff;
    staging.count++;
    if (n > staging.maxLength) staging.maxLength = n;
    this.staged++;
  }

  /**
   * Lays out the shards. A complete CRL drops removeFromCRL entries (RFC 5280 §5.3.1: for delta
   * CRLs only); a delta keeps them, as they are what the merge removes.
   */
  finish(complete: boolean): BuiltShards {
    const shards: Shard[] = [];
    let entryCount = 0;
    let dropped = 0;
    for (let index = 0; index < this.staging.length; index++) {
      const staging = this.staging[index] as Staging;
      this.staging[index] = new Staging(0);
      const shard = layOut(index, staging, complete);
      dropped += staging.count - shard.count;
      entryCount += shard.count;
      shards.push(shard);
    }
    this.staging = [];
    return { shardBits: this.shardBits, shards, entryCount, dropped };
  }
}

function layOut(index: number, staging: Staging, complete: boolean): Shard {
  const width = Math.max(1, staging.maxLength);
  const size = recordSize(width);
  let out = new Uint8Array(staging.count * size);
  const src = staging.bytes;
  let sorted = true;
  let repeats = false;
  let removals = false;
  for (let i = 0, p = 0, o = 0; i < staging.count; i++, o += size) {
    const n = src[p];
    // Key: length byte, serial right-aligned (the buffer is zeroed); then the 9 value bytes.
    out[o] = n;
    const serialAt = o + 1 + width - n;
    for (let k = 0; k < n; k++) out[serialAt + k] = src[p + 1 + k];
    const q = p + 1 + n;
    for (let k = 0; k < 9; k++) out[o + width + 1 + k] = src[q + k];
    if (src[q + 4] === REMOVE_FROM_CRL) removals = true;
    if (i > 0 && sorted) {
      const c = compareRecords(out, o - size, out, o, width);
      if (c > 0) sorted = false;
      else if (c === 0) repeats = true;
    }
    p = q + 9;
  }
  // CRLs made by OpenSSL (and most CAs) list serials in order: then there is nothing more to do.
  if (sorted && !repeats && !(complete && removals)) return { index, width, count: staging.count, records: out };
  if (!sorted) {
    const order = new Uint32Array(staging.count);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const unsorted = out;
    order.sort((a, b) => compareRecords(unsorted, a * size, unsorted, b * size, width) || a - b);
    out = new Uint8Array(unsorted.length);
    for (let i = 0; i < order.length; i++) out.set(unsorted.subarray(order[i] * size, order[i] * size + size), i * size);
  }
  // Compact in place: one record per serial (the earliest revocation), no removeFromCRL in a complete CRL.
  let count = 0;
  for (let i = 0; i < staging.count; i++) {
    const from = i * size;
    if (complete && out[from + width + 5] === REMOVE_FROM_CRL) continue;
    const previous = (count - 1) * size;
    if (count > 0 && compareRecords(out, previous, out, from, width) === 0) {
      if (readSeconds(out, from + width + 1) < readSeconds(out, previous + width + 1)) out.copyWithin(previous, from, from + size);
      continue;
    }
    if (count * size !== from) out.copyWithin(count * size, from, from + size);
    count++;
  }
  return { index, width, count, records: count === staging.count ? out : out.slice(0, count * size) };
}

function readSeconds(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}
