/**
 * The revocation indexes held in the server's database, as the revocation engine reads them
 * (src/revocation RevocationIndexReader): for the import of the next list (rollback check,
 * delta CRLs, the published delta) and for the sync re-check. `RecheckIndexCache` keeps manifests
 * and shards in memory and drops what another import (this process, the CLI, another server
 * process) has replaced since it last looked.
 */
import { bytesToHex, hexToBytes } from '../../src/protocol/encoding.ts';
import {
  CachingIndexReader,
  decodeManifest,
  decodeShard,
  RevocationIndexFormatError,
  type IndexManifest,
  type RevocationIndex,
  type RevocationIndexReader,
  type Shard,
} from '../../src/revocation/index.ts';
import type { RevocationRepository } from '../storage/revocation-repository.ts';

export class StoredRevocationIndexes implements RevocationIndexReader {
  /** The version each manifest read here belongs to: its shards are looked up by it. */
  private readonly versions = new WeakMap<IndexManifest, number>();

  constructor(readonly repository: RevocationRepository) {}

  async manifest(issuerKeyId: Uint8Array): Promise<IndexManifest | undefined> {
    const row = await this.repository.current(bytesToHex(issuerKeyId));
    if (!row) return undefined;
    const manifest = decodeManifest(row.manifest);
    this.versions.set(manifest, row.version);
    return manifest;
  }

  versionOf(manifest: IndexManifest): number | undefined {
    return this.versions.get(manifest);
  }

  async shard(manifest: IndexManifest, index: number): Promise<Shard> {
    const key = bytesToHex(manifest.issuerKeyId);
    const version = this.versions.get(manifest);
    const info = manifest.shards[index];
    if (version === undefined || !info) throw new RangeError(`no shard ${index} for issuer ${key}`);
    const bytes = await this.repository.shard(key, version, index);
    if (!bytes) throw new RevocationIndexFormatError(`shard ${index} of version ${version} of ${key} was replaced twice while in use`);
    return decodeShard(bytes, { index, ...info });
  }

  /** The whole current index of an issuer with its version, read a page of shards at a time. */
  async load(issuerKeyId: Uint8Array): Promise<{ index: RevocationIndex; version: number } | undefined> {
    const manifest = await this.manifest(issuerKeyId);
    const version = manifest && this.versions.get(manifest);
    if (!manifest || version === undefined) return undefined;
    const shards: Shard[] = [];
    for await (const bytes of this.repository.shards(bytesToHex(issuerKeyId), version, manifest.shards.length)) {
      const index = shards.length;
      shards.push(decodeShard(bytes, { index, ...(manifest.shards[index] as { count: number; width: number }) }));
    }
    return { index: { manifest, shards }, version };
  }
}

/** The re-check's view: cached, and refreshed (one small query) before each batch of re-checks. */
export class RecheckIndexCache extends CachingIndexReader {
  private seen = new Map<string, number>();

  constructor(private readonly stored: StoredRevocationIndexes) {
    super(stored);
  }

  async refresh(): Promise<void> {
    const now = await this.stored.repository.versions();
    for (const [issuer, version] of now) if (this.seen.get(issuer) !== version) this.forget(hexToBytes(issuer));
    this.seen = now;
  }
}
