/**
 * Streaming reader of a DER CertificateList (RFC 5280 §5.1). Only the current element is held:
 * headers and extensions in full (bounded by `CrlLimits`), entries one at a time, handed to a
 * sink as they pass. The tbsCertList bytes go to an incremental hash as they stream, so the
 * signature can be checked without keeping the CRL.
 *
 *   CertificateList ::= SEQUENCE { tbsCertList TBSCertList,
 *     signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
 *   TBSCertList ::= SEQUENCE { version Version OPTIONAL, -- if present, MUST be v2
 *     signature AlgorithmIdentifier, issuer Name, thisUpdate Time, nextUpdate Time OPTIONAL,
 *     revokedCertificates SEQUENCE OF SEQUENCE { … } OPTIONAL,
 *     crlExtensions [0] EXPLICIT Extensions OPTIONAL }
 */
import type { AlgorithmIdentifier } from '../pki/certificate.ts';
import { bytesEqual } from '../protocol/encoding.ts';
import { ByteSource, type ByteInput, type IncrementalHash } from './byte-source.ts';
import { readEntry, type CrlEntrySink } from './crl-entry.ts';
import { noCrlExtensions, readCrlExtensions, type CrlExtensions } from './crl-extensions.ts';
import { contextTag, DerCursor, oidToString, TAG } from './der.ts';
import { CrlFormatError } from './errors.ts';
import { readTime } from './time.ts';

export interface CrlLimits {
  /** Largest version/algorithm/issuer/time element and largest signature element. */
  maxHeaderElementBytes: number;
  /** Largest single revokedCertificates entry. */
  maxEntryBytes: number;
  /** Largest crlExtensions element. */
  maxExtensionsBytes: number;
  maxEntries: number;
}

export const DEFAULT_CRL_LIMITS: CrlLimits = {
  maxHeaderElementBytes: 64 * 1024,
  maxEntryBytes: 16 * 1024,
  maxExtensionsBytes: 1024 * 1024,
  maxEntries: 50_000_000,
};

export interface CrlHeader {
  /** 1 or 2 (RFC 5280 §5.1.2.1). */
  version: number;
  /** The tbsCertList's signature field. */
  signatureAlgorithm: AlgorithmIdentifier;
  /** DER of the issuer Name. */
  issuer: Uint8Array<ArrayBuffer>;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  /** Size of the whole CertificateList, from its outer header. */
  byteLength: number;
}

export interface CrlSummary extends CrlHeader, CrlExtensions {
  entryCount: number;
  signatureValue: Uint8Array<ArrayBuffer>;
  /** Digest of the tbsCertList, when a hash was asked for. */
  tbsDigest: Uint8Array | undefined;
}

export interface CrlProgress {
  bytes: number;
  entries: number;
}

export interface CrlReadOptions extends CrlEntrySink {
  /** Called once the header is read; return a hash (or its promise) to digest the tbsCertList with. */
  header?(header: CrlHeader): IncrementalHash | undefined | Promise<IncrementalHash | undefined>;
  /** Called each time a new chunk of input has been taken in. */
  progress?(progress: CrlProgress): void;
  signal?: AbortSignal;
  limits?: Partial<CrlLimits>;
}

function algorithmIdentifier(element: Uint8Array, base: number): AlgorithmIdentifier {
  const c = new DerCursor(element, 0, element.length, base);
  c.header(TAG.sequence, 'algorithm identifier');
  const oid = oidToString(c.oid('algorithm'));
  const parameters = c.atEnd ? undefined : c.element('algorithm parameters');
  if (!c.atEnd) c.fail('extra data in the algorithm identifier');
  const isNull = parameters !== undefined && parameters.length === 2 && parameters[0] === TAG.null && parameters[1] === 0;
  return { oid, parameters: parameters && !isNull ? new Uint8Array(parameters) : undefined };
}

export async function readCrl(input: ByteInput, options: CrlReadOptions): Promise<CrlSummary> {
  const limits = { ...DEFAULT_CRL_LIMITS, ...options.limits };
  const source = new ByteSource(input, options.signal);
  const reader = new CrlStreamReader(source, options, limits);
  try {
    return await reader.read();
  } catch (error) {
    reader.hash?.abort?.();
    await source.cancel(error);
    throw error;
  }
}

