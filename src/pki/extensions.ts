/**
 * The certificate extensions the product acts on (RFC 5280 §4.2), read from PKI.js's parsed
 * extensions into plain values.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { MalformedCertificateError } from './errors.ts';
import { OID } from './oids.ts';

/** RFC 5280 §4.2.1.3 KeyUsage bits, in bit order. */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGE_BITS)[number];

export interface BasicConstraints {
  ca: boolean;
  pathLength: number | undefined;
}

export interface CertificateExtensions {
  subjectKeyIdentifier: Uint8Array | undefined;
  authorityKeyIdentifier: Uint8Array | undefined;
  /** Undefined when the extension is absent (any usage allowed by RFC 5280). */
  keyUsage: ReadonlySet<KeyUsage> | undefined;
  basicConstraints: BasicConstraints | undefined;
  extendedKeyUsage: readonly string[] | undefined;
  certificatePolicies: readonly string[] | undefined;
  /** OIDs of critical extensions this module does not process. */
  unhandledCritical: readonly string[];
}

function keyUsageFromBitString(bits: asn1js.BitString): Set<KeyUsage> {
  const bytes = bits.valueBlock.valueHexView;
  const usages = new Set<KeyUsage>();
  KEY_USAGE_BITS.forEach((usage, bit) => {
    const byte = bytes[bit >> 3] ?? 0;
    if (byte & (0x80 >> (bit & 7))) usages.add(usage);
  });
  return usages;
}

function expect<T>(value: unknown, type: abstract new (...args: never[]) => T, what: string): T {
  if (!(value instanceof type)) throw new MalformedCertificateError(`${what} extension cannot be decoded`);
  return value;
}

export function readExtensions(extensions: readonly pkijs.Extension[] = []): CertificateExtensions {
  const result: CertificateExtensions = {
    subjectKeyIdentifier: undefined,
    authorityKeyIdentifier: undefined,
    keyUsage: undefined,
    basicConstraints: undefined,
    extendedKeyUsage: undefined,
    certificatePolicies: undefined,
    unhandledCritical: [],
  };
  const seen = new Set<string>();
  const unhandledCritical: string[] = [];
  for (const extension of extensions) {
    // RFC 5280 §4.2: a certificate MUST NOT include more than one instance of an extension.
    if (seen.has(extension.extnID)) throw new MalformedCertificateError(`extension ${extension.extnID} appears twice`);
    seen.add(extension.extnID);
    const parsed: unknown = extension.parsedValue;
    switch (extension.extnID) {
      case OID.subjectKeyIdentifier:
        result.subjectKeyIdentifier = new Uint8Array(expect(parsed, asn1js.OctetString, 'subjectKeyIdentifier').valueBlock.valueHexView);
        break;
      case OID.authorityKeyIdentifier: {
        const aki = expect(parsed, pkijs.AuthorityKeyIdentifier, 'authorityKeyIdentifier');
        if (aki.keyIdentifier) result.authorityKeyIdentifier = new Uint8Array(aki.keyIdentifier.valueBlock.valueHexView);
        break;
      }
      case OID.keyUsage:
        result.keyUsage = keyUsageFromBitString(expect(parsed, asn1js.BitString, 'keyUsage'));
        break;
      case OID.basicConstraints: {
        const bc = expect(parsed, pkijs.BasicConstraints, 'basicConstraints');
        const pathLength = bc.pathLenConstraint;
        result.basicConstraints = {
          ca: bc.cA === true,
          pathLength: pathLength === undefined ? undefined : typeof pathLength === 'number' ? pathLength : pathLength.valueBlock.valueDec,
        };
        break;
      }
      case OID.extKeyUsage:
        result.extendedKeyUsage = expect(parsed, pkijs.ExtKeyUsage, 'extKeyUsage').keyPurposes;
        break;
      case OID.certificatePolicies:
        result.certificatePolicies = expect(parsed, pkijs.CertificatePolicies, 'certificatePolicies').certificatePolicies.map(
          (p) => p.policyIdentifier,
        );
        break;
      default:
        if (extension.critical) unhandledCritical.push(extension.extnID);
    }
  }
  result.unhandledCritical = unhandledCritical;
  return result;
}
