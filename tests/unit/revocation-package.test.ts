/**
 * Revocation packages: the delta between two lists of a CA (diffIndexes) turns the older index
 * into the newer through applyDelta; packages signed by the server's key (node:crypto Ed25519)
 * verify on the device side (@noble/curves) only under the pinned key and untouched.
 */
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { buildPackage } from '../../server/revocation/package-builder.ts';
import { ephemeralPublishingKey, type PublishingKey } from '../../server/revocation/publishing-key.ts';
import { base64ToBytes } from '../../src/protocol/encoding.ts';
import {
  applyDelta,
  applyRevocationPackage,
  deltaParts,
  diffIndexes,
  findInShard,
  IndexBuilder,
  openRevocationPackage,
  RevocationPackageFormatError,
  RevocationPackageKeyError,
  RevocationPackageMismatchError,
  RevocationPackageSignatureError,
  shardOf,
  snapshotParts,
  type IndexManifest,
  type RevocationIndex,
} from '../../src/revocation/index.ts';

interface Entry {
  serial: Uint8Array;
  revokedAt: number;
  reason: number;
}

let seed = 777;
function random(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
}

function serial(length: number): Uint8Array {
  const bytes = Uint8Array.from({ length }, () => Math.floor(random() * 256));
  bytes[0] = 0x01 + (bytes[0] % 0x7e);
  return bytes;
}

const ISSUER = Uint8Array.of(0xa1, 0xb2, 0xc3, 0xd4);

function indexOf(entries: readonly Entry[], shardBits: number, crlNumber: bigint): RevocationIndex {
  const builder = new IndexBuilder(0, shardBits);
  for (const e of entries) builder.entry(e.serial, 0, e.serial.length, e.revokedAt, e.reason, Number.NaN);
  const built = builder.finish(true);
  const manifest: IndexManifest = {
    issuerKeyId: ISSUER,
    issuerName: Uint8Array.of(0x30, 0),
    crlNumber,
    baseCrlNumber: crlNumber,
    thisUpdate: new Date(Date.UTC(2026, 0, Number(crlNumber))),
    nextUpdate: new Date(Date.UTC(2026, 0, Number(crlNumber) + 1)),
    onlyUserCerts: false,
    onlyCaCerts: false,
    entryCount: built.entryCount,
    shardBits: built.shardBits,
    shards: built.shards.map((s) => ({ count: s.count, width: s.width })),
  };
  return { manifest, shards: built.shards };
}

function lookup(index: RevocationIndex, s: Uint8Array) {
  return findInShard(index.shards[shardOf(index.manifest, s)] as RevocationIndex['shards'][number], s);
}

/** Yesterday's list and today's: some released, some reasons changed, new ones, longer serials. */
function twoLists(count: number): { before: Entry[]; after: Entry[] } {
  const before = Array.from({ length: count }, (_, i) => ({ serial: serial(8 + (i % 3)), revokedAt: Date.UTC(2025, 0, 1 + (i % 300)), reason: [4, 5, 3, 6][i % 4] as number }));
  const after: Entry[] = [];
  for (const [i, e] of before.entries()) {
    if (i % 17 === 0) continue; // a hold released, or dropped
    after.push(i % 23 === 0 ? { ...e, reason: 1 } : e); // certificateHold → keyCompromise
  }
  for (let i = 0; i < count / 10; i++) after.push({ serial: serial(i % 5 === 0 ? 20 : 8), revokedAt: Date.UTC(2026, 0, 2), reason: 5 });
  return { before, after };
}

describe('diffIndexes', () => {
  it('gives the delta that applyDelta turns the older index into the newer with', () => {
    const { before, after } = twoLists(5000);
    const from = indexOf(before, 3, 1n);
    const to = indexOf(after, 3, 2n);
    const delta = diffIndexes(from, to);
    if (!delta) throw new Error('no delta');
    const changes = delta.reduce((n, s) => n + s.count, 0);
    expect(changes).toBeLessThan(1200);
    expect(changes).toBeGreaterThan(500);
    const merged = applyDelta(from, delta, { crlNumber: 2n, deltaBaseCrlNumber: 1n, thisUpdate: to.manifest.thisUpdate, nextUpdate: to.manifest.nextUpdate });
    expect(merged.shards.map((s) => s.count)).toEqual(to.shards.map((s) => s.count));
    for (const e of [...before, ...after]) expect(lookup(merged, e.serial), 'serial').toEqual(lookup(to, e.serial));
  });

  it('is empty between equal lists, and undefined between different layouts', () => {
    const { before } = twoLists(300);
    expect(diffIndexes(indexOf(before, 2, 1n), indexOf(before, 2, 2n))?.every((s) => s.count === 0)).toBe(true);
    expect(diffIndexes(indexOf(before, 2, 1n), indexOf(before, 3, 2n))).toBeUndefined();
  });
});

