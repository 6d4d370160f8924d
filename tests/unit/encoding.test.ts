import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesEqual, bytesToBase64, bytesToHex, hexToBytes, InvalidEncodingError } from '../../src/protocol/encoding.ts';

describe('encoding', () => {
  it('round-trips every byte value through base64 and hex', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(base64ToBytes(bytesToBase64(all))).toEqual(all);
    expect(hexToBytes(bytesToHex(all))).toEqual(all);
  });

  it('matches RFC 4648 test vectors', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foobar', 'Zm9vYmFy']];
    for (const [plain, encoded] of vectors) {
      expect(bytesToBase64(new TextEncoder().encode(plain))).toBe(encoded);
      expect(new TextDecoder().decode(base64ToBytes(encoded))).toBe(plain);
    }
  });

  it('encodes large inputs without overflowing the call stack', () => {
    const big = new Uint8Array(1_000_000).fill(7);
    expect(base64ToBytes(bytesToBase64(big))).toEqual(big);
  });

  it('ignores whitespace and separators, refuses anything else', () => {
    expect(base64ToBytes('Zm9v\nYmFy ')).toEqual(new TextEncoder().encode('foobar'));
    expect(hexToBytes('9A:b4 0c')).toEqual(new Uint8Array([0x9a, 0xb4, 0x0c]));
    expect(() => base64ToBytes('Zm9v!')).toThrow(InvalidEncodingError);
    expect(() => base64ToBytes('Zm9')).toThrow(InvalidEncodingError);
    expect(() => hexToBytes('abc')).toThrow(InvalidEncodingError);
    expect(() => hexToBytes('zz')).toThrow(InvalidEncodingError);
  });

  it('compares bytes', () => {
    expect(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(bytesEqual(new Uint8Array([1]), new Uint8Array([1, 2]))).toBe(false);
  });
});