/** One pass over one CRL; holds the window cursor and the running counts. */
class CrlStreamReader {
  private readonly cursor = new DerCursor(new Uint8Array(0), 0, 0, 0);
  private readonly entryCursor = new DerCursor(new Uint8Array(0), 0, 0, 0);
  private entries = 0;
  hash: IncrementalHash | undefined;

  constructor(
    private readonly source: ByteSource,
    private readonly options: CrlReadOptions,
    private readonly limits: CrlLimits,
  ) {}

  /** Points the cursor at the window; `end` is the container's end `endAbs` in window coordinates. */
  private sync(endAbs: number): DerCursor {
    const { cursor, source } = this;
    cursor.bytes = source.bytes;
    cursor.pos = source.pos;
    cursor.base = source.base;
    cursor.end = endAbs - source.base;
    return cursor;
  }

  private truncated(what: string): never {
    throw new CrlFormatError(this.source.received, `the file ends inside the ${what}`);
  }

  private progress(): void {
    this.options.progress?.({ bytes: this.source.received, entries: this.entries });
  }

  /** Reads the header of the next element inside a container ending at `endAbs`. */
  private async open(endAbs: number, what: string): Promise<DerCursor> {
    const need = Math.min(6, endAbs - this.source.offset);
    if (need < 2) throw new CrlFormatError(this.source.offset, `missing ${what}`);
    if (this.source.available < need) {
      if (!(await this.source.fill(need))) this.truncated(what);
      this.progress();
    }
    const c = this.sync(endAbs);
    c.header(undefined, what);
    return c;
  }

  /** Tag of the next element inside a container ending at `endAbs`, or -1 at its end. */
  private async peek(endAbs: number): Promise<number> {
    if (this.source.offset >= endAbs) return -1;
    if (this.source.available < 1 && !(await this.source.fill(1))) this.truncated('tbsCertList');
    return this.source.bytes[this.source.pos];
  }

  /** Enters a constructed element without reading its value; returns its absolute end. */
  private async enter(endAbs: number, tag: number, what: string): Promise<number> {
    const c = await this.open(endAbs, what);
    if (c.tag !== tag) c.fail(`expected ${what}, found tag 0x${c.tag.toString(16)}`, this.source.pos);
    this.source.pos = c.valueStart;
    return c.base + c.valueStart + c.length;
  }

  /** Brings a whole element of at most `max` bytes into the window; returns a cursor over exactly it. */
  private async whole(endAbs: number, max: number, what: string): Promise<DerCursor> {
    const start = this.source.offset;
    let c = await this.open(endAbs, what);
    const total = c.valueStart - this.source.pos + c.length;
    if (total > max) throw new CrlFormatError(start, `${what} is larger than ${max} bytes`);
    if (this.source.available < total) {
      if (!(await this.source.fill(total))) this.truncated(what);
      this.progress();
      c = this.sync(endAbs);
    }
    c.pos = this.source.pos;
    c.end = c.pos + total;
    this.source.pos += total;
    return c;
  }

