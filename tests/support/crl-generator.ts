/**
 * A fast generator of large, validly signed v2 CRLs (RSA, SHA-256), written straight to a file
 * in 1 MiB blocks: 1M entries in about a second, 10M without holding the list in memory.
 * Entries are deterministic for a seed, so tests and benchmarks can ask what entry i is.
 * `openssl crl -CAfile` accepts the output (the benchmark checks it every run).
 *
 * Each entry: serial of `serialBytes` bytes (ascending, random gaps, as OpenSSL sorts them),
 * revocation date (UTCTime, or GeneralizedTime every `generalizedTimeEvery` entries), and a
 * reasonCode extension on most entries, an invalidityDate on some.
 */
import { createSign, type KeyObject } from 'node:crypto';
import { open } from 'node:fs/promises';

export interface GeneratedCrlOptions {
  entries: number;
  /** DER of the issuer Name and the issuer's subject key identifier (for the AKI extension). */
  issuerName: Uint8Array;
  issuerKeyId: Uint8Array;
  /** The CA's RSA private key. */
  key: KeyObject;
  crlNumber?: number;
  thisUpdate: Date;
  nextUpdate: Date;
  serialBytes?: number;
  seed?: number;
  /** Every n-th entry gets a GeneralizedTime revocation date (0: never). */
  generalizedTimeEvery?: number;
}

export interface GeneratedEntry {
  serial: Uint8Array;
  /** Seconds since the epoch. */
  revokedAt: number;
  reason: number | undefined;
  invalidityDate: number | undefined;
}

// Reasons as JPKI uses them, most often first; undefined: no reasonCode extension.
const REASON_CYCLE = [4, 5, 3, 4, 6, 1, undefined, 4, 5, 0];
const SHA256_WITH_RSA = Uint8Array.from([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00]);
const BLOCK = 1 << 20;

