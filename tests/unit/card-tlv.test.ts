import { describe, expect, it } from 'vitest';
import { CardDataError } from '../../src/card/errors-data.ts';
import { encodeTlv, parseSingleTlv, parseTlvs, readTlvHeader } from '../../src/card/tlv.ts';
import { bytesToHex, hexToBytes } from '../../src/protocol/encoding.ts';

describe('BER-TLV (ISO/IEC 7816-4 §6.3)', () => {
  it('reads headers of one-, two- and three-byte tags with 1- to 4-byte lengths', () => {
    expect(readTlvHeader(hexToBytes('3082054d'))).toEqual({ tag: 0x30, headerLength: 4, length: 0x054d });
    expect(readTlvHeader(hexToBytes('ff2081d0'))).toEqual({ tag: 0xff20, headerLength: 4, length: 0xd0 });
    expect(readTlvHeader(hexToBytes('df2205'))).toEqual({ tag: 0xdf22, headerLength: 3, length: 5 });
    expect(readTlvHeader(hexToBytes('7f21820233'))).toEqual({ tag: 0x7f21, headerLength: 5, length: 0x233 });
    expect(readTlvHeader(hexToBytes('5f8f0183010000'))).toEqual({ tag: 0x5f8f01, headerLength: 7, length: 0x10000 });
  });

  it('says when the header is cut short, and refuses what no card writes', () => {
    expect(readTlvHeader(hexToBytes('30'))).toBeUndefined();
    expect(readTlvHeader(hexToBytes('3082'))).toBeUndefined();
    expect(() => readTlvHeader(hexToBytes('3080'))).toThrow(CardDataError);
    expect(() => readTlvHeader(hexToBytes('308401000000'))).toThrow(/length in 4 bytes/);
    expect(() => readTlvHeader(hexToBytes('5f8f8f8f01'))).toThrow(/tag longer/);
    expect(() => readTlvHeader(hexToBytes('00000000'))).toThrow(/empty or erased/);
    expect(() => readTlvHeader(hexToBytes('ffffffff'))).toThrow(/empty or erased/);
  });

  it('parses a sequence of data objects, stopping at padding', () => {
    const items = parseTlvs(hexToBytes('df2102aabb df2201cc 0000ffff'));
    expect(items.map((i) => [i.tag, bytesToHex(i.value)])).toEqual([
      [0xdf21, 'aabb'],
      [0xdf22, 'cc'],
    ]);
    expect(() => parseTlvs(hexToBytes('df2105aabb'))).toThrow(/runs past the end/);
  });

  it('checks the tag of a single record', () => {
    expect(parseSingleTlv(hexToBytes('ff3003df3100'), 0xff30).length).toBe(3);
    expect(() => parseSingleTlv(hexToBytes('ff2000'), 0xff30)).toThrow(/expected data object ff30, found ff20/);
  });

  it('encodes what it parses', () => {
    for (const length of [0, 5, 127, 128, 255, 256, 70000]) {
      const encoded = encodeTlv(0xdf23, new Uint8Array(length).fill(1));
      const [item] = parseTlvs(encoded);
      expect(item?.tag).toBe(0xdf23);
      expect(item?.length).toBe(length);
    }
  });
});
