/**
 * BER-TLV data objects as the card stores them (ISO/IEC 7816-4 §6.3, encoding of ISO/IEC
 * 8825-1): tags of one or more bytes, definite lengths in one to four bytes. Certificates (DER)
 * and the text AP's records (FF20, FF30, 7F21) all start with such a header, which is how a
 * reader learns how many bytes to read.
 */
import { CardDataError } from './errors-data.ts';

export interface TlvHeader {
  tag: number;
  /** Bytes taken by tag and length. */
  headerLength: number;
  /** Length of the value. */
  length: number;
}

export interface Tlv extends TlvHeader {
  value: Uint8Array;
  /** The whole data object: header and value. */
  encoded: Uint8Array;
}

/** Reads a TLV header at `offset`; undefined when `bytes` ends before the header does. */
export function readTlvHeader(bytes: Uint8Array, offset = 0): TlvHeader | undefined {
  let i = offset;
  const first = bytes[i++];
  if (first === undefined) return undefined;
  // 00 is padding; FF starts the card's private-class tags (FF20, FF30) but FF FF is erased memory.
  if (first === 0x00 || (first === 0xff && (bytes[i] === 0xff || bytes[i] === undefined))) {
    throw new CardDataError(`no data object at offset ${offset} (byte ${first.toString(16).padStart(2, '0')}: empty or erased)`);
  }
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    let more = true;
    for (let n = 0; more; n++) {
      const next = bytes[i++];
      if (next === undefined) return undefined;
      if (n === 2) throw new CardDataError('tag longer than 3 bytes');
      tag = (tag << 8) | next;
      more = (next & 0x80) !== 0;
    }
  }
  const lengthByte = bytes[i++];
  if (lengthByte === undefined) return undefined;
  let length = lengthByte;
  if (lengthByte > 0x80) {
    const count = lengthByte & 0x7f;
    if (count > 3) throw new CardDataError(`length in ${count} bytes`);
    length = 0;
    for (let n = 0; n < count; n++) {
      const next = bytes[i++];
      if (next === undefined) return undefined;
      length = length * 256 + next;
    }
  } else if (lengthByte === 0x80) {
    throw new CardDataError('indefinite length');
  }
  return { tag, headerLength: i - offset, length };
}

/** The data objects one after another in `bytes` (trailing padding 00/FF is allowed). */
export function parseTlvs(bytes: Uint8Array): Tlv[] {
  const items: Tlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.subarray(offset).every((b) => b === 0x00 || b === 0xff)) break;
    const header = readTlvHeader(bytes, offset);
    if (!header) throw new CardDataError(`data object header cut short at offset ${offset}`);
    const end = offset + header.headerLength + header.length;
    if (end > bytes.length) throw new CardDataError(`data object ${header.tag.toString(16)} runs past the end (${end} > ${bytes.length})`);
    items.push({ ...header, value: bytes.subarray(offset + header.headerLength, end), encoded: bytes.subarray(offset, end) });
    offset = end;
  }
  return items;
}

/** Parses exactly one data object filling `bytes` (trailing padding allowed) and checks its tag. */
export function parseSingleTlv(bytes: Uint8Array, expectedTag: number): Tlv {
  const [first] = parseTlvs(bytes);
  if (!first) throw new CardDataError(`expected data object ${expectedTag.toString(16)}, found nothing`);
  if (first.tag !== expectedTag) throw new CardDataError(`expected data object ${expectedTag.toString(16)}, found ${first.tag.toString(16)}`);
  return first;
}

export function findTlv(items: readonly Tlv[], tag: number): Tlv | undefined {
  return items.find((item) => item.tag === tag);
}

export function encodeTlv(tag: number, value: Uint8Array): Uint8Array<ArrayBuffer> {
  const tagBytes: number[] = [];
  for (let t = tag; t > 0; t = Math.floor(t / 256)) tagBytes.unshift(t & 0xff);
  const n = value.length;
  const lengthBytes = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(tagBytes.length + lengthBytes.length + n);
  out.set(tagBytes, 0);
  out.set(lengthBytes, tagBytes.length);
  out.set(value, tagBytes.length + lengthBytes.length);
  return out;
}
