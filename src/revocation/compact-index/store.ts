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
 * reader. `forget` after the issuer's index changed.
 */
export class CachingIndexReader implements RevocationIndexReader {
  private readonly manifests = new Map<string, Promise<IndexManifest | undefined>>();
  private readonly shards = new Map<string, Promise<Shard>>();

  constructor(
    private readonly inner: RevocationIndexReader,
    private readonly maxShards = 1024,
  ) {}

  manifest(issuerKeyId: Uint8Array): Promise<IndexManifest | undefined> {
    const key = bytesToHex(issuerKeyId);
    let manifest = this.manifests.get(key);
    if (!manifest) {
      manifest = this.inner.manifest(issuerKeyId);
      this.manifests.set(key, manifest);
      manifest.catch(() => this.manifests.delete(key));
    }
    return manifest;
  }

  shard(manifest: IndexManifest, index: number): Promise<Shard> {
    const key = `${bytesToHex(manifest.issuerKeyId)}/${index}`;
    let shard = this.shards.get(key);
    if (shard) {
      // Map order is insertion order: re-insert to mark as recently used.
      this.shards.delete(key);
    } else {
      shard = this.inner.shard(manifest, index);
      shard.catch(() => this.shards.delete(key));
    }
    this.shards.set(key, shard);
    const oldest = this.shards.keys().next();
    if (this.shards.size > this.maxShards && !oldest.done) this.shards.delete(oldest.value);
    return shard;
  }

  forget(issuerKeyId?: Uint8Array): void {
    if (!issuerKeyId) {
      this.manifests.clear();
      this.shards.clear();
      return;
    }
    const key = bytesToHex(issuerKeyId);
    this.manifests.delete(key);
    for (const shardKey of [...this.shards.keys()]) if (shardKey.startsWith(`${key}/`)) this.shards.delete(shardKey);
  }
}
