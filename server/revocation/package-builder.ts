/**
 * Signs revocation packages (src/revocation/package/format.ts) with the publishing key. The
 * payload is hashed as it will be sent (count, then each part with its length) without being
 * copied into one buffer, so a snapshot of a 10M-entry index costs no second copy of it.
 */
import { createHash } from 'node:crypto';
import { encodePackageHeader, payloadChunks, payloadLength, type PackageKind } from '../../src/revocation/index.ts';
import type { PublishingKey } from './publishing-key.ts';

export interface PackageIdentity {
  kind: PackageKind;
  issuerKeyId: Uint8Array;
  version: number;
  fromVersion: number;
  createdAt: Date;
}

/** Header and signature of a package whose payload is made of `parts`; the payload follows them. */
export function signedHead(key: PublishingKey, identity: PackageIdentity, parts: readonly Uint8Array[]): { head: Uint8Array; payloadLength: number } {
  const hash = createHash('sha256');
  for (const chunk of payloadChunks(parts, parts.length)) hash.update(chunk);
  const length = payloadLength(parts.map((p) => p.length));
  const header = encodePackageHeader({ ...identity, publicKey: key.publicKey, payloadLength: length, payloadDigest: new Uint8Array(hash.digest()) });
  const signature = key.sign(header);
  const head = new Uint8Array(header.length + signature.length);
  head.set(header);
  head.set(signature, header.length);
  return { head, payloadLength: length };
}

/** A whole package in one buffer (deltas, which are small, are stored this way). */
export function buildPackage(key: PublishingKey, identity: PackageIdentity, parts: readonly Uint8Array[]): Uint8Array {
  const { head, payloadLength: length } = signedHead(key, identity, parts);
  const out = new Uint8Array(head.length + length);
  out.set(head);
  let at = head.length;
  for (const chunk of payloadChunks(parts, parts.length)) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
