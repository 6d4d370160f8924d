/**
 * Whether a certificate was issued by a CA of the trust store, checked at a given time
 * (RFC 5280 §6.1, for paths of one certificate under a trust anchor, which is how JPKI
 * issues: user certificates directly under each generation's root).
 */
import { isWithinValidity, type Certificate } from './certificate.ts';
import { UnsupportedAlgorithmError } from './errors.ts';
import { verifySignature } from './signature.ts';
import type { TrustStore } from './trust-store.ts';

export type ChainProblem =
  | 'no-issuer'
  | 'bad-signature'
  | 'issuer-not-ca'
  | 'issuer-not-valid'
  | 'unsupported-algorithm'
  | 'unhandled-critical-extension';

export type ChainResult =
  | { trusted: true; issuer: Certificate }
  | { trusted: false; problem: ChainProblem; detail: string };

/** RFC 5280 §4.2.1.9 and §4.2.1.3: a certificate issuer must be a CA allowed to sign certificates. */
export function canIssueCertificates(ca: Certificate): boolean {
  const isCa = ca.basicConstraints?.ca === true || (ca.version < 3 && ca.basicConstraints === undefined);
  return isCa && (ca.keyUsage === undefined || ca.keyUsage.has('keyCertSign'));
}

export async function verifyIssuedByTrustStore(certificate: Certificate, store: TrustStore, at: Date): Promise<ChainResult> {
  if (certificate.unhandledCritical.length > 0) {
    return { trusted: false, problem: 'unhandled-critical-extension', detail: certificate.unhandledCritical.join(', ') };
  }
  if (store.contains(certificate)) return { trusted: true, issuer: certificate };
  const candidates = store.issuerCandidates(certificate.issuer, certificate.authorityKeyIdentifier);
  if (candidates.length === 0) return { trusted: false, problem: 'no-issuer', detail: certificate.issuer.text };
  for (const issuer of candidates) {
    let verified: boolean;
    try {
      verified = await verifySignature({
        algorithm: certificate.signatureAlgorithm,
        publicKey: issuer.subjectPublicKeyInfo,
        data: certificate.tbs,
        signature: certificate.signatureValue,
      });
    } catch (error) {
      if (error instanceof UnsupportedAlgorithmError) {
        return { trusted: false, problem: 'unsupported-algorithm', detail: error.algorithm };
      }
      throw error;
    }
    if (!verified) continue;
    if (!canIssueCertificates(issuer)) return { trusted: false, problem: 'issuer-not-ca', detail: issuer.subject.text };
    if (!isWithinValidity(issuer, at)) {
      return { trusted: false, problem: 'issuer-not-valid', detail: `${issuer.notBefore.toISOString()}..${issuer.notAfter.toISOString()}` };
    }
    return { trusted: true, issuer };
  }
  return { trusted: false, problem: 'bad-signature', detail: `${candidates.length} candidate issuer(s) tried` };
}
