/**
 * Which trusted CA signed a CRL (RFC 5280 §6.3.3 (f)-(g)). JPKI CA generations share one DN, so
 * the candidates are the trust store's CAs with the CRL's issuer name, the one whose subject key
 * identifier equals the CRL's authority key identifier first; the signature decides.
 */
import * as pkijs from 'pkijs';
import type { Certificate } from '../pki/certificate.ts';
import { nameFromPkijs, type DistinguishedName } from '../pki/name.ts';
import type { TrustStore } from '../pki/trust-store.ts';
import type { CrlSummary } from './crl-reader.ts';
import { verifyDigestSignature } from './digest-signature.ts';
import { hashOnce } from './digest.ts';
import { CrlFormatError, CrlSignatureError } from './errors.ts';

export function crlIssuerName(issuerDer: Uint8Array<ArrayBuffer>): DistinguishedName {
  try {
    return nameFromPkijs(pkijs.RelativeDistinguishedNames.fromBER(issuerDer));
  } catch (cause) {
    throw new CrlFormatError(0, 'the issuer is not a readable Name', { cause });
  }
}

/**
 * The key the index of a CA's CRL is filed under: its subject key identifier, or for a CA
 * without one the first 20 bytes of SHA-256 over its SubjectPublicKeyInfo.
 */
export function issuerKeyIdOf(ca: Certificate): Uint8Array {
  return ca.subjectKeyIdentifier ?? hashOnce('SHA-256', ca.subjectPublicKeyInfo).slice(0, 20);
}

/** RFC 5280 §6.3.3 (f): a CRL issuer with a key usage extension must have cRLSign. */
export function canSignCrls(ca: Certificate): boolean {
  return ca.keyUsage === undefined || ca.keyUsage.has('cRLSign');
}

/** Trust-store CAs that could have signed a CRL with this issuer name, before the signature is known. */
export function crlIssuerCandidates(store: TrustStore, issuer: DistinguishedName): Certificate[] {
  const candidates = store.issuerCandidates(issuer);
  if (candidates.length === 0) throw new CrlSignatureError(`no trusted CA is named ${issuer.text}`);
  return candidates;
}

/** The CA whose key verifies the CRL's signature over its tbsCertList digest. */
export function selectCrlIssuer(summary: CrlSummary, store: TrustStore): Certificate {
  if (!summary.tbsDigest) throw new CrlSignatureError('the list was read without hashing it');
  const issuer = crlIssuerName(summary.issuer);
  const candidates = store.issuerCandidates(issuer, summary.authorityKeyIdentifier);
  if (candidates.length === 0) throw new CrlSignatureError(`no trusted CA is named ${issuer.text}`);
  for (const candidate of candidates) {
    const verified = verifyDigestSignature({
      algorithm: summary.signatureAlgorithm,
      publicKey: candidate.subjectPublicKeyInfo,
      digest: summary.tbsDigest,
      signature: summary.signatureValue,
    });
    if (!verified) continue;
    if (!canSignCrls(candidate)) throw new CrlSignatureError(`the CA ${candidate.serialHex} may not sign revocation lists (no cRLSign)`);
    return candidate;
  }
  return fail(candidates.length);
}

function fail(count: number): never {
  throw new CrlSignatureError(`the signature does not verify under ${count} trusted CA(s) with that name`);
}
