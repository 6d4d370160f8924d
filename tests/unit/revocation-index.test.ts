import { describe, expect, it } from 'vitest';
import {
  applyDelta,
  CachingIndexReader,
  lookupSerial,
  MemoryIndexStore,
  CrlUnsupportedError,
  decodeManifest,
  decodeShard,
  DeltaCrlMismatchError,
  encodeManifest,
  encodeShard,
  findInShard,
  IndexBuilder,
  RevocationIndexFormatError,
  shardOf,
  type IndexManifest,
  type RevocationIndex,
} from '../../src/revocation/index.ts';

interface Entry {
  serial: Uint8Array;
  revokedAt: number;
  reason: number;
  invalidity: number;
}

let seed = 12345;
function random(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
}

/** A DER INTEGER content of `length` bytes, minimally encoded, positive or negative. */
function randomSerial(length: number, negative = false): Uint8Array {
  const bytes = Uint8Array.from({ length }, () => Math.floor(random() * 256));
  if (negative) bytes[0] = 0x80 | bytes[0];
  else if (length > 1 && bytes[0] >= 0x80) bytes[0] = 0;
  if (length > 1 && bytes[0] === 0 && bytes[1] < 0x80) bytes[1] = 0x80 | bytes[1];
  if (length > 1 && bytes[0] === 0xff && bytes[1] >= 0x80) bytes[1] = 0x7f & bytes[1];
  return bytes;
}

function build(entries: readonly Entry[], shardBits: number, complete = true): ReturnType<IndexBuilder['finish']> {
  const builder = new IndexBuilder(0, shardBits);
  for (const e of entries) {
    const buffer = Uint8Array.from([0xaa, ...e.serial, 0xbb]);
    builder.entry(buffer, 1, 1 + e.serial.length, e.revokedAt, e.reason, e.invalidity);
  }
  return builder.finish(complete);
}

function indexOf(entries: readonly Entry[], shardBits: number, crlNumber = 10n): RevocationIndex {
  const built = build(entries, shardBits);
  const manifest: IndexManifest = {
    issuerKeyId: Uint8Array.of(1, 2, 3),
    issuerName: Uint8Array.of(0x30, 0),
    crlNumber,
    baseCrlNumber: crlNumber,
    thisUpdate: new Date('2026-01-01T00:00:00Z'),
    nextUpdate: new Date('2026-01-02T00:00:00Z'),
    onlyUserCerts: false,
    onlyCaCerts: false,
    entryCount: built.entryCount,
    shardBits: built.shardBits,
    shards: built.shards.map((s) => ({ count: s.count, width: s.width })),
  };
  return { manifest, shards: built.shards };
}

function lookup(index: RevocationIndex, serial: Uint8Array): ReturnType<typeof findInShard> {
  return findInShard(index.shards[shardOf(index.manifest, serial)], serial);
}

const T0 = Date.UTC(2024, 0, 1);

function entries(count: number): Entry[] {
  const out: Entry[] = [];
  const seen = new Set<string>();
  while (out.length < count) {
    const serial = randomSerial(1 + Math.floor(random() * 20), random() < 0.05);
    const key = serial.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ serial, revokedAt: T0 + Math.floor(random() * 1e6) * 1000, reason: [0, 1, 3, 4, 5, 6, 0xff][out.length % 7], invalidity: out.length % 5 === 0 ? T0 - 86_400_000 : Number.NaN });
  }
  return out;
}