describe('revocation packages', () => {
  const key = ephemeralPublishingKey();
  const { before, after } = twoLists(2000);
  const v1 = indexOf(before, 2, 1n);
  const v2 = indexOf(after, 2, 2n);
  const snapshot = (k: PublishingKey = key, index = v1, version = 1) =>
    buildPackage(k, { kind: 'snapshot', issuerKeyId: ISSUER, version, fromVersion: 0, createdAt: new Date() }, snapshotParts(index));
  const delta = (k: PublishingKey = key) =>
    buildPackage(k, { kind: 'delta', issuerKeyId: ISSUER, version: 2, fromVersion: 1, createdAt: new Date() }, deltaParts(v1.manifest, v2.manifest, diffIndexes(v1, v2) ?? []));

  it('opens a snapshot under the pinned key and gives the index as published', async () => {
    const opened = await openRevocationPackage(snapshot(), key.publicKey);
    if (opened.kind !== 'snapshot') throw new Error(opened.kind);
    expect(opened.header).toMatchObject({ version: 1, fromVersion: 0 });
    const index = applyRevocationPackage(undefined, opened);
    for (const e of before) expect(lookup(index as RevocationIndex, e.serial)).toEqual(lookup(v1, e.serial));
  });

  it('applies a delta to the version it updates, giving the newer list entry for entry', async () => {
    const opened = await openRevocationPackage(delta(), key.publicKey);
    expect(opened.kind).toBe('delta');
    const index = applyRevocationPackage({ index: v1, version: 1 }, opened);
    if (!index) throw new Error('not applied');
    expect(index.manifest).toMatchObject({ crlNumber: 2n, entryCount: v2.manifest.entryCount, thisUpdate: v2.manifest.thisUpdate });
    for (const e of [...before, ...after]) expect(lookup(index, e.serial)).toEqual(lookup(v2, e.serial));
  });

  it('refuses a delta for another version than the one held', async () => {
    const opened = await openRevocationPackage(delta(), key.publicKey);
    expect(() => applyRevocationPackage({ index: v1, version: 3 }, opened)).toThrow(RevocationPackageMismatchError);
    expect(() => applyRevocationPackage(undefined, opened)).toThrow(RevocationPackageMismatchError);
    // The held list is not the one the delta was made from (another list number).
    expect(() => applyRevocationPackage({ index: indexOf(before, 2, 7n), version: 1 }, opened)).toThrow(RevocationPackageMismatchError);
  });

  it('leaves a newer list imported on the device in place', async () => {
    const opened = await openRevocationPackage(snapshot(), key.publicKey);
    expect(applyRevocationPackage({ index: v2, version: undefined }, opened)).toBeUndefined();
  });

  it('refuses a package of another key, and one altered anywhere', async () => {
    await expect(openRevocationPackage(snapshot(ephemeralPublishingKey()), key.publicKey)).rejects.toThrow(RevocationPackageKeyError);

    // Another key's package claiming to be from the pinned key: the signature gives it away.
    const forged = snapshot(ephemeralPublishingKey());
    forged.set(key.publicKey, 10);
    await expect(openRevocationPackage(forged, key.publicKey)).rejects.toThrow(RevocationPackageSignatureError);

    const good = snapshot();
    const headerByte = good.slice();
    headerByte[58] ^= 1; // inside the signed header (its creation time)
    await expect(openRevocationPackage(headerByte, key.publicKey)).rejects.toThrow(RevocationPackageSignatureError);
    const signatureByte = good.slice();
    const headerLength = new DataView(good.buffer).getUint16(6);
    signatureByte[headerLength + 3] ^= 1;
    await expect(openRevocationPackage(signatureByte, key.publicKey)).rejects.toThrow(RevocationPackageSignatureError);
    const payloadByte = good.slice();
    payloadByte[good.length - 5] ^= 1; // a serial in the last shard
    await expect(openRevocationPackage(payloadByte, key.publicKey)).rejects.toThrow(/content digest/);
    await expect(openRevocationPackage(good.subarray(0, good.length - 1), key.publicKey)).rejects.toThrow(RevocationPackageFormatError);
    await expect(openRevocationPackage(Uint8Array.of(1, 2, 3), key.publicKey)).rejects.toThrow(RevocationPackageFormatError);
  });

  it('signs exactly as RFC 8032 does in @noble/curves (node:crypto on the server, noble on devices)', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
    const jwk = createPrivateKey(pem).export({ format: 'jwk' });
    const seedBytes = base64ToBytes((jwk.d ?? '').replace(/-/g, '+').replace(/_/g, '/') + '=');
    const message = new TextEncoder().encode('SKRP header');
    const native = new Uint8Array(sign(null, message, privateKey));
    expect(native).toEqual(ed25519.sign(message, seedBytes));
    expect(ed25519.verify(native, message, ed25519.getPublicKey(seedBytes), { zip215: false })).toBe(true);
  });
});
