/** Finding a serial in the compact index: pick the shard by hash, binary-search its records. */
import type { IndexManifest, Shard } from './model.ts';
import { CachingIndexReader, type RevocationIndexReader } from './store.ts';
import { compareRecordToSerial, readRecord, recordSize, serialHash, type StoredEntry } from './records.ts';

export function shardOf(manifest: Pick<IndexManifest, 'shardBits'>, serial: Uint8Array): number {
  return serialHash(serial) & (2 ** manifest.shardBits - 1);
}

/** Position of `serial` among the shard's records, or -(insertion point) - 1 when absent. */
export function searchShard(shard: Shard, serial: Uint8Array): number {
  const size = recordSize(shard.width);
  let low = 0;
  let high = shard.count - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const c = compareRecordToSerial(shard.records, mid * size, shard.width, serial);
    if (c < 0) low = mid + 1;
    else if (c > 0) high = mid - 1;
    else return mid;
  }
  return -low - 1;
}

/** The stored entry for `serial` (DER INTEGER content bytes), or undefined when not listed. */
export function findInShard(shard: Shard, serial: Uint8Array): StoredEntry | undefined {
  if (serial.length > shard.width) return undefined;
  const at = searchShard(shard, serial);
  return at < 0 ? undefined : readRecord(shard.records, at * recordSize(shard.width), shard.width);
}

export interface RevocationLookup {
  /** The index of the issuer, undefined when none is held. */
  manifest: IndexManifest | undefined;
  /** The serial's entry, undefined when it is not listed. */
  entry: StoredEntry | undefined;
}

/** Looks `serial` up in the issuer's index: from memory without awaiting when a cache holds it all. */
export async function lookupSerial(reader: RevocationIndexReader, issuerKeyId: Uint8Array, serial: Uint8Array): Promise<RevocationLookup> {
  if (reader instanceof CachingIndexReader) {
    const manifest = reader.peekManifest(issuerKeyId);
    const shard = manifest && reader.peekShard(manifest, shardOf(manifest, serial));
    if (shard) return { manifest, entry: findInShard(shard, serial) };
  }
  const manifest = await reader.manifest(issuerKeyId);
  if (!manifest) return { manifest, entry: undefined };
  return { manifest, entry: findInShard(await reader.shard(manifest, shardOf(manifest, serial)), serial) };
}
