/**
 * Opening a revocation package on a device: the publisher's key must be the one pinned at
 * enrollment, the Ed25519 signature (RFC 8032, strict: no ZIP-215 leniency) must verify over the
 * header, and the payload must have the digest the header names; only then is the payload read.
 * Verification is @noble/curves (audited, pure JavaScript): it runs in every worker and every
 * Chromium, while WebCrypto's Ed25519 only arrived in Chrome 137 and shelter tablets lag behind.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesEqual } from '../../protocol/encoding.ts';
import { decodeManifest, decodeShard } from '../compact-index/format.ts';
import type { IndexManifest, RevocationIndex, Shard } from '../compact-index/model.ts';
import { RevocationPackageFormatError, RevocationPackageKeyError, RevocationPackageSignatureError } from '../errors.ts';
import { payloadParts, splitPackage, type PackageHeader } from './format.ts';

export type RevocationPackage =
  | { kind: 'snapshot'; header: PackageHeader; index: RevocationIndex }
  /** `target`: the manifest the issuer's index has once `delta` is applied. */
  | { kind: 'delta'; header: PackageHeader; target: IndexManifest; delta: RevocationIndex };

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  const bytes = data.buffer instanceof ArrayBuffer ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data.slice();
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

function verifySignature(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    // A signature or key that is not a curve point: not a valid signature.
    return false;
  }
}

function shardsOf(manifest: IndexManifest, parts: readonly Uint8Array[]): Shard[] {
  if (parts.length !== manifest.shards.length) throw new RevocationPackageFormatError(`${parts.length} shards where the manifest has ${manifest.shards.length}`);
  return parts.map((bytes, index) => decodeShard(bytes, { index, ...(manifest.shards[index] as { count: number; width: number }) }));
}

/** Verifies a package against the pinned publishing key and reads it; throws a RevocationError otherwise. */
export async function openRevocationPackage(bytes: Uint8Array, pinnedPublicKey: Uint8Array): Promise<RevocationPackage> {
  const { header, headerBytes, signature, payload } = splitPackage(bytes);
  if (!bytesEqual(header.publicKey, pinnedPublicKey)) throw new RevocationPackageKeyError();
  if (!verifySignature(signature, headerBytes, pinnedPublicKey)) throw new RevocationPackageSignatureError('header signature');
  if (!bytesEqual(await sha256(payload), header.payloadDigest)) throw new RevocationPackageSignatureError('content digest');

  const parts = payloadParts(payload);
  const [first, second] = parts;
  if (!first) throw new RevocationPackageFormatError('no manifest');
  const manifest = decodeManifest(first);
  if (!bytesEqual(manifest.issuerKeyId, header.issuerKeyId)) throw new RevocationPackageFormatError('the manifest names another issuer');
  if (header.kind === 'snapshot') return { kind: 'snapshot', header, index: { manifest, shards: shardsOf(manifest, parts.slice(1)) } };

  if (!second) throw new RevocationPackageFormatError('no delta manifest');
  const deltaManifest = decodeManifest(second);
  if (deltaManifest.shardBits !== manifest.shardBits || !bytesEqual(deltaManifest.issuerKeyId, header.issuerKeyId)) {
    throw new RevocationPackageFormatError('the delta is laid out for another index');
  }
  return { kind: 'delta', header, target: manifest, delta: { manifest: deltaManifest, shards: shardsOf(deltaManifest, parts.slice(2)) } };
}