describe('the compact index', () => {
  for (const bits of [0, 1, 4, 7]) {
    it(`finds every serial and nothing else (${2 ** bits} shards)`, () => {
      const list = entries(3000);
      const index = indexOf(list, bits);
      expect(index.manifest.entryCount).toBe(3000);
      for (const e of list) {
        const found = lookup(index, e.serial);
        expect(found?.revokedAt.getTime()).toBe(e.revokedAt);
        expect(found?.reasonCode).toBe(e.reason === 0xff ? undefined : e.reason);
        expect(found?.invalidityDate?.getTime()).toBe(Number.isNaN(e.invalidity) ? undefined : e.invalidity);
      }
      const listed = new Set(list.map((e) => e.serial.join()));
      const absent = entries(500).filter((a) => !listed.has(a.serial.join()));
      expect(absent.length).toBeGreaterThan(400);
      for (const a of absent) expect(lookup(index, a.serial)).toBeUndefined();
    });
  }

  it('tells apart serials with the same digits and different lengths or signs (00FF, FF, 0000FF)', () => {
    const index = indexOf([{ serial: Uint8Array.of(0x00, 0xff), revokedAt: T0, reason: 1, invalidity: Number.NaN }], 0);
    expect(lookup(index, Uint8Array.of(0x00, 0xff))?.reasonCode).toBe(1);
    expect(lookup(index, Uint8Array.of(0xff))).toBeUndefined();
    expect(lookup(index, Uint8Array.of(0, 0, 0xff))).toBeUndefined();
    expect(lookup(index, new Uint8Array(40))).toBeUndefined();
  });

  it('sorts entries that arrive unsorted and keeps the earliest revocation of a repeated serial', () => {
    const serial = Uint8Array.of(0x12, 0x34);
    const list: Entry[] = [
      { serial: Uint8Array.of(0x50), revokedAt: T0, reason: 4, invalidity: Number.NaN },
      { serial, revokedAt: T0 + 5000, reason: 4, invalidity: Number.NaN },
      { serial: Uint8Array.of(0x01), revokedAt: T0, reason: 4, invalidity: Number.NaN },
      { serial, revokedAt: T0 + 1000, reason: 1, invalidity: Number.NaN },
    ];
    const built = build(list, 0);
    expect(built.entryCount).toBe(3);
    expect(built.dropped).toBe(1);
    const index = indexOf(list, 0);
    expect(lookup(index, serial)).toMatchObject({ revokedAt: new Date(T0 + 1000), reasonCode: 1 });
    const keys = [];
    const { records, width, count } = index.shards[0];
    for (let i = 0; i < count; i++) keys.push(records[i * (width + 10) + width]);
    expect(keys).toEqual([0x01, 0x50, 0x34]);
  });

  it('drops removeFromCRL entries from a complete CRL and keeps them in a delta', () => {
    const list: Entry[] = [
      { serial: Uint8Array.of(1), revokedAt: T0, reason: 8, invalidity: Number.NaN },
      { serial: Uint8Array.of(2), revokedAt: T0, reason: 1, invalidity: Number.NaN },
    ];
    expect(build(list, 0, true)).toMatchObject({ entryCount: 1, dropped: 1 });
    expect(build(list, 0, false)).toMatchObject({ entryCount: 2, dropped: 0 });
  });

  it('refuses revocation dates it cannot store', () => {
    const builder = new IndexBuilder(0, 0);
    expect(() => builder.entry(Uint8Array.of(1), 0, 1, Date.UTC(1969, 0, 1), 1, Number.NaN)).toThrow(CrlUnsupportedError);
    expect(() => builder.entry(Uint8Array.of(1), 0, 1, Date.UTC(2107, 0, 1), 1, Number.NaN)).toThrow(CrlUnsupportedError);
  });
});

describe('the binary format', () => {
  it('round-trips manifests and shards', () => {
    const index = indexOf(entries(1000), 3, 2n ** 150n + 7n);
    const manifest = decodeManifest(encodeManifest(index.manifest));
    expect(manifest).toEqual(index.manifest);
    for (const shard of index.shards) {
      const info = index.manifest.shards[shard.index];
      expect(decodeShard(encodeShard(shard), { index: shard.index, ...info })).toEqual(shard);
    }
  });

  it('keeps a manifest without CRL numbers or nextUpdate', () => {
    const index = indexOf(entries(10), 0);
    const bare = { ...index.manifest, crlNumber: undefined, baseCrlNumber: undefined, nextUpdate: undefined, onlyCaCerts: true };
    expect(decodeManifest(encodeManifest(bare))).toEqual(bare);
  });

  it('refuses other magics, versions, lengths and shards that do not match their manifest', () => {
    const index = indexOf(entries(50), 1);
    const manifest = encodeManifest(index.manifest);
    const shard = encodeShard(index.shards[1]);
    const info = { index: 1, ...index.manifest.shards[1] };
    const broken = (bytes: Uint8Array, at: number, value: number): Uint8Array => {
      const copy = Uint8Array.from(bytes);
      copy[at] = value;
      return copy;
    };
    expect(() => decodeManifest(broken(manifest, 0, 0))).toThrow(RevocationIndexFormatError);
    expect(() => decodeManifest(broken(manifest, 5, 2))).toThrow(/format version 2/);
    expect(() => decodeManifest(manifest.subarray(0, manifest.length - 1))).toThrow(RevocationIndexFormatError);
    expect(() => decodeManifest(new Uint8Array(3))).toThrow(RevocationIndexFormatError);
    expect(() => decodeShard(broken(shard, 3, 0), info)).toThrow(RevocationIndexFormatError);
    expect(() => decodeShard(shard, { ...info, index: 0 })).toThrow(/does not match/);
    expect(() => decodeShard(shard.subarray(0, shard.length - 1), info)).toThrow(/wrong length/);
  });
});

