/**
 * A certificate a relying system or the counter sends (base64 DER), parsed once, with what the
 * MyKey functions need of it: its JPKI kind (by the issuer's DN pattern), MyKey ID, and the facts
 * a person's record keeps (hash, issuer key id, serial, notAfter).
 */
import { createHash } from 'node:crypto';
import { parseCertificate, type Certificate } from '../../src/pki/certificate.ts';
import { MalformedCertificateError } from '../../src/pki/errors.ts';
import { classifyJpkiName } from '../../src/pki/jpki-profile.ts';
import { MyKeyIdFormatError, myKeyIdOf } from '../../src/pki/mykey-id.ts';
import { base64ToBytes, bytesToHex, InvalidEncodingError } from '../../src/protocol/encoding.ts';
import type { CertificateType } from '../../src/protocol/mykey-api.ts';
import { ApiError } from '../errors.ts';
import type { CertificateFacts } from '../storage/mykey-persons-repository.ts';

export interface PresentedCertificate {
  der: Uint8Array<ArrayBuffer>;
  certificate: Certificate;
  /** Undefined when the issuer is not named like a JPKI CA. */
  type: CertificateType | undefined;
  /** The MyKey ID of a user-authentication certificate whose CN has that form. */
  mykeyId: string | undefined;
  hash: string;
  issuerKeyId: string;
  serial: string;
}

/** Parses base64 DER; anything that is not one certificate is a 400 (not a verdict). */
export function presentCertificate(base64: string): PresentedCertificate {
  let certificate: Certificate;
  try {
    certificate = parseCertificate(base64ToBytes(base64));
  } catch (error) {
    if (error instanceof InvalidEncodingError || error instanceof MalformedCertificateError) throw new ApiError('not_a_certificate');
    throw error;
  }
  const type = classifyJpkiName(certificate.issuer)?.kind;
  let mykeyId: string | undefined;
  if (type === 'user-authentication') {
    try {
      mykeyId = myKeyIdOf(certificate).value;
    } catch (error) {
      if (!(error instanceof MyKeyIdFormatError)) throw error;
    }
  }
  return {
    der: certificate.der,
    certificate,
    type,
    mykeyId,
    hash: createHash('sha256').update(certificate.der).digest('hex'),
    issuerKeyId: certificate.authorityKeyIdentifier ? bytesToHex(certificate.authorityKeyIdentifier) : '',
    serial: certificate.serialHex,
  };
}

/** What a person's record keeps of a user-authentication certificate with a MyKey ID. */
export function certificateFacts(presented: PresentedCertificate): CertificateFacts {
  if (presented.mykeyId === undefined) throw new Error('certificateFacts: not a user-authentication certificate with a MyKey ID');
  return { hash: presented.hash, issuerKeyId: presented.issuerKeyId, serial: presented.serial, mykeyId: presented.mykeyId, notAfter: presented.certificate.notAfter };
}
