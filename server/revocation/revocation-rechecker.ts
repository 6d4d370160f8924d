/**
 * The sync re-check (server/sync/recheck.ts) answered by the revocation engine: the verdict at
 * the event's own time from the revocation indexes the server holds (its database store through
 * RecheckIndexCache, or any RevocationIndexReader such as an index folder).
 */
import type { TrustStore } from '../../src/pki/trust-store.ts';
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

export class RevocationRechecker implements CertificateRechecker {
  private readonly checker;
  private readonly indexes: RevocationIndexReader & { refresh?: () => Promise<void> };

  constructor(trustStore: TrustStore, indexes: RevocationIndexReader & { refresh?: () => Promise<void> }) {
    this.indexes = indexes instanceof CachingIndexReader ? indexes : new CachingIndexReader(indexes);
    this.checker = createRevocationChecker({ trustStore, indexes: this.indexes });
  }

  async recheck(certificate: Uint8Array, at: Date): Promise<RecheckResult> {
    return recheckResultOf(await this.checker.validate(certificate, at));
  }

  async refresh(): Promise<void> {
    await this.indexes.refresh?.();
  }
}