describe('applyDelta', () => {
  const e = (serial: number, reason: number, revokedAt = T0): Entry => ({ serial: Uint8Array.of(serial), revokedAt, reason, invalidity: Number.NaN });
  const info = (crlNumber: bigint, deltaBaseCrlNumber: bigint) => ({ crlNumber, deltaBaseCrlNumber, thisUpdate: new Date('2026-01-03T00:00:00Z'), nextUpdate: new Date('2026-01-04T00:00:00Z') });

  it('adds, replaces and removes entries, whatever the shard layouts', () => {
    const base = indexOf([e(1, 6), e(2, 6), e(3, 4), e(0x44, 1)], 2, 10n);
    const delta = build([e(1, 8), e(2, 1, T0 + 1000), e(5, 3), e(9, 8)], 0, false).shards;
    const merged = applyDelta(base, delta, info(11n, 10n));
    expect(lookup(merged, Uint8Array.of(1))).toBeUndefined();
    expect(lookup(merged, Uint8Array.of(2))).toMatchObject({ reasonCode: 1, revokedAt: new Date(T0 + 1000) });
    expect(lookup(merged, Uint8Array.of(3))?.reasonCode).toBe(4);
    expect(lookup(merged, Uint8Array.of(5))?.reasonCode).toBe(3);
    expect(lookup(merged, Uint8Array.of(9))).toBeUndefined();
    expect(lookup(merged, Uint8Array.of(0x44))?.reasonCode).toBe(1);
    expect(merged.manifest).toMatchObject({ crlNumber: 11n, baseCrlNumber: 10n, entryCount: 4, shardBits: 2 });
    expect(merged.manifest.thisUpdate.toISOString()).toBe('2026-01-03T00:00:00.000Z');
    expect(decodeManifest(encodeManifest(merged.manifest))).toEqual(merged.manifest);
  });

  it('widens records when the delta has longer serials', () => {
    const base = indexOf([e(1, 6)], 0, 10n);
    const long = { serial: Uint8Array.of(0x01, 0x02, 0x03, 0x04, 0x05), revokedAt: T0, reason: 1, invalidity: Number.NaN };
    const merged = applyDelta(base, build([long], 0, false).shards, info(11n, 10n));
    expect(merged.shards[0].width).toBe(5);
    expect(lookup(merged, long.serial)?.reasonCode).toBe(1);
    expect(lookup(merged, Uint8Array.of(1))?.reasonCode).toBe(6);
  });

  it('refuses a delta whose base is newer than the index, or that is not newer than it', () => {
    const base = indexOf([e(1, 6)], 0, 10n);
    const delta = build([e(2, 1)], 0, false).shards;
    expect(() => applyDelta(base, delta, info(12n, 11n))).toThrow(DeltaCrlMismatchError);
    expect(() => applyDelta(base, delta, info(10n, 9n))).toThrow(/not newer/);
    expect(() => applyDelta({ ...base, manifest: { ...base.manifest, crlNumber: undefined } }, delta, info(11n, 10n))).toThrow(/no CRL number/);
  });
});

describe('CachingIndexReader', () => {
  it('answers warm lookups from memory, keeps at most maxShards, and rereads after forget', async () => {
    const list = entries(2000);
    const index = indexOf(list, 4);
    const memory = new MemoryIndexStore();
    memory.put(index);
    let shardReads = 0;
    let manifestReads = 0;
    const counting = {
      manifest: (keyId: Uint8Array) => {
        manifestReads++;
        return memory.manifest(keyId);
      },
      shard: (manifest: IndexManifest, i: number) => {
        shardReads++;
        return memory.shard(manifest, i);
      },
    };
    const cache = new CachingIndexReader(counting, 4);
    const keyId = index.manifest.issuerKeyId;
    for (const e of list.slice(0, 50)) expect((await lookupSerial(cache, keyId, e.serial)).entry?.revokedAt.getTime()).toBe(e.revokedAt);
    const manifest = cache.peekManifest(keyId);
    expect(manifest).toBeDefined();
    const held = Array.from({ length: 16 }, (_, i) => (manifest && cache.peekShard(manifest, i) ? 1 : 0)).reduce((a: number, b) => a + b, 0);
    expect(held).toBeLessThanOrEqual(4);
    const reads = shardReads;
    const last = list[49] ?? list[0];
    await lookupSerial(cache, keyId, last?.serial ?? new Uint8Array(1));
    expect(shardReads).toBe(reads);
    expect(manifestReads).toBe(1);
    cache.forget(keyId);
    expect(cache.peekManifest(keyId)).toBeUndefined();
    await lookupSerial(cache, keyId, last?.serial ?? new Uint8Array(1));
    expect(manifestReads).toBe(2);
  });
});
