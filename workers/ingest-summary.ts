/** What an ingested CRL amounts to, as the page shows it after an import. */
import { bytesToHex } from '../src/protocol/encoding.ts';
import type { CrlIngestResult } from '../src/revocation/index.ts';

export interface IngestSummary {
  issuerKeyId: string;
  issuer: string;
  delta: boolean;
  crlNumber: string | undefined;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  entryCount: number;
  dropped: number;
  /** Milliseconds spent reading+verifying+indexing, and storing. */
  parseMs: number;
  storeMs: number;
}

export function ingestSummary(result: CrlIngestResult, timings: { parseMs: number; storeMs: number }): IngestSummary {
  const m = result.index.manifest;
  return {
    issuerKeyId: bytesToHex(m.issuerKeyId),
    issuer: result.issuer.subject.text,
    delta: result.delta,
    crlNumber: m.crlNumber?.toString(),
    thisUpdate: m.thisUpdate,
    nextUpdate: m.nextUpdate,
    entryCount: m.entryCount,
    dropped: result.dropped,
    ...timings,
  };
}
