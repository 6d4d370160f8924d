/**
 * Revocation packages: how the server publishes an issuer's compact index to devices, signed
 * with its Ed25519 publishing key. Version 1, integers big-endian:
 *
 *   Header:    "SKRP"  u16 format version  u16 header length H  u8 kind (1 snapshot, 2 delta)  u8 0
 *              32 bytes Ed25519 public key of the publisher
 *              u8+bytes issuerKeyId
 *              u32 version  u32 fromVersion (0 for a snapshot)  u32 createdAt (s)
 *              u32 payload length  32 bytes SHA-256 of the payload
 *   Signature: 64 bytes, Ed25519 (RFC 8032) over the H header bytes
 *   Payload:   u32 n, then n × (u32 length, bytes), each in the index format of
 *              compact-index/format.ts:
 *                snapshot  [manifest, shard 0 … shard 2^bits − 1]
 *                delta     [manifest after the delta, delta manifest, delta shard 0 … 2^bits − 1]
 *
 * The signature covers the header, and the header the payload's digest, so a device checks a
 * signature over a hundred bytes and one SHA-256 over the rest. A delta's records follow the
 * delta CRL convention (removeFromCRL takes a serial out); its manifest's baseCrlNumber names
 * the list it applies to. `version` counts the server's indexes of the issuer (1, 2, 3…).
 */
import { RevocationPackageFormatError } from '../errors.ts';

export const PACKAGE_FORMAT_VERSION = 1;
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;
const MAGIC = 0x534b5250; // "SKRP"
const DIGEST_BYTES = 32;

export type PackageKind = 'snapshot' | 'delta';
const KIND_CODES: Record<PackageKind, number> = { snapshot: 1, delta: 2 };

export interface PackageHeader {
  kind: PackageKind;
  publicKey: Uint8Array;
  issuerKeyId: Uint8Array;
  version: number;
  fromVersion: number;
  createdAt: Date;
  payloadLength: number;
  payloadDigest: Uint8Array;
}

/** A package split into its parts; nothing is verified yet (see verify.ts). */
export interface PackageParts {
  header: PackageHeader;
  headerBytes: Uint8Array;
  signature: Uint8Array;
  payload: Uint8Array;
}

export function encodePackageHeader(h: PackageHeader): Uint8Array<ArrayBuffer> {
  if (h.publicKey.length !== ED25519_PUBLIC_KEY_BYTES) throw new RevocationPackageFormatError('the public key is not 32 bytes');
  if (h.payloadDigest.length !== DIGEST_BYTES) throw new RevocationPackageFormatError('the digest is not 32 bytes');
  if (h.issuerKeyId.length > 255) throw new RevocationPackageFormatError('issuer key id too long');
  const size = 10 + ED25519_PUBLIC_KEY_BYTES + 1 + h.issuerKeyId.length + 16 + DIGEST_BYTES;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC);
  view.setUint16(4, PACKAGE_FORMAT_VERSION);
  view.setUint16(6, size);
  view.setUint8(8, KIND_CODES[h.kind]);
  let p = 10;
  out.set(h.publicKey, p);
  p += ED25519_PUBLIC_KEY_BYTES;
  view.setUint8(p, h.issuerKeyId.length);
  out.set(h.issuerKeyId, p + 1);
  p += 1 + h.issuerKeyId.length;
  view.setUint32(p, h.version);
  view.setUint32(p + 4, h.fromVersion);
  view.setUint32(p + 8, Math.floor(h.createdAt.getTime() / 1000));
  view.setUint32(p + 12, h.payloadLength);
  out.set(h.payloadDigest, p + 16);
  return out;
}

function decodeHeader(bytes: Uint8Array, view: DataView): { header: PackageHeader; length: number } {
  const fail = (detail: string): never => {
    throw new RevocationPackageFormatError(detail);
  };
  if (bytes.length < 10) fail('too short');
  if (view.getUint32(0) !== MAGIC) fail('not a revocation package');
  if (view.getUint16(4) !== PACKAGE_FORMAT_VERSION) fail(`format version ${view.getUint16(4)}`);
  const length = view.getUint16(6);
  const kindCode = view.getUint8(8);
  const kind = (Object.keys(KIND_CODES) as PackageKind[]).find((k) => KIND_CODES[k] === kindCode) ?? fail(`unknown kind ${kindCode}`);
  let p = 10;
  if (length > bytes.length || p + ED25519_PUBLIC_KEY_BYTES + 1 > length) fail('header truncated');
  const publicKey = bytes.slice(p, p + ED25519_PUBLIC_KEY_BYTES);
  p += ED25519_PUBLIC_KEY_BYTES;
  const idLength = view.getUint8(p);
  if (p + 1 + idLength + 16 + DIGEST_BYTES !== length) fail('header length does not match its fields');
  const issuerKeyId = bytes.slice(p + 1, p + 1 + idLength);
  p += 1 + idLength;
  const header: PackageHeader = {
    kind,
    publicKey,
    issuerKeyId,
    version: view.getUint32(p),
    fromVersion: view.getUint32(p + 4),
    createdAt: new Date(view.getUint32(p + 8) * 1000),
    payloadLength: view.getUint32(p + 12),
    payloadDigest: bytes.slice(p + 16, p + 16 + DIGEST_BYTES),
  };
  if ((kind === 'snapshot') !== (header.fromVersion === 0) || header.version <= header.fromVersion) fail('versions do not fit the kind');
  return { header, length };
}

/** Splits a package into header, signature and payload, checking sizes only. */
export function splitPackage(bytes: Uint8Array): PackageParts {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { header, length } = decodeHeader(bytes, view);
  if (bytes.length !== length + ED25519_SIGNATURE_BYTES + header.payloadLength) {
    throw new RevocationPackageFormatError(`${bytes.length} bytes where the header announces ${length + ED25519_SIGNATURE_BYTES + header.payloadLength}`);
  }
  return {
    header,
    headerBytes: bytes.subarray(0, length),
    signature: bytes.subarray(length, length + ED25519_SIGNATURE_BYTES),
    payload: bytes.subarray(length + ED25519_SIGNATURE_BYTES),
  };
}

/** A u32 of the payload framing: the part count, or a part's length. */
export function u32(value: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/** A payload's bytes in order, without copying the parts: the count, then each length and part. */
export function* payloadChunks(parts: Iterable<Uint8Array>, count: number): Generator<Uint8Array> {
  yield u32(count);
  for (const part of parts) {
    yield u32(part.length);
    yield part;
  }
}

export function payloadLength(partLengths: readonly number[]): number {
  return partLengths.reduce((sum, n) => sum + 4 + n, 4);
}

/** A payload in one buffer (small packages and tests). */
export function encodePayload(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(payloadLength(parts.map((p) => p.length)));
  let at = 0;
  for (const chunk of payloadChunks(parts, parts.length)) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The parts of a payload, as views into it. */
export function payloadParts(payload: Uint8Array): Uint8Array[] {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  if (payload.length < 4) throw new RevocationPackageFormatError('payload too short');
  const count = view.getUint32(0);
  const parts: Uint8Array[] = [];
  let p = 4;
  for (let i = 0; i < count; i++) {
    if (p + 4 > payload.length) throw new RevocationPackageFormatError('payload truncated');
    const n = view.getUint32(p);
    if (p + 4 + n > payload.length) throw new RevocationPackageFormatError('payload part truncated');
    parts.push(payload.subarray(p + 4, p + 4 + n));
    p += 4 + n;
  }
  if (p !== payload.length) throw new RevocationPackageFormatError('bytes after the last payload part');
  return parts;
}
