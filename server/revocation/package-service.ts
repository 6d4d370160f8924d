/**
 * What devices download: the list of issuers with their current version, and for one issuer the
 * next package after the version a device holds. That is the delta from it when the server has
 * the whole chain of deltas up to the current version and the chain is smaller than a snapshot;
 * otherwise the snapshot, streamed from the stored manifest and shards behind its signed header.
 */
import type { RevocationPackageList } from '../../src/protocol/api.ts';
import { bytesToBase64 } from '../../src/protocol/encoding.ts';
import { decodeManifest, u32 } from '../../src/revocation/index.ts';
import type { RevocationRepository } from '../storage/revocation-repository.ts';
import { heldListOf } from './held-list.ts';
import type { PublishingKey } from './publishing-key.ts';

export type PackageAnswer =
  | { kind: 'unknown-issuer' }
  | { kind: 'up-to-date'; version: number }
  | { kind: 'delta'; version: number; bytes: Uint8Array }
  | { kind: 'snapshot'; version: number; length: number; chunks: AsyncIterable<Uint8Array> };

export class RevocationPackages {
  constructor(
    private readonly repository: RevocationRepository,
    private readonly publishingKey: PublishingKey,
  ) {}

  async list(): Promise<RevocationPackageList> {
    const rows = await this.repository.list();
    return {
      publishingKey: bytesToBase64(this.publishingKey.publicKey),
      issuers: await Promise.all(
        rows.map(async (row) => ({
          ...heldListOf(row),
          snapshotBytes: Number(row.snapshot_bytes),
          deltas: await this.repository.deltas(row.issuer_key_id),
        })),
      ),
    };
  }

  /** The package that brings a device holding `since` (0: nothing) closer to the current version. */
  async next(issuerKeyId: string, since: number): Promise<PackageAnswer> {
    const current = await this.repository.current(issuerKeyId);
    if (!current) return { kind: 'unknown-issuer' };
    if (since === current.version) return { kind: 'up-to-date', version: current.version };
    if (since > 0 && since < current.version) {
      const deltas = new Map((await this.repository.deltas(issuerKeyId)).map((d) => [d.fromVersion, d]));
      let chainBytes = 0;
      for (let at = since; at < current.version; ) {
        const step = deltas.get(at);
        if (!step) {
          chainBytes = Infinity;
          break;
        }
        chainBytes += step.bytes;
        at = step.toVersion;
      }
      if (chainBytes < current.snapshot_bytes) {
        const bytes = await this.repository.delta(issuerKeyId, since);
        if (bytes) return { kind: 'delta', version: deltas.get(since)?.toVersion ?? current.version, bytes };
      }
    }
    const { manifest, snapshot_head: head } = current;
    const count = decodeManifest(manifest).shards.length;
    const shards = this.repository.shards(issuerKeyId, current.version, count);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield head;
      yield u32(1 + count);
      yield u32(manifest.length);
      yield manifest;
      for await (const shard of shards) {
        yield u32(shard.length);
        yield shard;
      }
    }
    return { kind: 'snapshot', version: current.version, length: current.snapshot_bytes, chunks: chunks() };
  }
}
