/**
 * Hand-assembled CRLs for the cases OpenSSL will not make (entry extensions of any kind,
 * non-canonical encodings), signed for real with the CA's key through node:crypto, so a test
 * can tell "refused for this reason" from "refused because the signature broke".
 */
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { oidBytes } from '../../src/revocation/der.ts';

function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length];
  const out: number[] = [];
  for (let v = length; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const content = parts.flatMap((p) => [...p]);
  return Uint8Array.from([tag, ...lengthBytes(content.length), ...content]);
}

export const seq = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => tlv(0x30, ...parts);
export const int = (...bytes: number[]): Uint8Array<ArrayBuffer> => tlv(0x02, Uint8Array.from(bytes));
export const oid = (dotted: string): Uint8Array<ArrayBuffer> => tlv(0x06, oidBytes(dotted));
export const octets = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => tlv(0x04, ...parts);

function timeText(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export const utcTime = (date: Date): Uint8Array<ArrayBuffer> => tlv(0x17, new TextEncoder().encode(`${timeText(date).slice(2)}Z`));
export const generalizedTime = (date: Date): Uint8Array<ArrayBuffer> => tlv(0x18, new TextEncoder().encode(`${timeText(date)}Z`));

export function extension(dotted: string, critical: boolean, value: Uint8Array): Uint8Array<ArrayBuffer> {
  return critical ? seq(oid(dotted), tlv(0x01, Uint8Array.of(0xff)), octets(value)) : seq(oid(dotted), octets(value));
}

export const reasonCode = (code: number): Uint8Array<ArrayBuffer> => extension('2.5.29.21', false, tlv(0x0a, Uint8Array.of(code)));

export function entry(serial: number[], revoked: Date, ...extensions: Uint8Array[]): Uint8Array<ArrayBuffer> {
  return extensions.length > 0 ? seq(int(...serial), utcTime(revoked), seq(...extensions)) : seq(int(...serial), utcTime(revoked));
}

const SHA256_WITH_RSA = seq(oid('1.2.840.113549.1.1.11'), Uint8Array.of(0x05, 0x00));

export interface TbsParts {
  /** 1 omits the version field (a v1 CRL); default 2. */
  version?: 1 | 2;
  issuerName: Uint8Array;
  thisUpdate: Date;
  nextUpdate?: Date;
  entries: Uint8Array[];
  /** CRL extensions (each an Extension SEQUENCE). */
  extensions?: Uint8Array[];
}

export function tbsCertList(parts: TbsParts): Uint8Array<ArrayBuffer> {
  return seq(
    ...(parts.version === 1 ? [] : [int(1)]),
    SHA256_WITH_RSA,
    parts.issuerName,
    utcTime(parts.thisUpdate),
    ...(parts.nextUpdate ? [utcTime(parts.nextUpdate)] : []),
    ...(parts.entries.length > 0 ? [seq(...parts.entries)] : []),
    ...(parts.extensions && parts.extensions.length > 0 ? [tlv(0xa0, seq(...parts.extensions))] : []),
  );
}

/** Signs a tbsCertList with an RSA key file (sha256WithRSAEncryption) into a CertificateList. */
export function signCrl(tbs: Uint8Array, keyPath: string): Uint8Array<ArrayBuffer> {
  const signature = sign('sha256', tbs, createPrivateKey(readFileSync(keyPath)));
  return seq(tbs, SHA256_WITH_RSA, tlv(0x03, Uint8Array.of(0), signature));
}
