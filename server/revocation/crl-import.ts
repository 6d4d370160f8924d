/**
 * A CRL into the server's revocation store, whatever brought it (upload, `admin crl import`, a
 * scheduled fetch): streamed through the revocation engine (signature against the server's JPKI
 * trust store, compact index, delta CRLs merged), then published as the issuer's next version
 * with a signed snapshot and, when the previous version has the same layout, a signed delta
 * from it. Imports in one process run one at a time (each holds an index in memory).
 */
import { bytesEqual, bytesToHex } from '../../src/protocol/encoding.ts';
import type { TrustStore } from '../../src/pki/trust-store.ts';
import {
  deltaParts,
  diffIndexes,
  encodeManifest,
  ingestCrl,
  snapshotParts,
  type ByteInput,
  type IndexManifest,
  type RevocationIndex,
  type Shard,
} from '../../src/revocation/index.ts';
import { recordSize } from '../../src/revocation/compact-index/records.ts';
import { REMOVE_FROM_CRL } from '../../src/revocation/reasons.ts';
import type { Clock } from '../clock.ts';
import { ImportRaceError, type RevocationRepository } from '../storage/revocation-repository.ts';
import { nodeHashFactory } from './crl-input.ts';
import { buildPackage, signedHead } from './package-builder.ts';
import type { PublishingKey } from './publishing-key.ts';
import { StoredRevocationIndexes } from './stored-indexes.ts';

export interface CrlImportResult {
  issuerKeyId: string;
  issuer: string;
  /** The issuer's version after the import (unchanged: the one already held). */
  version: number;
  /** `unchanged`: the same list was already held; nothing new is published. */
  status: 'imported' | 'unchanged';
  delta: boolean;
  crlNumber: string | null;
  thisUpdate: string;
  nextUpdate: string | null;
  entries: number;
  /** A delta package from the previous version was published. */
  deltaPublished: boolean;
  /** Card validations already synced that were looked at again, and the new alerts among them. */
  rechecked: number;
  newAlerts: number;
}

/** Another import of the same CA finished first (another server process): import again. */
export class CrlImportConflictError extends Error {
  override name = 'CrlImportConflictError';
}

export interface CrlImporterOptions {
  repository: RevocationRepository;
  trustStore: TrustStore;
  publishingKey: PublishingKey;
  clock: Clock;
  /** Re-checks stored validations the new list may change (`changedSerials` undefined: all of the CA). */
  afterImport?: (issuerKeyId: string, changedSerials: readonly string[] | undefined) => Promise<{ rechecked: number; newAlerts: number }>;
}

/** Hex serials of the records a delta adds or changes (removeFromCRL records left out). */
function addedSerials(shards: readonly Shard[]): string[] {
  const serials: string[] = [];
  for (const { records, width, count } of shards) {
    const size = recordSize(width);
    for (let i = 0, o = 0; i < count; i++, o += size) {
      if (records[o + width + 5] === REMOVE_FROM_CRL) continue;
      const n = records[o] as number;
      serials.push(bytesToHex(records.subarray(o + 1 + width - n, o + 1 + width)));
    }
  }
  return serials;
}

function sameList(a: IndexManifest, b: IndexManifest): boolean {
  return a.crlNumber !== undefined && b.crlNumber !== undefined ? a.crlNumber === b.crlNumber : a.thisUpdate.getTime() === b.thisUpdate.getTime();
}

export class CrlImporter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: CrlImporterOptions) {}

  /** Imports one CRL (DER bytes or stream); `source` says where it came from (kept, never personal). */
  import(input: ByteInput, source: string, signal?: AbortSignal): Promise<CrlImportResult> {
    const run = this.queue.then(() => this.importNow(input, source, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async importNow(input: ByteInput, source: string, signal: AbortSignal | undefined): Promise<CrlImportResult> {
    const { repository, trustStore, publishingKey, clock } = this.options;
    const stored = new StoredRevocationIndexes(repository);
    const result = await ingestCrl(input, { trustStore, current: stored, hashFactory: nodeHashFactory, signal });
    const index = result.index;
    const m = index.manifest;
    const summary = {
      issuerKeyId: bytesToHex(m.issuerKeyId),
      issuer: result.issuer.subject.text,
      delta: result.delta,
      crlNumber: m.crlNumber?.toString() ?? null,
      thisUpdate: m.thisUpdate.toISOString(),
      nextUpdate: m.nextUpdate?.toISOString() ?? null,
      entries: m.entryCount,
    };
    const previous = await stored.load(m.issuerKeyId);
    if (previous && sameList(previous.index.manifest, m)) {
      return { ...summary, version: previous.version, status: 'unchanged', deltaPublished: false, rechecked: 0, newAlerts: 0 };
    }
    const version = (previous?.version ?? 0) + 1;
    const now = clock.now();
    const snapshot = snapshotParts(index);
    const { head, payloadLength } = signedHead(publishingKey, { kind: 'snapshot', issuerKeyId: m.issuerKeyId, version, fromVersion: 0, createdAt: now }, snapshot);
    const changes = previous ? diffIndexes(previous.index, index) : [];
    const delta = previous && changes && this.deltaPackage(previous, index, changes, version, now, head.length + payloadLength);
    try {
      await repository.commit({
        previousVersion: previous?.version ?? 0,
        shards: snapshot.slice(1),
        delta,
        row: {
          issuer_key_id: summary.issuerKeyId,
          version,
          issuer_name: summary.issuer,
          crl_number: summary.crlNumber,
          this_update: summary.thisUpdate,
          next_update: summary.nextUpdate,
          entry_count: m.entryCount,
          manifest: encodeManifest(m),
          snapshot_head: head,
          snapshot_bytes: head.length + payloadLength,
          source: source.slice(0, 300),
          imported_at: now.toISOString(),
        },
      });
    } catch (error) {
      if (error instanceof ImportRaceError) throw new CrlImportConflictError('Another import of this CA finished at the same time; import the list again.', { cause: error });
      throw error;
    }
    const recheck = (await this.options.afterImport?.(summary.issuerKeyId, changes && addedSerials(changes))) ?? { rechecked: 0, newAlerts: 0 };
    return { ...summary, version, status: 'imported', deltaPublished: delta !== undefined, ...recheck };
  }

  /**
   * The signed delta from the previous version (`shards`: the diff, so both are laid out alike),
   * when both lists are numbered and the delta is smaller than the snapshot (else a device is
   * better served by the snapshot).
   */
  private deltaPackage(previous: { index: RevocationIndex; version: number }, index: RevocationIndex, shards: Shard[], version: number, now: Date, snapshotBytes: number) {
    const from = previous.index.manifest;
    if (from.crlNumber === undefined || index.manifest.crlNumber === undefined || !bytesEqual(from.issuerKeyId, index.manifest.issuerKeyId)) return undefined;
    const bytes = buildPackage(
      this.options.publishingKey,
      { kind: 'delta', issuerKeyId: index.manifest.issuerKeyId, version, fromVersion: previous.version, createdAt: now },
      deltaParts(from, index.manifest, shards),
    );
    return bytes.length < snapshotBytes ? { fromVersion: previous.version, package: bytes } : undefined;
  }
}
