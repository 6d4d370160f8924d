/**
 * Revocation data off the UI thread: a CRL is streamed, verified, indexed and stored in
 * IndexedDB here, with progress events (bytes, entries) and cancellation; packages from the
 * server are verified and applied here; verdicts are answered from the stored shards, warm ones
 * kept in memory. Exposed with comlink.
 */
import { expose } from 'comlink';
import { database } from '../src/db/database.ts';
import { ingestSummary, type IngestSummary } from './ingest-summary.ts';
import { parallelHashFactory } from './parallel-hash.ts';
import { DexieRevocationStore, type AppliedPackage, type RevocationIndexSummary } from '../src/db/revocation-store.ts';
import { parseCertificate } from '../src/pki/certificate.ts';
import type { TrustStore } from '../src/pki/trust-store.ts';
import { jpkiTrustStore } from '../src/pki/trust/jpki-trust-store.ts';
import { hexToBytes } from '../src/protocol/encoding.ts';
import { UserFacingError, type LocalizedText } from '../src/protocol/user-facing-error.ts';
import {
  CachingIndexReader,
  createRevocationChecker,
  crlIssuerName,
  findInShard,
  ingestCrl,
  lookupSerial,
  shardOf,
  type CrlProgress,
  type StoredEntry,
  type Verdict,
} from '../src/revocation/index.ts';

export interface IngestRequest {
  /** Any job id the caller chooses, to cancel it with `cancel(jobId)`. */
  jobId: string;
  /** The CRL: a file, bytes, or a (transferred) stream. */
  source: Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array>;
  /** DER of extra trusted CA certificates (the built-in JPKI CAs are always trusted). */
  extraAnchors?: Uint8Array[];
}

export type { IngestSummary };

export interface HeldRevocationList extends RevocationIndexSummary {
  /** The CA's distinguished name (RFC 4514 text). */
  issuer: string;
}

const store = new DexieRevocationStore(database());
const cached = new CachingIndexReader(store);
const jobs = new Map<string, AbortController>();
let extraAnchors: Uint8Array[] = [];

let trusted: TrustStore | undefined;

/** The built-in JPKI CAs and the extra anchors, parsed once until the anchors change. */
function trustStore(): TrustStore {
  trusted ??= jpkiTrustStore(extraAnchors.map((der) => parseCertificate(der)));
  return trusted;
}

function streamOf(source: IngestRequest['source']): Uint8Array | ReadableStream<Uint8Array> {
  if (source instanceof Blob) return source.stream();
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  return source;
}

/** A thrown value that crosses comlink with its code and both languages' messages. */
export interface PortableError {
  name: string;
  code: string;
  message: string;
  userMessage: LocalizedText | undefined;
}

function portable(error: unknown): PortableError {
  if (error instanceof UserFacingError) return { name: error.name, code: error.code, message: error.message, userMessage: error.userMessage };
  return { name: error instanceof Error ? error.name : 'Error', code: 'internal', message: String(error instanceof Error ? error.message : error), userMessage: undefined };
}

