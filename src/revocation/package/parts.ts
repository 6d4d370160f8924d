/** The payload parts of a package (format.ts), in the index format of compact-index/format.ts. */
import { encodeManifest, encodeShard } from '../compact-index/format.ts';
import type { IndexManifest, RevocationIndex, Shard } from '../compact-index/model.ts';

/** [manifest, shard 0 … shard n − 1]: the whole index. */
export function snapshotParts(index: RevocationIndex): Uint8Array[] {
  return [encodeManifest(index.manifest), ...index.shards.map(encodeShard)];
}

/**
 * [manifest after the delta, delta manifest, delta shards]: the delta manifest describes the
 * delta's own shards, and its baseCrlNumber is the number of the list `from` (what it updates).
 */
export function deltaParts(from: IndexManifest, target: IndexManifest, deltaShards: readonly Shard[]): Uint8Array[] {
  const deltaManifest: IndexManifest = {
    ...target,
    baseCrlNumber: from.crlNumber,
    entryCount: deltaShards.reduce((sum, s) => sum + s.count, 0),
    shards: deltaShards.map((s) => ({ count: s.count, width: s.width })),
  };
  return [encodeManifest(target), encodeManifest(deltaManifest), ...deltaShards.map(encodeShard)];
}
