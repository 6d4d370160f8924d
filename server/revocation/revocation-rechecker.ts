/**
 * The sync re-check (server/sync/recheck.ts) answered by the revocation engine: the verdict at
 * the event's own time from the revocation indexes the server holds (any RevocationIndexReader:
 * an index folder now, the server's store once it has one).
 */
import type { TrustStore } from '../../src/pki/trust-store.ts';
import { CachingIndexReader, createRevocationChecker, type RevocationIndexReader, type Verdict } from '../../src/revocation/index.ts';
import type { CertificateRechecker, RecheckResult } from '../sync/recheck.ts';

/** A verdict in the re-check's terms (reason codes as TrustRechecker words them where they overlap). */
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

  constructor(trustStore: TrustStore, indexes: RevocationIndexReader) {
    this.checker = createRevocationChecker({ trustStore, indexes: indexes instanceof CachingIndexReader ? indexes : new CachingIndexReader(indexes) });
  }

  async recheck(certificate: Uint8Array, at: Date): Promise<RecheckResult> {
    return recheckResultOf(await this.checker.validate(certificate, at));
  }
}
