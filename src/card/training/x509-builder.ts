/**
 * Making X.509 certificates and CRLs for the training JPKI hierarchy with PKI.js and WebCrypto
 * (RFC 5280 §4.1, §5.1), so the browser's training reader, the server and the tests all make
 * them the same way. sha256WithRSAEncryption, as J-LIS signs.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { KEY_USAGE_BITS, type KeyUsage } from '../../pki/extensions.ts';
import { OID } from '../../pki/oids.ts';
import { hexToBytes } from '../../protocol/encoding.ts';

export interface NameAttributeSpec {
  type: string;
  value: string;
}

export const RSA_SIGNING: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};

export async function generateRsaKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(RSA_SIGNING, true, ['sign', 'verify']);
}

/**
 * A Name with one attribute per RDN, as the JPKI names are encoded (C as PrintableString,
 * everything else UTF8String). PKI.js would put every attribute into a single multi-valued RDN,
 * so the RDNSequence is built here and handed to it as encoded bytes.
 */
export function buildName(attributes: readonly NameAttributeSpec[]): pkijs.RelativeDistinguishedNames {
  const rdns = new asn1js.Sequence({
    value: attributes.map(
      (a) =>
        new asn1js.Set({
          value: [
            new pkijs.AttributeTypeAndValue({
              type: a.type,
              value: a.type === OID.countryName ? new asn1js.PrintableString({ value: a.value }) : new asn1js.Utf8String({ value: a.value }),
            }).toSchema(),
          ],
        }),
    ),
  });
  return pkijs.RelativeDistinguishedNames.fromBER(rdns.toBER(false));
}

/** RFC 5280 §4.2.1.3 as a DER named-bit BIT STRING (trailing zero bits dropped, X.690 §11.2.2). */
export function keyUsageBitString(usages: readonly KeyUsage[]): asn1js.BitString {
  const bits = usages.map((u) => KEY_USAGE_BITS.indexOf(u));
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  const unused = 7 - (highest % 8);
  return new asn1js.BitString({ valueHex: bytes, unusedBits: unused });
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's value. */
export async function keyIdentifierOf(publicKey: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  const spki = pkijs.PublicKeyInfo.fromBER(await crypto.subtle.exportKey('spki', publicKey));
  return new Uint8Array(await crypto.subtle.digest('SHA-1', new Uint8Array(spki.subjectPublicKey.valueBlock.valueHexView)));
}

/**
 * Signs a certificate or CRL with sha256WithRSAEncryption written with NULL parameters, as
 * J-LIS's certificates have it (RFC 4055 §5); PKI.js's own sign() leaves the parameters out.
 */
async function signSha256Rsa(item: pkijs.Certificate | pkijs.CertificateRevocationList, privateKey: CryptoKey): Promise<void> {
  const algorithm = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRSAEncryption, algorithmParams: new asn1js.Null() });
  item.signature = algorithm;
  item.signatureAlgorithm = algorithm;
  // toSchema(true) encodes the TBS part from the fields (PKI.js keeps encodeTBS protected on CRLs).
  const [tbsSchema] = item.toSchema(true).valueBlock.value;
  if (!tbsSchema) throw new Error('no TBS part');
  const tbs = new Uint8Array(tbsSchema.toBER(false));
  item.tbsView = tbs;
  item.signatureValue = new asn1js.BitString({ valueHex: await crypto.subtle.sign('RSASSA-PKCS1-v1_5', privateKey, tbs) });
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

/** A positive INTEGER with these value bytes (a leading 00 is added when the top bit is set). */
export function positiveInteger(bytes: Uint8Array): asn1js.Integer {
  const value = (bytes[0] ?? 0) & 0x80 ? new Uint8Array([0, ...bytes]) : new Uint8Array(bytes);
  return new asn1js.Integer({ valueHex: value });
}

function time(date: Date): pkijs.Time {
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  return new pkijs.Time({ type: date.getUTCFullYear() < 2050 ? pkijs.TimeType.UTCTime : pkijs.TimeType.GeneralizedTime, value: date });
}