  async read(): Promise<CrlSummary> {
    const { source, limits } = this;
    const outerEnd = await this.enter(Number.MAX_SAFE_INTEGER, TAG.sequence, 'CertificateList');
    const tbsStart = source.offset;
    source.retainFrom(tbsStart);
    const tbsEnd = await this.enter(outerEnd, TAG.sequence, 'tbsCertList');

    let version = 1;
    if ((await this.peek(tbsEnd)) === TAG.integer) {
      const c = await this.whole(tbsEnd, 16, 'version');
      const at = c.pos;
      const value = c.integer('version');
      if (value.length !== 1 || value[0] !== 1) c.fail('version is not v2 (1)', at);
      version = 2;
    }
    const signatureElement = new Uint8Array((await this.whole(tbsEnd, limits.maxHeaderElementBytes, 'signature algorithm')).element('signature algorithm'));
    const signatureAlgorithm = algorithmIdentifier(signatureElement, tbsStart);
    const issuerCursor = await this.whole(tbsEnd, limits.maxHeaderElementBytes, 'issuer name');
    if (issuerCursor.peekTag() !== TAG.sequence) issuerCursor.fail('issuer is not a Name');
    const issuer = new Uint8Array(issuerCursor.element('issuer name'));
    const thisUpdate = new Date(readTime(await this.whole(tbsEnd, 64, 'thisUpdate'), 'thisUpdate'));
    const next = await this.peek(tbsEnd);
    const nextUpdate =
      next === TAG.utcTime || next === TAG.generalizedTime ? new Date(readTime(await this.whole(tbsEnd, 64, 'nextUpdate'), 'nextUpdate')) : undefined;

    const hash = await this.options.header?.({ version, signatureAlgorithm, issuer, thisUpdate, nextUpdate, byteLength: outerEnd });
    this.hash = hash;
    if (hash) source.hashRange(tbsStart, tbsEnd, hash);
    source.retainFrom(undefined);

    if ((await this.peek(tbsEnd)) === TAG.sequence) await this.readEntries(await this.enter(tbsEnd, TAG.sequence, 'revokedCertificates'), version);

    let extensions = noCrlExtensions();
    if ((await this.peek(tbsEnd)) === contextTag(0, true)) {
      const at = source.offset;
      if (version !== 2) throw new CrlFormatError(at, 'CRL extensions in a version 1 CRL');
      const c = await this.whole(tbsEnd, limits.maxExtensionsBytes, 'CRL extensions');
      c.header(contextTag(0, true), 'CRL extensions');
      extensions = readCrlExtensions(c.inside());
    }
    if (source.offset !== tbsEnd) throw new CrlFormatError(source.offset, 'unexpected element in the tbsCertList');

    const outerAlgorithm = (await this.whole(outerEnd, limits.maxHeaderElementBytes, 'signatureAlgorithm')).element('signatureAlgorithm');
    // RFC 5280 §5.1.1.2: the outer algorithm MUST be the same as the tbsCertList's signature field.
    if (!bytesEqual(outerAlgorithm, signatureElement)) {
      throw new CrlFormatError(source.offset - outerAlgorithm.length, 'signatureAlgorithm differs from the tbsCertList signature field');
    }
    const bitsCursor = await this.whole(outerEnd, limits.maxHeaderElementBytes, 'signatureValue');
    const bitsAt = bitsCursor.pos;
    const bits = bitsCursor.value(TAG.bitString, 'signatureValue');
    if (bits.length < 2 || bits[0] !== 0) bitsCursor.fail('signatureValue is not a whole number of bytes', bitsAt);
    if (source.offset !== outerEnd) throw new CrlFormatError(source.offset, 'unexpected element in the CertificateList');
    if (!(await source.atEnd())) throw new CrlFormatError(outerEnd, 'data after the end of the CertificateList');
    this.progress();
    return {
      version,
      signatureAlgorithm,
      issuer,
      thisUpdate,
      nextUpdate,
      ...extensions,
      entryCount: this.entries,
      byteLength: outerEnd,
      signatureValue: new Uint8Array(bits.subarray(1)),
      tbsDigest: hash ? await hash.digest() : undefined,
    };
  }

  /** The hot loop: entries parsed in place while they are whole in the window, awaiting only for more input. */
  private async readEntries(endAbs: number, version: number): Promise<void> {
    const { source, limits, options, entryCursor } = this;
    const allowExtensions = version === 2;
    for (;;) {
      const remaining = endAbs - source.offset;
      if (remaining <= 0) return;
      const need = Math.min(6, remaining);
      if (source.available < need) {
        if (!(await source.fill(need))) this.truncated('revokedCertificates');
        this.progress();
      }
      let c = this.sync(endAbs);
      let start = c.pos;
      // Entries are short: read the common one-byte length inline, the rest through header().
      const short = c.bytes[start] === TAG.sequence && c.bytes[start + 1] < 0x80 && start + 2 + c.bytes[start + 1] <= c.end;
      if (short) {
        c.length = c.bytes[start + 1];
        c.valueStart = start + 2;
      } else {
        c.header(TAG.sequence, 'revoked certificate entry');
      }
      const total = c.valueStart - start + c.length;
      if (total > limits.maxEntryBytes) c.fail(`an entry is larger than ${limits.maxEntryBytes} bytes`, start);
      if (source.available < total) {
        if (!(await source.fill(total))) this.truncated('revokedCertificates');
        this.progress();
        c = this.sync(endAbs);
        start = c.pos;
        c.header(TAG.sequence, 'revoked certificate entry');
      }
      if (this.entries >= limits.maxEntries) c.fail(`more than ${limits.maxEntries} entries`, start);
      entryCursor.bytes = c.bytes;
      entryCursor.base = c.base;
      entryCursor.pos = c.valueStart;
      entryCursor.end = c.valueStart + c.length;
      readEntry(entryCursor, options, allowExtensions);
      this.entries++;
      source.pos = entryCursor.end;
    }
  }
}