function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length];
  const out: number[] = [];
  for (let v = length; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

const tlv = (tag: number, content: Uint8Array | number[]): Uint8Array => Uint8Array.from([tag, ...lengthBytes(content.length), ...content]);
const headerOf = (tag: number, length: number): Uint8Array => Uint8Array.from([tag, ...lengthBytes(length)]);

function timeBytes(seconds: number, generalized: boolean): Uint8Array {
  const iso = new Date(seconds * 1000).toISOString();
  const text = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(generalized ? 0x18 : 0x17, [...new TextEncoder().encode(generalized ? text : text.slice(2))]);
}

/** The i-th entry of a generated CRL (deterministic for the options). */
export class EntrySequence {
  private state: number;
  /** The current serial, big-endian; its top byte stays 0x10-0x7F, so every serial has the same length. */
  private readonly serial: Uint8Array;

  constructor(
    private readonly options: GeneratedCrlOptions,
    private index = 0,
  ) {
    this.state = options.seed ?? 1;
    this.serial = new Uint8Array(options.serialBytes ?? 8);
    this.serial[0] = 0x10;
  }

  private advance(step: number): void {
    let carry = step;
    for (let i = this.serial.length - 1; i >= 0 && carry > 0; i--) {
      const sum = this.serial[i] + carry;
      this.serial[i] = sum & 0xff;
      carry = Math.floor(sum / 256);
    }
  }

  private random(): number {
    // mulberry32
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  next(): GeneratedEntry {
    this.advance(1 + Math.floor(this.random() * 1000));
    const serial = Uint8Array.from(this.serial);
    const base = Math.floor(this.options.thisUpdate.getTime() / 1000);
    const revokedAt = base - 60 - Math.floor(this.random() * 5 * 365 * 86400);
    const reason = REASON_CYCLE[this.index % REASON_CYCLE.length];
    const invalidityDate = reason === 1 ? revokedAt - 86400 : undefined;
    this.index++;
    return { serial, revokedAt, reason, invalidityDate };
  }

  get position(): number {
    return this.index;
  }
}

/** Writes the time's DER at `at`; returns the bytes written. */
function writeTime(out: Uint8Array, at: number, seconds: number, generalized: boolean): number {
  const d = new Date(seconds * 1000);
  const fields = [d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  let p = at;
  out[p++] = generalized ? 0x18 : 0x17;
  out[p++] = generalized ? 15 : 13;
  const year = d.getUTCFullYear();
  const digits = (value: number, count: number): void => {
    for (let i = count - 1; i >= 0; i--, value = Math.floor(value / 10)) out[p + i] = 0x30 + (value % 10);
    p += count;
  };
  if (generalized) digits(year, 4);
  else digits(year % 100, 2);
  for (const field of fields) digits(field, 2);
  out[p++] = 0x5a;
  return p - at;
}

const REASON_EXTENSION = 12;
const INVALIDITY_EXTENSION = 26;

/** Size of entry i's DER, from its shape alone (no random numbers needed). */
function entrySize(serialBytes: number, index: number, generalized: boolean): number {
  const reason = REASON_CYCLE[index % REASON_CYCLE.length];
  const extensions = (reason === undefined ? 0 : REASON_EXTENSION) + (reason === 1 ? INVALIDITY_EXTENSION : 0);
  return 2 + 2 + serialBytes + (generalized ? 17 : 15) + (extensions > 0 ? 2 + extensions : 0);
}

/** Writes the entry's DER at `at`; returns the bytes written. */
function writeEntry(out: Uint8Array, at: number, entry: GeneratedEntry, generalized: boolean): number {
  const extensions = (entry.reason === undefined ? 0 : REASON_EXTENSION) + (entry.invalidityDate === undefined ? 0 : INVALIDITY_EXTENSION);
  const content = 2 + entry.serial.length + (generalized ? 17 : 15) + (extensions > 0 ? 2 + extensions : 0);
  let p = at;
  out[p++] = 0x30;
  out[p++] = content;
  out[p++] = 0x02;
  out[p++] = entry.serial.length;
  out.set(entry.serial, p);
  p += entry.serial.length;
  p += writeTime(out, p, entry.revokedAt, generalized);
  if (extensions > 0) {
    out[p++] = 0x30;
    out[p++] = extensions;
    if (entry.reason !== undefined) {
      out.set([0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01, entry.reason], p);
      p += REASON_EXTENSION;
    }
    if (entry.invalidityDate !== undefined) {
      out.set([0x30, 0x18, 0x06, 0x03, 0x55, 0x1d, 0x18, 0x04, 0x11], p);
      p += 9;
      p += writeTime(out, p, entry.invalidityDate, true);
    }
  }
  return p - at;
}

function crlExtensions(options: GeneratedCrlOptions): Uint8Array {
  const aki = tlv(0x30, [0x06, 0x03, 0x55, 0x1d, 0x23, ...tlv(0x04, [...tlv(0x30, [...tlv(0x80, [...options.issuerKeyId])])])]);
  const numberBytes: number[] = [];
  for (let v = options.crlNumber ?? 1; v > 0; v = Math.floor(v / 256)) numberBytes.unshift(v & 0xff);
  if (numberBytes.length === 0 || numberBytes[0] >= 0x80) numberBytes.unshift(0);
  const number = tlv(0x30, [0x06, 0x03, 0x55, 0x1d, 0x14, ...tlv(0x04, [...tlv(0x02, numberBytes)])]);
  return tlv(0xa0, [...tlv(0x30, [...aki, ...number])]);
}

/** Writes the CRL to `path`; returns its size in bytes. */
export async function generateCrl(path: string, options: GeneratedCrlOptions): Promise<number> {
  const every = options.generalizedTimeEvery ?? 0;
  const isGeneralized = (i: number): boolean => every > 0 && i % every === every - 1;
  // Pass 1: the size of revokedCertificates, so every length is known before writing.
  let revokedLength = 0;
  for (let i = 0; i < options.entries; i++) revokedLength += entrySize(options.serialBytes ?? 8, i, isGeneralized(i));
  const head = [
    tlv(0x02, [1]),
    SHA256_WITH_RSA,
    options.issuerName,
    timeBytes(Math.floor(options.thisUpdate.getTime() / 1000), false),
    timeBytes(Math.floor(options.nextUpdate.getTime() / 1000), false),
  ];
  const extensions = crlExtensions(options);
  const revokedHeader = options.entries > 0 ? headerOf(0x30, revokedLength) : new Uint8Array(0);
  const tbsContentLength = head.reduce((n, p) => n + p.length, 0) + revokedHeader.length + (options.entries > 0 ? revokedLength : 0) + extensions.length;
  const tbsHeader = headerOf(0x30, tbsContentLength);
  const modulusBytes = Math.ceil((options.key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8);
  const signatureLength = 1 + modulusBytes;
  const outerLength = tbsHeader.length + tbsContentLength + SHA256_WITH_RSA.length + headerOf(0x03, signatureLength).length + signatureLength;

  const file = await open(path, 'w');
  try {
    const signer = createSign('SHA256');
    await file.write(headerOf(0x30, outerLength));
    // The tbsCertList goes through a block that is signed and written when full.
    let block = new Uint8Array(BLOCK);
    let used = 0;
    const flush = async (): Promise<void> => {
      signer.update(block.subarray(0, used));
      await file.write(block.subarray(0, used));
      block = new Uint8Array(BLOCK);
      used = 0;
    };
    const put = async (bytes: Uint8Array): Promise<void> => {
      if (used + bytes.length > BLOCK) await flush();
      block.set(bytes, used);
      used += bytes.length;
    };
    await put(tbsHeader);
    for (const part of head) await put(part);
    await put(revokedHeader);
    const seq = new EntrySequence(options);
    for (let i = 0; i < options.entries; i++) {
      if (used + 128 > BLOCK) await flush();
      used += writeEntry(block, used, seq.next(), isGeneralized(i));
    }
    await put(extensions);
    await flush();
    const signature = signer.sign(options.key);
    await file.write(Uint8Array.from([...SHA256_WITH_RSA, ...tlv(0x03, [0, ...signature])]));
  } finally {
    await file.close();
  }
  return outerLength + headerOf(0x30, outerLength).length;
}