export const revocationWorkerApi = {
  async ingest(request: IngestRequest, onProgress?: (progress: CrlProgress) => void): Promise<IngestSummary> {
    const controller = new AbortController();
    jobs.set(request.jobId, controller);
    try {
      if (request.extraAnchors) revocationWorkerApi.setExtraAnchors(request.extraAnchors);
      let lastReport = 0;
      const started = performance.now();
      const result = await ingestCrl(streamOf(request.source), {
        trustStore: trustStore(),
        hashFactory: parallelHashFactory,
        current: store,
        signal: controller.signal,
        progress(progress) {
          // At most about ten events a second cross to the page.
          const now = performance.now();
          if (onProgress && now - lastReport > 100) {
            lastReport = now;
            onProgress(progress);
          }
        },
      });
      const parsed = performance.now();
      controller.signal.throwIfAborted();
      await store.write(result.index);
      cached.forget(result.index.manifest.issuerKeyId);
      onProgress?.({ bytes: result.crl.byteLength, entries: result.crl.entryCount });
      return ingestSummary(result, { parseMs: parsed - started, storeMs: performance.now() - parsed });
    } catch (error) {
      throw portable(error);
    } finally {
      jobs.delete(request.jobId);
    }
  },

  /** CA certificates (DER) trusted besides the built-in JPKI CAs, until changed. */
  setExtraAnchors(anchors: Uint8Array[]): void {
    extraAnchors = anchors;
    trusted = undefined;
  },

  cancel(jobId: string): void {
    jobs.get(jobId)?.abort();
  },

  async validate(certificateDer: Uint8Array, at: Date): Promise<Verdict> {
    return createRevocationChecker({ trustStore: trustStore(), indexes: cached }).validate(certificateDer, at);
  },

  /** One lookup by issuer key id and serial (DER INTEGER content, hex); `cold` skips the memory cache. */
  async lookup(issuerKeyId: string, serialHex: string, cold = false): Promise<StoredEntry | undefined> {
    return (await lookupSerial(cold ? store : cached, hexToBytes(issuerKeyId), hexToBytes(serialHex))).entry;
  },

  /**
   * Times warm lookups as a check-in makes them (manifest and shard from the memory cache, then
   * the binary search), after one pass that brings the shards in; microseconds per lookup.
   */
  async timeWarmLookups(issuerKeyId: string, serialsHex: string[], rounds: number): Promise<{ microsPerLookup: number; found: number }> {
    const keyId = hexToBytes(issuerKeyId);
    const serials = serialsHex.map(hexToBytes);
    const once = async (serial: Uint8Array): Promise<boolean> => (await lookupSerial(cached, keyId, serial)).entry !== undefined;
    for (const serial of serials) await once(serial);
    let found = 0;
    const started = performance.now();
    for (let r = 0; r < rounds; r++) for (const serial of serials) if (await once(serial)) found++;
    return { microsPerLookup: ((performance.now() - started) * 1000) / (rounds * serials.length), found: found / rounds };
  },

  /**
   * Times lookups whose shard comes straight from IndexedDB, each on its own, in milliseconds:
   * `withManifest` also reads the manifest from IndexedDB (nothing in memory at all).
   */
  async timeColdLookups(issuerKeyId: string, serialsHex: string[], withManifest: boolean): Promise<number[]> {
    const keyId = hexToBytes(issuerKeyId);
    const times: number[] = [];
    const known = await store.manifest(keyId);
    for (const serialHex of serialsHex) {
      const serial = hexToBytes(serialHex);
      const started = performance.now();
      const manifest = withManifest ? await store.manifest(keyId) : known;
      if (manifest) findInShard(await store.shard(manifest, shardOf(manifest, serial)), serial);
      times.push(performance.now() - started);
    }
    return times;
  },

  /** The lists held, each with its CA's name as the CRL gives it. */
  async list(): Promise<HeldRevocationList[]> {
    return Promise.all(
      (await store.list()).map(async (summary) => {
        const manifest = await store.manifest(hexToBytes(summary.issuerKeyId));
        return { ...summary, issuer: manifest ? crlIssuerName(new Uint8Array(manifest.issuerName)).text : '' };
      }),
    );
  },

  /**
   * A revocation package from the server: verified against the publishing key pinned at
   * enrollment, then applied in one transaction; refused with a coded error, changing nothing.
   */
  async applyPackage(bytes: Uint8Array): Promise<AppliedPackage> {
    try {
      const applied = await store.applyPackage(bytes);
      if (applied.applied) cached.forget(hexToBytes(applied.issuerKeyId));
      return applied;
    } catch (error) {
      throw portable(error);
    }
  },
};

export type RevocationWorkerApi = typeof revocationWorkerApi;

expose(revocationWorkerApi);
