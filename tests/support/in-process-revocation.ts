/**
 * The app's RevocationPort answered by the real revocation engine in this process instead of the
 * worker (Node has no module workers for Vite's bundle): same ingest, same verdicts, indexes
 * kept in memory. Counts imports, so tests can tell whether one happened.
 */
import type { RevocationPort } from '../../src/app/revocation/revocation-port.ts';
import type { ImportOptions } from '../../src/app/workers/revocation-client.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';
import type { TrustStore } from '../../src/pki/trust-store.ts';
import { jpkiTrustStore } from '../../src/pki/trust/jpki-trust-store.ts';
import { createRevocationChecker, ingestCrl, MemoryIndexStore, type Verdict } from '../../src/revocation/index.ts';
import { ingestSummary, type IngestSummary } from '../../workers/ingest-summary.ts';
import type { HeldRevocationList } from '../../workers/revocation.worker.ts';

export class InProcessRevocation implements RevocationPort {
  readonly store = new MemoryIndexStore();
  private readonly summaries = new Map<string, HeldRevocationList>();
  private extraAnchors: Uint8Array[] = [];
  imports = 0;

  private trustStore(): TrustStore {
    return jpkiTrustStore(this.extraAnchors.map((der) => parseCertificate(der)));
  }

  validate(certificate: Uint8Array, at: Date): Promise<Verdict> {
    return createRevocationChecker({ trustStore: this.trustStore(), indexes: this.store }).validate(certificate, at);
  }

  async list(): Promise<HeldRevocationList[]> {
    return [...this.summaries.values()];
  }

  async importCrl(source: Blob | Uint8Array, options: ImportOptions = {}): Promise<IngestSummary> {
    if (options.extraAnchors) this.extraAnchors = options.extraAnchors;
    const started = performance.now();
    const result = await ingestCrl(source instanceof Blob ? source.stream() : source, {
      trustStore: this.trustStore(),
      current: this.store,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { progress: options.onProgress } : {}),
    });
    const parsed = performance.now();
    this.store.put(result.index);
    this.imports += 1;
    const summary = ingestSummary(result, { parseMs: parsed - started, storeMs: performance.now() - parsed });
    const { issuerKeyId, issuer, crlNumber, thisUpdate, nextUpdate, entryCount } = summary;
    this.summaries.set(issuerKeyId, { issuerKeyId, issuer, crlNumber, thisUpdate, nextUpdate, entryCount, storedAt: new Date() });
    return summary;
  }

  async setExtraAnchors(anchors: Uint8Array[]): Promise<void> {
    this.extraAnchors = anchors;
  }
}
