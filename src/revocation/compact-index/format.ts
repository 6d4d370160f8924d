/**
 * The stable binary form of the compact index, for IndexedDB, files and the snapshot/delta
 * packages published to devices. Version 1, all integers big-endian:
 *
 *   Manifest:  "SKRM"  u16 version  u16 flags (bit 0 onlyUserCerts, bit 1 onlyCaCerts)
 *              u8 shardBits  u8 shard hash (1 = FNV-1a 32)  u32 entryCount
 *              u32 thisUpdate (s)  u32 nextUpdate (s, 0 = none)
 *              u8+bytes crlNumber  u8+bytes baseCrlNumber (length 0 = none)
 *              u8+bytes issuerKeyId  u16+bytes issuerName
 *              2^shardBits × (u32 count, u8 width)
 *   Shard:     "SKRS"  u16 version  u16 shard index  u8 width  u8 0  u32 count  records
 *
 * Readers refuse other magics, versions and sizes; a later version adds fields after these.
 */
import { RevocationIndexFormatError } from '../errors.ts';
import { INDEX_FORMAT_VERSION, MAX_SHARD_BITS, type IndexManifest, type Shard } from './model.ts';
import { recordSize } from './records.ts';

const MANIFEST_MAGIC = 0x534b524d; // "SKRM"
const SHARD_MAGIC = 0x534b5253; // "SKRS"
const SHARD_HASH_FNV1A32 = 1;
const SHARD_HEADER = 14;

function bigintBytes(value: bigint | undefined): Uint8Array {
  if (value === undefined) return new Uint8Array(0);
  const hex = value.toString(16);
  const padded = hex.length % 2 ? `0${hex}` : hex;
  return Uint8Array.from(padded.match(/../g) ?? [], (h) => parseInt(h, 16));
}

function bytesBigint(bytes: Uint8Array): bigint | undefined {
  if (bytes.length === 0) return undefined;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

const seconds = (date: Date): number => Math.max(0, Math.min(0xffffffff, Math.floor(date.getTime() / 1000)));

export function encodeManifest(m: IndexManifest): Uint8Array<ArrayBuffer> {
  const crlNumber = bigintBytes(m.crlNumber);
  const baseCrlNumber = bigintBytes(m.baseCrlNumber);
  if (m.shards.length !== 2 ** m.shardBits) throw new RevocationIndexFormatError('shard count does not match shardBits');
  const size = 24 + 1 + crlNumber.length + 1 + baseCrlNumber.length + 1 + m.issuerKeyId.length + 2 + m.issuerName.length + 5 * m.shards.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MANIFEST_MAGIC);
  view.setUint16(4, INDEX_FORMAT_VERSION);
  view.setUint16(6, (m.onlyUserCerts ? 1 : 0) | (m.onlyCaCerts ? 2 : 0));
  view.setUint8(8, m.shardBits);
  view.setUint8(9, SHARD_HASH_FNV1A32);
  view.setUint32(10, m.entryCount);
  view.setUint32(14, seconds(m.thisUpdate));
  view.setUint32(18, m.nextUpdate ? seconds(m.nextUpdate) : 0);
  let p = 24;
  const put = (bytes: Uint8Array, lengthBytes: 1 | 2): void => {
    if (lengthBytes === 1) view.setUint8(p, bytes.length);
    else view.setUint16(p, bytes.length);
    out.set(bytes, p + lengthBytes);
    p += lengthBytes + bytes.length;
  };
  put(crlNumber, 1);
  put(baseCrlNumber, 1);
  put(m.issuerKeyId, 1);
  put(m.issuerName, 2);
  for (const shard of m.shards) {
    view.setUint32(p, shard.count);
    view.setUint8(p + 4, shard.width);
    p += 5;
  }
  return out;
}

export function decodeManifest(bytes: Uint8Array): IndexManifest {
  const fail = (detail: string): never => {
    throw new RevocationIndexFormatError(`manifest: ${detail}`);
  };
  if (bytes.length < 24) fail('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== MANIFEST_MAGIC) fail('not a revocation index manifest');
  if (view.getUint16(4) !== INDEX_FORMAT_VERSION) fail(`format version ${view.getUint16(4)}`);
  const flags = view.getUint16(6);
  const shardBits = view.getUint8(8);
  if (shardBits > MAX_SHARD_BITS) fail('too many shards');
  if (view.getUint8(9) !== SHARD_HASH_FNV1A32) fail('unknown shard hash');
  let p = 24;
  const take = (lengthBytes: 1 | 2): Uint8Array => {
    if (p + lengthBytes > bytes.length) fail('truncated');
    const n = lengthBytes === 1 ? view.getUint8(p) : view.getUint16(p);
    if (p + lengthBytes + n > bytes.length) fail('truncated');
    const value = bytes.slice(p + lengthBytes, p + lengthBytes + n);
    p += lengthBytes + n;
    return value;
  };
  const crlNumber = bytesBigint(take(1));
  const baseCrlNumber = bytesBigint(take(1));
  const issuerKeyId = take(1);
  const issuerName = take(2);
  const count = 2 ** shardBits;
  if (p + 5 * count !== bytes.length) fail('wrong length');
  const shards = [];
  let total = 0;
  for (let i = 0; i < count; i++, p += 5) {
    const width = view.getUint8(p + 4);
    if (width === 0 || width > 32) fail('bad shard width');
    shards.push({ count: view.getUint32(p), width });
    total += view.getUint32(p);
  }
  const entryCount = view.getUint32(10);
  if (total !== entryCount) fail('entry count does not match the shards');
  const nextUpdate = view.getUint32(18);
  return {
    issuerKeyId,
    issuerName,
    crlNumber,
    baseCrlNumber,
    thisUpdate: new Date(view.getUint32(14) * 1000),
    nextUpdate: nextUpdate === 0 ? undefined : new Date(nextUpdate * 1000),
    onlyUserCerts: (flags & 1) !== 0,
    onlyCaCerts: (flags & 2) !== 0,
    entryCount,
    shardBits,
    shards,
  };
}

export function encodeShard(shard: Shard): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(SHARD_HEADER + shard.records.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, SHARD_MAGIC);
  view.setUint16(4, INDEX_FORMAT_VERSION);
  view.setUint16(6, shard.index);
  view.setUint8(8, shard.width);
  view.setUint32(10, shard.count);
  out.set(shard.records, SHARD_HEADER);
  return out;
}

/** Reads a shard and checks it against what the manifest says of it. The records are a view. */
export function decodeShard(bytes: Uint8Array, expected: { index: number; count: number; width: number }): Shard {
  const fail = (detail: string): never => {
    throw new RevocationIndexFormatError(`shard ${expected.index}: ${detail}`);
  };
  if (bytes.length < SHARD_HEADER) fail('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== SHARD_MAGIC) fail('not a revocation index shard');
  if (view.getUint16(4) !== INDEX_FORMAT_VERSION) fail(`format version ${view.getUint16(4)}`);
  const index = view.getUint16(6);
  const width = view.getUint8(8);
  const count = view.getUint32(10);
  if (index !== expected.index || width !== expected.width || count !== expected.count) fail('does not match its manifest');
  if (bytes.length !== SHARD_HEADER + count * recordSize(width)) fail('wrong length');
  return { index, width, count, records: bytes.subarray(SHARD_HEADER) };
}
