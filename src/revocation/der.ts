/**
 * Strict DER (X.690 §8, §10) over a byte window, for the streaming CRL reader.
 *
 * Hand-written on purpose: asn1js builds an object per node and must hold the whole input, so a
 * 1M-entry CRL costs minutes and gigabytes through it (ARCHITECTURE.md "Measured facts"). Here a
 * cursor walks TLVs in place with no allocation, and every length is checked against the
 * enclosing end before use, so hostile input costs time linear in its size and no more memory
 * than the window it sits in. Errors carry the absolute byte offset in the CRL file.
 */
import { CrlFormatError } from './errors.ts';

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  enumerated: 0x0a,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Context-specific tag number `n`, constructed or primitive (X.690 §8.1.2). */
export const contextTag = (n: number, constructed: boolean): number => 0x80 | (constructed ? 0x20 : 0) | n;

/**
 * A cursor over `bytes[pos..end)`; `base` is the absolute file offset of `bytes[0]`. After
 * `header()`, `tag`, `length` and `valueStart` describe the TLV at the position it was called
 * at, and `pos` is left at `valueStart`.
 */
export class DerCursor {
  tag = 0;
  length = 0;
  valueStart = 0;

  constructor(
    public bytes: Uint8Array,
    public pos: number,
    public end: number,
    public base: number,
  ) {}

  fail(detail: string, at: number = this.pos): never {
    throw new CrlFormatError(this.base + at, detail);
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a tag and a definite, minimally encoded length whose value fits before `end`. */
  header(expected?: number, what?: string): number {
    const { bytes, end } = this;
    const start = this.pos;
    if (start + 2 > end) this.fail(`truncated ${what ?? 'element'}`, start);
    const tag = bytes[start];
    if (expected !== undefined && tag !== expected) {
      this.fail(`expected ${what ?? 'tag'} (0x${expected.toString(16)}), found tag 0x${tag.toString(16)}`, start);
    }
    if ((tag & 0x1f) === 0x1f) this.fail('high tag numbers are not used in CRLs', start);
    let length = bytes[start + 1];
    let p = start + 2;
    if (length >= 0x80) {
      const count = length & 0x7f;
      if (count === 0) this.fail('indefinite length is not DER', start + 1);
      if (count > 4) this.fail('length longer than 4 bytes', start + 1);
      if (p + count > end) this.fail(`truncated length of ${what ?? 'element'}`, start + 1);
      if (bytes[p] === 0) this.fail('length not minimally encoded', start + 1);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[p++];
      if (length < 0x80) this.fail('length not minimally encoded', start + 1);
    }
    if (p + length > end) this.fail(`${what ?? 'element'} of ${length} bytes runs past its container`, start);
    this.tag = tag;
    this.length = length;
    this.valueStart = p;
    this.pos = p;
    return tag;
  }

  /** Tag of the next element without reading it, or -1 at the end. */
  peekTag(): number {
    return this.pos < this.end ? this.bytes[this.pos] : -1;
  }

  /** Moves past the value of the element whose header was just read. */
  skipValue(): void {
    this.pos = this.valueStart + this.length;
  }

  /** Reads a whole element and returns its value bytes (a view, not a copy). */
  value(expected: number, what: string): Uint8Array {
    this.header(expected, what);
    this.skipValue();
    return this.bytes.subarray(this.valueStart, this.valueStart + this.length);
  }

  /** Reads a whole element and returns its complete TLV bytes (a view). */
  element(what: string): Uint8Array {
    const start = this.pos;
    this.header(undefined, what);
    this.skipValue();
    return this.bytes.subarray(start, this.pos);
  }

  /** A cursor over the value of the element whose header was just read. */
  inside(): DerCursor {
    return new DerCursor(this.bytes, this.valueStart, this.valueStart + this.length, this.base);
  }

  /** INTEGER content bytes, checked for minimal two's complement encoding (X.690 §8.3.2). */
  integer(what: string): Uint8Array {
    const at = this.pos;
    const content = this.value(TAG.integer, what);
    if (content.length === 0) this.fail(`empty ${what}`, at);
    if (content.length > 1 && ((content[0] === 0 && content[1] < 0x80) || (content[0] === 0xff && content[1] >= 0x80))) {
      this.fail(`${what} not minimally encoded`, at);
    }
    return content;
  }

  /** A non-negative INTEGER of at most `maxBytes` content bytes, as a bigint. */
  unsignedInteger(what: string, maxBytes: number): bigint {
    const at = this.pos;
    const content = this.integer(what);
    if (content[0] >= 0x80) this.fail(`negative ${what}`, at);
    if (content.length > maxBytes) this.fail(`${what} longer than ${maxBytes} bytes`, at);
    let value = 0n;
    for (const byte of content) value = (value << 8n) | BigInt(byte);
    return value;
  }

  /** BOOLEAN: DER encodes TRUE as FF; an explicit FALSE (00) is tolerated. */
  boolean(what: string): boolean {
    const at = this.pos;
    const content = this.value(TAG.boolean, what);
    if (content.length !== 1 || (content[0] !== 0 && content[0] !== 0xff)) this.fail(`${what} is not a DER BOOLEAN`, at);
    return content[0] === 0xff;
  }

  /** OBJECT IDENTIFIER content bytes (compare with `oidBytes` constants, decode with `oidToString`). */
  oid(what: string): Uint8Array {
    const at = this.pos;
    const content = this.value(TAG.oid, what);
    if (content.length === 0 || content[content.length - 1] >= 0x80) this.fail(`malformed ${what}`, at);
    return content;
  }
}

/** OBJECT IDENTIFIER content bytes of a dotted OID (X.690 §8.19). */
export function oidBytes(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const values = [arcs[0] * 40 + arcs[1], ...arcs.slice(2)];
  const out: number[] = [];
  for (const value of values) {
    const groups = [value & 0x7f];
    for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) groups.unshift((v & 0x7f) | 0x80);
    out.push(...groups);
  }
  return Uint8Array.from(out);
}

/** Dotted form of OBJECT IDENTIFIER content bytes (for messages and algorithm lookup). */
export function oidToString(content: Uint8Array): string {
  const arcs: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if (byte < 0x80) {
      if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}
