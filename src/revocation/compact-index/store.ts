/**
 * Where indexes live, seen from the verdict and the ingest: a reader of manifests and shards by
 * issuer key id. Implemented over IndexedDB (src/db), files (server) and memory (here). The
 * caching reader keeps decoded manifests and recently used shards for warm lookups.
 */
import { bytesToHex } from '../../protocol/encoding.ts';
import type { IndexManifest, RevocationIndex, Shard } from './model.ts';

export interface RevocationIndexReader {
  manifest(issuerKeyId: Uint8Array): Promise<IndexManifest | undefined>;
  /** Shard `index` of the index `manifest` describes (checked against it). */
  shard(manifest: IndexManifest, index: number): Promise<Shard>;
}

/** Every shard of an issuer's index, or undefined when none is held. */
export async function loadIndex(reader: RevocationIndexReader, issuerKeyId: Uint8Array): Promise<RevocationIndex | undefined> {
  const manifest = await reader.manifest(issuerKeyId);
  if (!manifest) return undefined;
  const shards: Shard[] = [];
  for (let i = 0; i < manifest.shards.length; i++) shards.push(await reader.shard(manifest, i));
  return { manifest, shards };
}

/** Indexes held in memory (the server after an ingest, tests). */
export class MemoryIndexStore implements RevocationIndexReader {
  private readonly indexes = new Map<string, RevocationIndex>();

  put(index: RevocationIndex): void {
    this.indexes.set(bytesToHex(index.manifest.issuerKeyId), index);
  }

  async manifest(issuerKeyId: Uint8Array): Promise<IndexManifest | undefined> {
    return this.indexes.get(bytesToHex(issuerKeyId))?.manifest;
  }

  async shard(manifest: IndexManifest, index: number): Promise<Shard> {
    const key = bytesToHex(manifest.issuerKeyId);
    const shard = this.indexes.get(key)?.shards[index];
    if (!shard) throw new RangeError(`no shard ${index} for issuer ${key}`);
    return shard;
  }
}

/**
 * Keeps manifests and up to `maxShards` recently used shards in memory in front of a slower
 * reader. `forget` after the issuer's index changed. `peekManifest`/`peekShard` answer
 * synchronously from memory, so a warm lookup costs a binary search and no await.
 */
export class CachingIndexReader implements RevocationIndexReader {
  private readonly manifests = new Map<string, Promise<IndexManifest | undefined>>();
  private readonly knownManifests = new Map<string, IndexManifest | undefined>();
  private readonly shards = new WeakMap<IndexManifest, Map<number, Promise<Shard>>>();
  private readonly knownShards = new WeakMap<IndexManifest, Map<number, Shard>>();
  private shardCount = 0;
  private lastKey: Uint8Array | undefined;
  private lastHex = '';

  constructor(
    private readonly inner: RevocationIndexReader,
    private readonly maxShards = 1024,
  ) {}

  /** Hex of a key id, remembering the last one (callers pass the same CA's bytes again and again). */
  private hex(issuerKeyId: Uint8Array): string {
    if (issuerKeyId !== this.lastKey) {
      this.lastKey = issuerKeyId;
      this.lastHex = bytesToHex(issuerKeyId);
    }
    return this.lastHex;
  }

  peekManifest(issuerKeyId: Uint8Array): IndexManifest | undefined {
    return this.knownManifests.get(this.hex(issuerKeyId));
  }

  peekShard(manifest: IndexManifest, index: number): Shard | undefined {
    return this.knownShards.get(manifest)?.get(index);
  }

  manifest(issuerKeyId: Uint8Array): Promise<IndexManifest | undefined> {
    const key = this.hex(issuerKeyId);
    let manifest = this.manifests.get(key);
    if (!manifest) {
      manifest = this.inner.manifest(issuerKeyId);
      this.manifests.set(key, manifest);
      manifest.then(
        (m) => this.manifests.get(key) === manifest && this.knownManifests.set(key, m),
        () => this.manifests.delete(key),
      );
    }
    return manifest;
  }

  shard(manifest: IndexManifest, index: number): Promise<Shard> {
    let pending = this.shards.get(manifest);
    if (!pending) {
      pending = new Map();
      this.shards.set(manifest, pending);
      this.knownShards.set(manifest, new Map());
    }
    const known = this.knownShards.get(manifest);
    let shard = pending.get(index);
    if (shard) {
      // Map order is insertion order: re-insert to mark as recently used.
      pending.delete(index);
      pending.set(index, shard);
      return shard;
    }
    shard = this.inner.shard(manifest, index);
    pending.set(index, shard);
    this.shardCount++;
    shard.then(
      (s) => pending.get(index) === shard && known?.set(index, s),
      () => pending.delete(index),
    );
    if (this.shardCount > this.maxShards) {
      const oldest = pending.keys().next();
      if (!oldest.done) {
        pending.delete(oldest.value);
        known?.delete(oldest.value);
        this.shardCount--;
      }
    }
    return shard;
  }

  forget(issuerKeyId?: Uint8Array): void {
    if (!issuerKeyId) {
      this.manifests.clear();
      this.knownManifests.clear();
      this.shardCount = 0;
      return;
    }
    const key = bytesToHex(issuerKeyId);
    const manifest = this.knownManifests.get(key);
    if (manifest) this.shardCount -= this.shards.get(manifest)?.size ?? 0;
    this.manifests.delete(key);
    this.knownManifests.delete(key);
  }
}
