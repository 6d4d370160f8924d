/**
 * The difference between two indexes of one issuer, as delta records that `applyDelta` (merge.ts)
 * turns the older into the newer: serials added or changed carry their new record, serials gone
 * carry removeFromCRL (RFC 5280 §5.3.1), as a delta CRL would list them. This is what the server
 * publishes to devices between two consecutive lists of a CA, so a device downloads what changed
 * (a few thousand records a day) instead of the whole list (millions).
 */
import { REMOVE_FROM_CRL } from '../reasons.ts';
import { compareKeys, copyRecord } from './merge.ts';
import type { RevocationIndex, Shard } from './model.ts';
import { recordSize } from './records.ts';

/** Offset of the reason byte in a record of width `width` (records.ts). */
const reasonAt = (width: number): number => width + 5;

function valuesEqual(a: Uint8Array, ao: number, aw: number, b: Uint8Array, bo: number, bw: number): boolean {
  for (let k = 0; k < 9; k++) if (a[ao + aw + 1 + k] !== b[bo + bw + 1 + k]) return false;
  return true;
}

function diffShard(from: Shard, to: Shard): Shard {
  const width = Math.max(from.width, to.width);
  const size = recordSize(width);
  const fs = recordSize(from.width);
  const ts = recordSize(to.width);
  const out = new Uint8Array((from.count + to.count) * size);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < from.count || j < to.count) {
    const c = i >= from.count ? 1 : j >= to.count ? -1 : compareKeys(from.records, i * fs, from.width, to.records, j * ts, to.width);
    if (c < 0) {
      // Listed before, not now: a hold released, or an entry dropped from the list.
      copyRecord(from.records, i++ * fs, from.width, out, n * size, width);
      out[n++ * size + reasonAt(width)] = REMOVE_FROM_CRL;
    } else if (c > 0) {
      copyRecord(to.records, j++ * ts, to.width, out, n++ * size, width);
    } else {
      if (!valuesEqual(from.records, i * fs, from.width, to.records, j * ts, to.width)) {
        copyRecord(to.records, j * ts, to.width, out, n++ * size, width);
      }
      i++;
      j++;
    }
  }
  return { index: to.index, width, count: n, records: out.slice(0, n * size) };
}

/**
 * Delta shards (in the layout of both indexes) from `from` to `to`, or undefined when the two
 * are laid out differently (another shard count): then only a whole snapshot describes `to`.
 */
export function diffIndexes(from: RevocationIndex, to: RevocationIndex): Shard[] | undefined {
  if (from.manifest.shardBits !== to.manifest.shardBits || from.shards.length !== to.shards.length) return undefined;
  return to.shards.map((shard, i) => diffShard(from.shards[i] as Shard, shard));
}
