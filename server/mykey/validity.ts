/**
 * The validity verdict the MyKey functions give: the sync re-check's CertificateRechecker (trust
 * store, validity period, and revocation through the revocation engine's indexes, whichever
 * store holds them) at the time of the call, plus the JPKI profile, plus what a revoked signing
 * certificate means to a municipal system (DOMAIN.md §2): revoked while the 4 attributes changed
 * ⇒ the resident may have moved, re-check the registration.
 */
import type { Certificate } from '../../src/pki/certificate.ts';
import type { TrustStore } from '../../src/pki/trust-store.ts';
import type { LocalizedText } from '../../src/protocol/user-facing-error.ts';
import type { CertificateType } from '../../src/protocol/mykey-api.ts';
import { CachingIndexReader, createRevocationChecker, type RevocationChecker, type RevocationIndexReader } from '../../src/revocation/index.ts';
import { recheckResultOf } from '../revocation/revocation-rechecker.ts';
import type { CertificateRechecker, RecheckResult } from '../sync/recheck.ts';
import type { PresentedCertificate } from './presented-certificate.ts';

/**
 * The revocation lookup the MyKey functions use: a parsed certificate and a time in, the
 * re-check's verdict out (the same result as CertificateRechecker, without parsing the
 * certificate a second time where the lookup can take it parsed).
 */
export interface RevocationLookup {
  verdict(certificate: Certificate, at: Date): Promise<RecheckResult>;
}

/** Any CertificateRechecker (the app's re-check: trust only, or revocation indexes), by DER. */
export function lookupThrough(rechecker: CertificateRechecker): RevocationLookup {
  return {
    // The CA and serial the re-check adds for matching later lists stay on the server.
    verdict: async (certificate, at) => {
      const { status, reason, meaning, revokedAt } = await rechecker.recheck(certificate.der, at);
      return { status, ...(reason === undefined ? {} : { reason }), ...(meaning ? { meaning } : {}), ...(revokedAt ? { revokedAt } : {}) };
    },
  };
}

/** The revocation engine straight over revocation indexes (any RevocationIndexReader). */
export class IndexRevocationLookup implements RevocationLookup {
  private readonly checker: RevocationChecker;

  constructor(trustStore: TrustStore, indexes: RevocationIndexReader) {
    this.checker = createRevocationChecker({ trustStore, indexes: indexes instanceof CachingIndexReader ? indexes : new CachingIndexReader(indexes) });
  }

  async verdict(certificate: Certificate, at: Date): Promise<RecheckResult> {
    return recheckResultOf(await this.checker.validate(certificate, at));
  }
}

export interface ValidityAnswer extends RecheckResult {
  certificateType: CertificateType | undefined;
  attributesChanged: boolean;
  /** The verdict came from a revocation list (what J-LIS's tariff counts). */
  crlConsulted: boolean;
}

/**
 * J-LIS revokes the signing certificate when any of the 4 attributes changes; such entries carry
 * no reason or `superseded`, unlike death/emigration (affiliationChanged), loss
 * (cessationOfOperation, certificateHold).
 */
const ATTRIBUTE_CHANGE_REASONS = new Set(['superseded', 'unspecified']);

export const ATTRIBUTES_CHANGED_MEANING: LocalizedText = {
  ja: '失効（基本4情報の変更）：転居などで住所や氏名が変わった可能性があります。登録内容を確認してください。',
  en: 'revoked, attributes changed: the resident may have moved; check the registration again',
};

export async function checkValidity(lookup: RevocationLookup, presented: PresentedCertificate, at: Date): Promise<ValidityAnswer> {
  const result = await lookup.verdict(presented.certificate, at);
  const base = { certificateType: presented.type, attributesChanged: false };
  if (result.status !== 'invalid') {
    if (presented.type === undefined) return { ...base, status: 'invalid', reason: 'not-jpki', crlConsulted: false };
    if (presented.type === 'user-authentication' && presented.mykeyId === undefined) {
      return { ...base, status: 'invalid', reason: 'not-user-authentication-profile', crlConsulted: false };
    }
  }
  const crlConsulted = result.status === 'valid' || result.status === 'revoked' || (result.status === 'unknown' && result.reason === 'stale-revocation-data');
  if (result.status === 'revoked' && presented.type === 'digital-signature' && ATTRIBUTE_CHANGE_REASONS.has(result.reason ?? 'unspecified')) {
    return { ...result, ...base, meaning: ATTRIBUTES_CHANGED_MEANING, attributesChanged: true, crlConsulted };
  }
  return { ...result, ...base, crlConsulted };
}

/** A certificate a person may act with (link, consent, prove at the counter): not revoked, not invalid. */
export function isUsable(answer: ValidityAnswer): boolean {
  return answer.status === 'valid' || answer.status === 'unknown';
}
