/**
 * Checking the 4 attributes against the card's integrity record: DF32 must equal SHA-256 of the
 * signed part of FF20, DF33 must verify under the key in the CV certificate (EF 0004), and the
 * CV certificate must verify under the configured J-LIS key. All three, or the attributes are not
 * called verified.
 */
import type { AttributesRecord } from './four-attributes.ts';
import { parseCvCertificate } from './cv-certificate.ts';
import type { IntegrityRecord } from './integrity-record.ts';
import { verifyRsaSha256, type RsaPublicKeyComponents } from '../rsa-public-key.ts';
import { bytesEqual } from '../../protocol/encoding.ts';

export interface IntegrityVerification {
  /** True only when every check below passed. */
  verified: boolean;
  attributesDigestMatches: boolean;
  recordSignatureValid: boolean;
  /** 'no-issuer-key' when no J-LIS key is configured: the CV certificate could not be checked. */
  cvCertificate: 'trusted' | 'untrusted' | 'no-issuer-key';
}

export async function verifyAttributesIntegrity(input: {
  attributes: AttributesRecord;
  record: IntegrityRecord;
  cvCertificate: Uint8Array;
  cvIssuerKey: RsaPublicKeyComponents | undefined;
}): Promise<IntegrityVerification> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(input.attributes.signedPart)));
  const attributesDigestMatches = bytesEqual(digest, input.record.attributesDigest);
  const cv = parseCvCertificate(input.cvCertificate);
  const recordSignatureValid = await verifyRsaSha256(cv.publicKey, input.record.signedData, input.record.signature);
  const cvCertificate = input.cvIssuerKey
    ? (await verifyRsaSha256(input.cvIssuerKey, cv.body, cv.signature))
      ? 'trusted'
      : 'untrusted'
    : 'no-issuer-key';
  return {
    verified: attributesDigestMatches && recordSignatureValid && cvCertificate === 'trusted',
    attributesDigestMatches,
    recordSignatureValid,
    cvCertificate,
  };
}
