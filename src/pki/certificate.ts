/**
 * X.509 certificates (RFC 5280 §4.1) as a plain typed model, parsed with PKI.js/asn1js and kept
 * with the exact bytes the signatures cover.
 *
 *   Certificate ::= SEQUENCE { tbsCertificate TBSCertificate,
 *                              signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesToHex } from '../protocol/encoding.ts';
import { MalformedCertificateError } from './errors.ts';
import { readExtensions, type CertificateExtensions } from './extensions.ts';
import { nameFromPkijs, type DistinguishedName } from './name.ts';

export interface AlgorithmIdentifier {
  oid: string;
  /** DER of the parameters, when present (RSA-PSS parameters, EC curve OID). */
  parameters: Uint8Array | undefined;
}

export interface Certificate extends CertificateExtensions {
  der: Uint8Array<ArrayBuffer>;
  version: number;
  /** The serial number's value bytes as encoded (two's complement, may start with 00). */
  serialNumber: Uint8Array;
  /** Uppercase hex of the serial's value without a leading 00 byte, as OpenSSL prints it. */
  serialHex: string;
  issuer: DistinguishedName;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  /** DER of SubjectPublicKeyInfo, ready for WebCrypto importKey('spki'). */
  subjectPublicKeyInfo: Uint8Array<ArrayBuffer>;
  publicKeyAlgorithm: AlgorithmIdentifier;
  /** DER of tbsCertificate: the bytes the issuer signed. */
  tbs: Uint8Array<ArrayBuffer>;
  signatureAlgorithm: AlgorithmIdentifier;
  signatureValue: Uint8Array<ArrayBuffer>;
}

/** Largest certificate accepted; real JPKI certificates are about 1.2-1.4 KB. */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;

export function algorithmFromPkijs(algorithm: pkijs.AlgorithmIdentifier): AlgorithmIdentifier {
  const params = algorithm.algorithmParams as asn1js.BaseBlock | undefined;
  const parameters = params && !(params instanceof asn1js.Null) ? new Uint8Array(params.toBER(false)) : undefined;
  return { oid: algorithm.algorithmId, parameters };
}

/** Serial value as OpenSSL prints it: uppercase hex, no leading 00 (keeps at least one byte). */
export function serialToHex(serial: Uint8Array): string {
  let start = 0;
  while (start < serial.length - 1 && serial[start] === 0) start++;
  return bytesToHex(serial.subarray(start)).toUpperCase();
}

function exactCopy(view: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(view);
}

export function parseCertificate(der: Uint8Array): Certificate {
  if (der.length === 0) throw new MalformedCertificateError('empty input');
  if (der.length > MAX_CERTIFICATE_BYTES) throw new MalformedCertificateError(`larger than ${MAX_CERTIFICATE_BYTES} bytes`);
  const bytes = exactCopy(der);
  let asn1: ReturnType<typeof asn1js.fromBER>;
  try {
    asn1 = asn1js.fromBER(bytes);
  } catch (cause) {
    // asn1js throws, instead of reporting, on some malformed values (a GeneralizedTime that is not a time).
    throw new MalformedCertificateError('not DER: a value cannot be decoded', { cause });
  }
  if (asn1.offset === -1) throw new MalformedCertificateError(`not DER: ${asn1.result.error || 'cannot decode'}`);
  if (asn1.offset !== bytes.length) throw new MalformedCertificateError('trailing bytes after the certificate');
  let certificate: pkijs.Certificate;
  try {
    certificate = new pkijs.Certificate({ schema: asn1.result });
  } catch (cause) {
    throw new MalformedCertificateError('not an X.509 certificate', { cause });
  }
  const extensions = readExtensions(certificate.extensions);
  const serialNumber = exactCopy(certificate.serialNumber.valueBlock.valueHexView);
  if (serialNumber.length === 0) throw new MalformedCertificateError('empty serial number');
  return {
    ...extensions,
    der: bytes,
    version: certificate.version + 1,
    serialNumber,
    serialHex: serialToHex(serialNumber),
    issuer: nameFromPkijs(certificate.issuer),
    subject: nameFromPkijs(certificate.subject),
    notBefore: certificate.notBefore.value,
    notAfter: certificate.notAfter.value,
    subjectPublicKeyInfo: new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER(false)),
    publicKeyAlgorithm: algorithmFromPkijs(certificate.subjectPublicKeyInfo.algorithm),
    tbs: exactCopy(certificate.tbsView),
    signatureAlgorithm: algorithmFromPkijs(certificate.signatureAlgorithm),
    signatureValue: exactCopy(certificate.signatureValue.valueBlock.valueHexView),
  };
}

/** True when the certificate's validity period contains `at` (RFC 5280 §4.1.2.5, inclusive). */
export function isWithinValidity(certificate: Certificate, at: Date): boolean {
  const t = at.getTime();
  return t >= certificate.notBefore.getTime() && t <= certificate.notAfter.getTime();
}
