/**
 * A sliding window over a byte stream: the CRL reader asks for "at least n bytes from here",
 * and only the unread tail of the window is kept between chunks, so memory stays at about one
 * chunk plus the largest element the reader allows. Bytes inside a chosen range are passed to
 * an incremental hash as they arrive (the tbsCertList, for the signature check).
 */
import { CrlIngestCancelledError } from './errors.ts';

export type ByteInput = Uint8Array | ReadableStream<Uint8Array>;

/** A running hash. `update` may keep `data` only during the call; `digest` or `abort` ends it. */
export interface IncrementalHash {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array | Promise<Uint8Array>;
  /** Releases what the hash holds when the read fails before `digest`. */
  abort?(): void;
}

export class ByteSource {
  /** Window bytes; valid from `pos` to `limit`. */
  bytes: Uint8Array = new Uint8Array(0);
  pos = 0;
  limit = 0;
  /** Absolute offset of `bytes[0]`. */
  base = 0;
  /** Bytes received from the input so far. */
  received = 0;
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private pending: Uint8Array | undefined;
  private done = false;
  /** Whether `bytes` is our own buffer (with spare room) rather than an input chunk. */
  private owned = false;
  private hash: IncrementalHash | undefined;
  private hashStart = 0;
  private hashEnd = 0;
  /** Absolute offset before which bytes may be dropped from the window (see `retainFrom`). */
  private retained: number | undefined;

  constructor(
    input: ByteInput,
    private readonly signal?: AbortSignal,
  ) {
    if (input instanceof Uint8Array) this.pending = input;
    else this.reader = input.getReader();
    // A read may wait on the network for a long time: cancelling the stream ends the wait.
    signal?.addEventListener('abort', () => void this.cancel(signal.reason), { once: true });
  }

  get offset(): number {
    return this.base + this.pos;
  }

  get available(): number {
    return this.limit - this.pos;
  }

  /** Hashes bytes [start, end) of the input, those already received at once and the rest on arrival. */
  hashRange(start: number, end: number, hash: IncrementalHash): void {
    this.hash = hash;
    this.hashStart = start;
    this.hashEnd = end;
    const from = Math.max(start, this.base);
    const to = Math.min(end, this.base + this.limit);
    if (to > from) hash.update(this.bytes.subarray(from - this.base, to - this.base));
  }

  /**
   * Keeps every byte from absolute offset `offset` in the window until called again with
   * undefined (for a range whose hash cannot start until later bytes are read).
   */
  retainFrom(offset: number | undefined): void {
    this.retained = offset;
  }

  /** Makes at least `n` bytes available from `pos`; false if the input ends first. */
  async fill(n: number): Promise<boolean> {
    while (this.limit - this.pos < n) {
      const chunk = await this.next();
      if (!chunk) return false;
      this.append(chunk);
    }
    return true;
  }

  /** True when the input has no byte left after `pos`. */
  async atEnd(): Promise<boolean> {
    return !(await this.fill(1));
  }

  async cancel(reason?: unknown): Promise<void> {
    this.done = true;
    await this.reader?.cancel(reason).catch(() => undefined);
  }

  private async next(): Promise<Uint8Array | undefined> {
    if (this.signal?.aborted) {
      await this.cancel(this.signal.reason);
      throw new CrlIngestCancelledError({ cause: this.signal.reason });
    }
    if (this.pending) {
      const chunk = this.pending;
      this.pending = undefined;
      this.done = true;
      return chunk;
    }
    if (this.done || !this.reader) return undefined;
    for (;;) {
      const { value, done } = await this.reader.read();
      if (this.signal?.aborted) throw new CrlIngestCancelledError({ cause: this.signal.reason });
      if (done) {
        this.done = true;
        return undefined;
      }
      if (value.length > 0) return value;
    }
  }

  private append(chunk: Uint8Array): void {
    const chunkStart = this.received;
    this.received += chunk.length;
    if (this.hash) {
      const from = Math.max(this.hashStart, chunkStart);
      const to = Math.min(this.hashEnd, this.received);
      if (to > from) this.hash.update(chunk.subarray(from - chunkStart, to - chunkStart));
    }
    const keep = this.retained === undefined ? this.pos : Math.min(this.pos, this.retained - this.base);
    const tail = this.limit - keep;
    if (tail === 0) {
      this.base += this.limit;
      this.bytes = chunk;
      this.owned = false;
      this.pos = 0;
      this.limit = chunk.length;
      return;
    }
    if (this.owned && this.limit + chunk.length <= this.bytes.length) {
      this.bytes.set(chunk, this.limit);
      this.limit += chunk.length;
      return;
    }
    // Room for the tail to double, so a stream of tiny chunks costs amortised linear time.
    const joined = new Uint8Array(tail + chunk.length + tail);
    joined.set(this.bytes.subarray(keep, this.limit));
    joined.set(chunk, tail);
    this.base += keep;
    this.bytes = joined;
    this.owned = true;
    this.pos -= keep;
    this.limit = tail + chunk.length;
  }
}
