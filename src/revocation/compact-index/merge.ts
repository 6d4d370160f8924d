/**
 * Applying a delta CRL (RFC 5280 §5.2.4, §5.3.1) to an index: entries of the delta replace or
 * add to those of the index (a certificateHold may become keyCompromise), and removeFromCRL
 * entries take a serial out (a hold released). Shard by shard, two sorted lists merged.
 */
import { DeltaCrlMismatchError } from '../errors.ts';
import { REMOVE_FROM_CRL } from '../reasons.ts';
import type { RevocationIndex, Shard } from './model.ts';
import { compareRecords, recordSize, serialHash } from './records.ts';

export interface DeltaCrlInfo {
  crlNumber: bigint | undefined;
  deltaBaseCrlNumber: bigint;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
}

/** Compares keys of records with possibly different widths: by serial length, then value. */
export function compareKeys(a: Uint8Array, ao: number, aw: number, b: Uint8Array, bo: number, bw: number): number {
  const length = a[ao];
  if (length !== b[bo]) return length - b[bo];
  const as = ao + 1 + aw - length;
  const bs = bo + 1 + bw - length;
  for (let i = 0; i < length; i++) {
    const d = a[as + i] - b[bs + i];
    if (d !== 0) return d;
  }
  return 0;
}

/** Copies a record into a wider layout (serial stays right-aligned). */
export function copyRecord(from: Uint8Array, fo: number, fw: number, to: Uint8Array, too: number, tw: number): void {
  to.fill(0, too, too + tw + 1);
  to[too] = from[fo];
  to.set(from.subarray(fo + 1, fo + 1 + fw), too + 1 + tw - fw);
  to.set(from.subarray(fo + 1 + fw, fo + recordSize(fw)), too + 1 + tw);
}

function mergeShard(base: Shard, delta: Shard): Shard {
  if (delta.count === 0) return base;
  const width = Math.max(base.width, delta.width);
  const size = recordSize(width);
  const out = new Uint8Array((base.count + delta.count) * size);
  const bs = recordSize(base.width);
  const ds = recordSize(delta.width);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < base.count || j < delta.count) {
    const c =
      i >= base.count ? 1 : j >= delta.count ? -1 : compareKeys(base.records, i * bs, base.width, delta.records, j * ds, delta.width);
    if (c < 0) {
      copyRecord(base.records, i++ * bs, base.width, out, n++ * size, width);
      continue;
    }
    if (c === 0) i++;
    const removes = delta.records[j * ds + delta.width + 5] === REMOVE_FROM_CRL;
    if (!removes) copyRecord(delta.records, j * ds, delta.width, out, n++ * size, width);
    j++;
  }
  return { index: base.index, width, count: n, records: out.slice(0, n * size) };
}

/**
 * The delta's records regrouped into `bits` shards (a delta is built before its issuer, and so
 * the layout of the index it applies to, is known).
 */
function regroup(shards: readonly Shard[], bits: number): Shard[] {
  const width = Math.max(1, ...shards.map((s) => s.width));
  const size = recordSize(width);
  const buckets: Uint8Array[][] = Array.from({ length: 2 ** bits }, () => []);
  for (const shard of shards) {
    const from = recordSize(shard.width);
    for (let i = 0; i < shard.count; i++) {
      const record = new Uint8Array(size);
      copyRecord(shard.records, i * from, shard.width, record, 0, width);
      const length = record[0];
      buckets[serialHash(record, 1 + width - length, 1 + width) & (2 ** bits - 1)].push(record);
    }
  }
  return buckets.map((records, index) => {
    records.sort((a, b) => compareRecords(a, 0, b, 0, width));
    const out = new Uint8Array(records.length * size);
    records.forEach((r, i) => out.set(r, i * size));
    return { index, width, count: records.length, records: out };
  });
}

/** A new index: `index` with the delta CRL's shards (any layout) applied. */
export function applyDelta(index: RevocationIndex, deltaShards: readonly Shard[], delta: DeltaCrlInfo): RevocationIndex {
  const { manifest } = index;
  if (manifest.crlNumber === undefined || manifest.baseCrlNumber === undefined) {
    throw new DeltaCrlMismatchError('the stored list has no CRL number');
  }
  if (delta.crlNumber === undefined) throw new DeltaCrlMismatchError('the delta list has no CRL number');
  if (manifest.baseCrlNumber < delta.deltaBaseCrlNumber) {
    throw new DeltaCrlMismatchError(`it needs complete list number ${delta.deltaBaseCrlNumber} or newer; the stored one is ${manifest.baseCrlNumber}`);
  }
  if (delta.crlNumber <= manifest.crlNumber) {
    throw new DeltaCrlMismatchError(`its number ${delta.crlNumber} is not newer than the stored ${manifest.crlNumber}`);
  }
  const grouped = regroup(deltaShards, manifest.shardBits);
  const shards = index.shards.map((shard, i) => mergeShard(shard, grouped[i]));
  const entryCount = shards.reduce((sum, s) => sum + s.count, 0);
  return {
    manifest: {
      ...manifest,
      crlNumber: delta.crlNumber,
      thisUpdate: delta.thisUpdate,
      nextUpdate: delta.nextUpdate,
      entryCount,
      shards: shards.map((s) => ({ count: s.count, width: s.width })),
    },
    shards,
  };
}