export interface CertificateSpec {
  serialNumber: Uint8Array;
  issuer: readonly NameAttributeSpec[];
  subject: readonly NameAttributeSpec[];
  notBefore: Date;
  notAfter: Date;
  subjectPublicKey: CryptoKey;
  issuerPrivateKey: CryptoKey;
  /** The issuer's subject key identifier; omitted for a self-signed root, as J-LIS's roots do. */
  authorityKeyIdentifier?: Uint8Array;
  ca: boolean;
  keyUsage: readonly KeyUsage[];
  /** CRL distribution point as a directoryName (the JPKI CAs point at their own DN). */
  crlDistributionPoint?: readonly NameAttributeSpec[];
}

export async function buildCertificate(spec: CertificateSpec): Promise<Uint8Array<ArrayBuffer>> {
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = positiveInteger(spec.serialNumber);
  certificate.issuer = buildName(spec.issuer);
  certificate.subject = buildName(spec.subject);
  certificate.notBefore = time(spec.notBefore);
  certificate.notAfter = time(spec.notAfter);
  await certificate.subjectPublicKeyInfo.importKey(spec.subjectPublicKey);

  const extensions: pkijs.Extension[] = [extension(OID.keyUsage, true, keyUsageBitString(spec.keyUsage))];
  if (spec.ca) extensions.push(extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: true }).toSchema()));
  if (spec.crlDistributionPoint) {
    const point = new pkijs.DistributionPoint({
      distributionPoint: [new pkijs.GeneralName({ type: 4, value: buildName(spec.crlDistributionPoint) })],
    });
    extensions.push(extension(OID.cRLDistributionPoints, false, new pkijs.CRLDistributionPoints({ distributionPoints: [point] }).toSchema()));
  }
  extensions.push(extension(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: await keyIdentifierOf(spec.subjectPublicKey) })));
  if (spec.authorityKeyIdentifier) {
    const aki = new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: new Uint8Array(spec.authorityKeyIdentifier) }) });
    extensions.push(extension(OID.authorityKeyIdentifier, false, aki.toSchema()));
  }
  certificate.extensions = extensions;
  await signSha256Rsa(certificate, spec.issuerPrivateKey);
  return new Uint8Array(certificate.toSchema(true).toBER(false));
}

export interface CrlEntrySpec {
  serialNumber: Uint8Array;
  revocationDate: Date;
  /** RFC 5280 §5.3.1 CRLReason code; omitted = no reasonCode extension. */
  reasonCode?: number;
}

export interface CrlSpec {
  issuer: readonly NameAttributeSpec[];
  issuerPrivateKey: CryptoKey;
  authorityKeyIdentifier: Uint8Array;
  crlNumber: bigint;
  thisUpdate: Date;
  nextUpdate: Date;
  entries: readonly CrlEntrySpec[];
}

function integerOf(value: bigint): asn1js.Integer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return positiveInteger(hexToBytes(hex));
}

/** A v2 CRL (RFC 5280 §5.1) with cRLNumber and authorityKeyIdentifier, reason codes as entry extensions. */
export async function buildCrl(spec: CrlSpec): Promise<Uint8Array<ArrayBuffer>> {
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.issuer = buildName(spec.issuer);
  crl.thisUpdate = time(spec.thisUpdate);
  crl.nextUpdate = time(spec.nextUpdate);
  if (spec.entries.length > 0) {
    crl.revokedCertificates = spec.entries.map(
      (entry) =>
        new pkijs.RevokedCertificate({
          userCertificate: positiveInteger(entry.serialNumber),
          revocationDate: time(entry.revocationDate),
          ...(entry.reasonCode === undefined
            ? {}
            : { crlEntryExtensions: new pkijs.Extensions({ extensions: [extension(OID.reasonCode, false, new asn1js.Enumerated({ value: entry.reasonCode }))] }) }),
        }),
    );
  }
  const aki = new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: new Uint8Array(spec.authorityKeyIdentifier) }) });
  crl.crlExtensions = new pkijs.Extensions({
    extensions: [extension(OID.authorityKeyIdentifier, false, aki.toSchema()), extension(OID.cRLNumber, false, integerOf(spec.crlNumber))],
  });
  await signSha256Rsa(crl, spec.issuerPrivateKey);
  return new Uint8Array(crl.toSchema(true).toBER(false));
}
