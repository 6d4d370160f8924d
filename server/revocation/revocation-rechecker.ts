/**
 * The sync re-check (server/sync/recheck.ts) answered by the revocation engine: the verdict at
 * the event's own time from the revocation indexes the server holds (its database store through
 * RecheckIndexCache, or any RevocationIndexReader such as an index folder).
 */
import { parseCertificate, type Certificate } from '../../src/pki/certificate.ts';
import type { TrustStore } from '../../src/pki/trust-store.ts';
import { bytesToBase64, bytesToHex } from '../../src/protocol/encoding.ts';
import { CachingIndexReader, createRevocationChecker, type RevocationIndexReader, type Verdict } from '../../src/revocation/index.ts';
import type { CertificateRechecker, RecheckResult } from '../sync/recheck.ts';

/** A verdict in the re-check's terms (the words stored with each verdict and sent to devices). */
export function recheckResultOf(verdict: Verdict): RecheckResult {
  switch (verdict.status) {
    case 'valid':
      return { status: 'valid' };
    case 'revoked':
      return { status: 'revoked', reason: verdict.reason ?? 'unspecified', meaning: verdict.meaning, revokedAt: verdict.revokedAt.toISOString() };
    case 'unknown':
      return { status: 'unknown', reason: verdict.cause === 'no-crl' ? 'no-revocation-data' : 'stale-revocation-data' };
    case 'invalid':
      return { status: 'invalid', reason: verdict.cause === 'untrusted-chain' ? `untrusted:${verdict.detail.split(':')[0] ?? ''}` : verdict.cause };
  }
}

/**
 * Parsed certificates kept: a shelter's residents show their cards again and again, and parsing
 * (PKI.js) costs several times the rest of a re-check. About 5 KB each.
 */
const PARSED_KEPT = 5_000;

export class RevocationRechecker implements CertificateRechecker {
  private readonly checker;
  private readonly indexes: RevocationIndexReader & { refresh?: () => Promise<void> };
  private readonly parsed = new Map<string, Certificate>();

  constructor(trustStore: TrustStore, indexes: RevocationIndexReader & { refresh?: () => Promise<void> }) {
    this.indexes = indexes instanceof CachingIndexReader ? indexes : new CachingIndexReader(indexes);
    this.checker = createRevocationChecker({ trustStore, indexes: this.indexes });
  }

  async recheck(der: Uint8Array, at: Date): Promise<RecheckResult> {
    const certificate = this.parse(der);
    if (!certificate) return { status: 'invalid', reason: 'malformed' };
    const verdict = await this.checker.validate(certificate, at);
    const issuerKeyId = verdict.status === 'invalid' ? undefined : verdict.status === 'unknown' && verdict.cause === 'no-crl' ? verdict.issuerKeyId : verdict.crl.issuerKeyId;
    return { ...recheckResultOf(verdict), ...(issuerKeyId ? { issuerKeyId, serial: bytesToHex(certificate.serialNumber) } : {}) };
  }

  /** The parsed certificate (remembered, least recently used forgotten first), or undefined when malformed. */
  private parse(der: Uint8Array): Certificate | undefined {
    const key = bytesToBase64(der);
    let certificate = this.parsed.get(key);
    if (certificate) {
      this.parsed.delete(key);
    } else {
      try {
        certificate = parseCertificate(der);
      } catch {
        return undefined;
      }
      if (this.parsed.size >= PARSED_KEPT) this.parsed.delete(this.parsed.keys().next().value as string);
    }
    this.parsed.set(key, certificate);
    return certificate;
  }

  async refresh(): Promise<void> {
    await this.indexes.refresh?.();
  }
}
