/**
 * T=1 blocks (ISO/IEC 7816-3:2006 §11.3): prologue NAD PCB LEN, information field of 0-254
 * bytes, epilogue EDC (LRC, one byte, §11.3.4.2, or CRC, two bytes, ISO/IEC 13239). PCB
 * coding per §11.3.2.2: I-block 0 N(S) M …, R-block 1 0 0 N(R) error code, S-block 1 1
 * response-bit type. Shared by the host's T=1 (t1-host.ts) and the virtual card's.
 */

export type EdcKind = 'lrc' | 'crc';

export const S_TYPE = { resynch: 0x00, ifs: 0x01, abort: 0x02, wtx: 0x03 } as const;
export type SType = 'resynch' | 'ifs' | 'abort' | 'wtx';
const S_TYPE_NAMES: Readonly<Record<number, SType>> = { 0: 'resynch', 1: 'ifs', 2: 'abort', 3: 'wtx' };

/** R-block error codes in PCB b4-b1 (§11.3.2.2). */
export const R_ERROR = { none: 0, edc: 1, other: 2 } as const;

export type T1Block =
  | { kind: 'I'; nad: number; ns: number; more: boolean; inf: Uint8Array }
  | { kind: 'R'; nad: number; nr: number; error: number }
  | { kind: 'S'; nad: number; type: SType; response: boolean; inf: Uint8Array };

export const MAX_INF = 254;

/** LRC: exclusive-or of every byte (§11.3.4.2). */
export function lrc(bytes: Uint8Array): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

const CRC_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** The ISO/IEC 13239 CRC as T=1 uses it (preset 0xFFFF, reflected polynomial 0x8408), high byte first. */
export function crc(bytes: Uint8Array): Uint8Array {
  let v = 0xffff;
  for (const b of bytes) v = (v >>> 8) ^ (CRC_TABLE[(v ^ b) & 0xff] ?? 0);
  return Uint8Array.from([v >> 8, v & 0xff]);
}

export function edcLength(kind: EdcKind): number {
  return kind === 'crc' ? 2 : 1;
}

function pcbOf(block: T1Block): number {
  switch (block.kind) {
    case 'I':
      return (block.ns << 6) | (block.more ? 0x20 : 0);
    case 'R':
      return 0x80 | (block.nr << 4) | (block.error & 0x0f);
    case 'S':
      return 0xc0 | (block.response ? 0x20 : 0) | S_TYPE[block.type];
  }
}

export function encodeBlock(block: T1Block, edc: EdcKind): Uint8Array<ArrayBuffer> {
  const inf = block.kind === 'R' ? new Uint8Array(0) : block.inf;
  if (inf.length > MAX_INF) throw new RangeError(`T=1 INF of ${inf.length} bytes`);
  const body = new Uint8Array(3 + inf.length);
  body[0] = block.nad;
  body[1] = pcbOf(block);
  body[2] = inf.length;
  body.set(inf, 3);
  const check = edc === 'crc' ? crc(body) : Uint8Array.of(lrc(body));
  const bytes = new Uint8Array(body.length + check.length);
  bytes.set(body);
  bytes.set(check, body.length);
  return bytes;
}

export type DecodeResult = { ok: true; block: T1Block } | { ok: false; error: 'edc' | 'other'; detail: string };

/**
 * Decodes a received block. An EDC mismatch (or a block cut short) is an 'edc' error, a bad
 * LEN or unknown PCB an 'other' error: the two R-block error codes of §11.6.3 Rule 7.1.
 */
export function decodeBlock(bytes: Uint8Array, edc: EdcKind): DecodeResult {
  const check = edcLength(edc);
  if (bytes.length < 3 + check) return { ok: false, error: 'edc', detail: `block of ${bytes.length} bytes` };
  const len = bytes[2] ?? 0;
  if (len === 0xff) return { ok: false, error: 'other', detail: 'LEN 0xFF' };
  if (bytes.length !== 3 + len + check) return { ok: false, error: 'edc', detail: `LEN ${len} but ${bytes.length} bytes` };
  const body = bytes.subarray(0, 3 + len);
  const expected = edc === 'crc' ? crc(body) : Uint8Array.of(lrc(body));
  for (let i = 0; i < check; i++) if (bytes[3 + len + i] !== expected[i]) return { ok: false, error: 'edc', detail: 'EDC mismatch' };
  const nad = bytes[0] ?? 0;
  const pcb = bytes[1] ?? 0;
  const inf = bytes.slice(3, 3 + len);
  if ((pcb & 0x80) === 0) return { ok: true, block: { kind: 'I', nad, ns: (pcb >> 6) & 1, more: (pcb & 0x20) !== 0, inf } };
  if ((pcb & 0xc0) === 0x80) {
    if (len !== 0 || (pcb & 0x20) !== 0) return { ok: false, error: 'other', detail: `malformed R-block PCB 0x${pcb.toString(16)}` };
    return { ok: true, block: { kind: 'R', nad, nr: (pcb >> 4) & 1, error: pcb & 0x0f } };
  }
  const type = S_TYPE_NAMES[pcb & 0x1f];
  if (type === undefined) return { ok: false, error: 'other', detail: `unknown S-block PCB 0x${pcb.toString(16)}` };
  return { ok: true, block: { kind: 'S', nad, type, response: (pcb & 0x20) !== 0, inf } };
}

/** "I(0,M)", "R(1,EDC)", "S(WTX req)": for traces and test failures. */
export function describeBlock(block: T1Block): string {
  switch (block.kind) {
    case 'I':
      return `I(${block.ns}${block.more ? ',M' : ''}) ${block.inf.length}B`;
    case 'R':
      return `R(${block.nr}${block.error === R_ERROR.edc ? ',EDC' : block.error === R_ERROR.other ? ',other' : ''})`;
    case 'S':
      return `S(${block.type.toUpperCase()} ${block.response ? 'resp' : 'req'}${block.inf.length ? ` ${block.inf[0]}` : ''})`;
  }
}
