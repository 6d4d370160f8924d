/**
 * The interface device's side of T=1 (ISO/IEC 7816-3:2006 §11), run by the host for TPDU-level
 * readers. Written by hand: no maintained JavaScript T=1 implementation exists. Same shape as
 * libccid's proto-t1.c, one APDU per `transceive`:
 *
 *   - chaining both ways (Rule 5): blocks no longer than IFSC out, R-block acknowledgements in;
 *   - WTX (Rule 3) and IFS (Rule 4) requests from the card answered;
 *   - error recovery (Rule 7): an invalid or missing block is answered with an R-block naming
 *     the error, an R-block already sent is repeated (Rule 7.2), at most 3 tries per block
 *     (Rule 7.4.2), then resynchronisation (Rule 6: S(RESYNCH), N(S) = N(R) = 0), at most 3 times
 *     (Rule 6.4) before the card is given up with CardProtocolError.
 *
 * After a resynchronisation the APDU is sent again, except the ones that spend a PIN try
 * (VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER): whether the card already executed
 * those is unknown, and the card must never lose a try the resident did not choose to spend.
 */
import { CardError } from '../../../card/errors.ts';
import { CardProtocolError } from '../../errors.ts';
import { decodeBlock, describeBlock, encodeBlock, MAX_INF, R_ERROR, type EdcKind, type T1Block } from './block.ts';
import { concatBytes } from '../../../protocol/encoding.ts';

const RETRIES = 3;
const RESYNCS = 3;
const MAX_RESPONSE = 65536 + 2;
/** INS bytes whose repetition could spend a PIN try. */
const NOT_REPEATABLE = new Set([0x20, 0x21, 0x24, 0x2c]);

export type LinkResult = { bytes: Uint8Array } | { lost: string };

/** One block to the card and the card's next block back (a CCID XfrBlock at TPDU level). */
export interface T1Link {
  /** `wtx`: the card's waiting time extension multiplier for this wait (1 = none). */
  exchange(block: Uint8Array<ArrayBuffer>, wtx: number): Promise<LinkResult>;
}

export interface T1Parameters {
  /** Largest INF the card accepts (IFSC, from the ATR or S(IFS) from the card). */
  ifsc: number;
  /** Largest INF this side accepts (IFSD). */
  ifsd: number;
  edc: EdcKind;
  /** Largest INF a block may carry to fit the reader's messages. */
  maxInf: number;
}

export interface T1Trace {
  (direction: 'sent' | 'received', description: string): void;
}

export class T1Host {
  private ns = 0;
  private nr = 0;
  private ifsc: number;
  /** Set when an exchange ended mid-way (cancel, timeout): the next one starts with RESYNCH. */
  private unsynchronised = false;
  /** IFSD this side negotiated; RESYNCH returns the card to the default 32, so it is sent again. */
  private negotiatedIfsd: number | undefined;
  /** Blocks exchanged, for benchmarks. */
  blocks = 0;

  constructor(
    private readonly link: T1Link,
    private readonly params: T1Parameters,
    private readonly trace?: T1Trace,
  ) {
    this.ifsc = params.ifsc;
  }

  get currentIfsc(): number {
    return this.ifsc;
  }

  /** §11.4.2: S(IFS request) with IFSD, answered by S(IFS response) with the same value. */
  async negotiateIfsd(ifsd: number): Promise<void> {
    const request: T1Block = { kind: 'S', nad: 0, type: 'ifs', response: false, inf: Uint8Array.of(ifsd) };
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      const answer = await this.send(request, 1);
      if (answer.ok && answer.block.kind === 'S' && answer.block.type === 'ifs' && answer.block.response && answer.block.inf[0] === ifsd) {
        this.negotiatedIfsd = ifsd;
        return;
      }
    }
    throw new CardProtocolError({ detail: `T=1: IFSD ${ifsd} not acknowledged` });
  }

  async transceive(apdu: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    if (apdu.length === 0) throw new RangeError('empty APDU');
    try {
      if (this.unsynchronised) await this.resynchronise();
      for (let resyncs = 0; ; resyncs++) {
        const outcome = await this.attempt(apdu);
        if (outcome !== 'resync') return outcome;
        if (resyncs >= RESYNCS) throw new CardProtocolError({ detail: 'T=1: resynchronisation limit reached (Rule 6.4)' });
        await this.resynchronise();
        if (NOT_REPEATABLE.has(apdu[1] ?? 0)) throw new CardProtocolError({ detail: 'T=1: resynchronised; a PIN command is not sent twice' });
      }
    } catch (error) {
      if (error instanceof CardError) this.unsynchronised = true;
      throw error;
    }
  }

  /** Rule 6: S(RESYNCH request) until S(RESYNCH response); then N(S) = N(R) = 0. */
  private async resynchronise(): Promise<void> {
    for (let attempt = 0; attempt < RESYNCS; attempt++) {
      const answer = await this.send({ kind: 'S', nad: 0, type: 'resynch', response: false, inf: new Uint8Array(0) }, 1);
      if (answer.ok && answer.block.kind === 'S' && answer.block.type === 'resynch' && answer.block.response) {
        this.ns = 0;
        this.nr = 0;
        this.ifsc = this.params.ifsc;
        this.unsynchronised = false;
        if (this.negotiatedIfsd !== undefined) await this.negotiateIfsd(this.negotiatedIfsd);
        return;
      }
    }
    throw new CardProtocolError({ detail: 'T=1: the card does not answer S(RESYNCH) (Rule 6.4)' });
  }

  /** One try at the whole APDU; 'resync' when Rule 7.4.2 calls for resynchronisation. */
  private async attempt(apdu: Uint8Array): Promise<Uint8Array<ArrayBuffer> | 'resync'> {
    let offset = 0;
    // Sized when built: an S(IFS request) from the card changes IFSC for every later block (Rule 4).
    const chunk = (): T1Block => {
      const inf = apdu.subarray(offset, offset + Math.max(1, Math.min(this.ifsc, this.params.maxInf, MAX_INF)));
      return { kind: 'I', nad: 0, ns: this.ns, more: offset + inf.length < apdu.length, inf };
    };
    let sending = true;
    let pending = chunk(); // the I-block not yet acknowledged
    let current: T1Block = pending;
    let lastSent: T1Block = current;
    let wtx = 1;
    let retries = RETRIES;
    const parts: Uint8Array[] = [];
    let received = 0;

    for (;;) {
      const answer = await this.send(current, wtx);
      lastSent = current;
      wtx = 1;
      const invalid = (error: number): 'resync' | undefined => {
        if (--retries <= 0) return 'resync';
        // Rule 7.2: an R-block that was not answered properly is sent again as it was.
        current = lastSent.kind === 'R' ? lastSent : { kind: 'R', nad: 0, nr: this.nr, error };
        return undefined;
      };
      if (!answer.ok) {
        if (invalid(answer.error === 'edc' ? R_ERROR.edc : R_ERROR.other)) return 'resync';
        continue;
      }
      const block = answer.block;
      if (block.nad !== 0 || (block.kind !== 'R' && block.inf.length > (block.kind === 'I' ? this.params.ifsd : 1))) {
        if (invalid(R_ERROR.other)) return 'resync';
        continue;
      }
      if (block.kind === 'R') {
        if (sending && block.nr !== this.ns) {
          if (pending.kind === 'I' && pending.more) {
            // Rule 5: the chained block was received; send the next one.
            offset += pending.inf.length;
            this.ns ^= 1;
            pending = chunk();
            current = pending;
            retries = RETRIES;
            continue;
          }
          // The card has our last block but its answer went missing: ask for it (Rule 7.2).
          if (invalid(R_ERROR.other)) return 'resync';
          continue;
        }
        // The card asks for our last block again (its Rule 7.1).
        if (--retries <= 0) return 'resync';
        if (sending) pending = chunk();
        current = sending ? pending : lastSent;
        continue;
      }
      if (block.kind === 'I') {
        if (sending) {
          if (pending.kind === 'I' && pending.more) {
            if (invalid(R_ERROR.other)) return 'resync';
            continue;
          }
          // The card's I-block acknowledges our last I-block (Rule 2).
          this.ns ^= 1;
          sending = false;
        }
        if (block.ns !== this.nr) {
          if (invalid(R_ERROR.other)) return 'resync';
          continue;
        }
        this.nr ^= 1;
        received += block.inf.length;
        if (received > MAX_RESPONSE) throw new CardProtocolError({ detail: `T=1: response longer than ${MAX_RESPONSE} bytes` });
        parts.push(block.inf);
        retries = RETRIES;
        if (!block.more) return concatBytes(...parts);
        current = { kind: 'R', nad: 0, nr: this.nr, error: R_ERROR.none }; // Rule 5: acknowledge the chained block
        continue;
      }
      // S-blocks.
      if (block.response) {
        if (invalid(R_ERROR.other)) return 'resync';
        continue;
      }
      if (block.type === 'wtx') {
        wtx = Math.max(1, block.inf[0] ?? 1); // Rule 3
        current = { kind: 'S', nad: 0, type: 'wtx', response: true, inf: block.inf };
        continue;
      }
      if (block.type === 'ifs') {
        const ifsc = block.inf[0] ?? 0;
        if (block.inf.length !== 1 || ifsc < 1 || ifsc > MAX_INF) {
          if (invalid(R_ERROR.other)) return 'resync';
          continue;
        }
        this.ifsc = ifsc; // Rule 4
        current = { kind: 'S', nad: 0, type: 'ifs', response: true, inf: block.inf };
        continue;
      }
      if (block.type === 'abort') {
        await this.send({ kind: 'S', nad: 0, type: 'abort', response: true, inf: new Uint8Array(0) }, 1); // Rule 9
        throw new CardProtocolError({ detail: 'T=1: the card aborted the chain (Rule 9)' });
      }
      return 'resync'; // Rule 6.1: only the interface device may ask for RESYNCH
    }
  }

  private async send(block: T1Block, wtx: number): Promise<ReturnType<typeof decodeBlock>> {
    this.blocks++;
    this.trace?.('sent', describeBlock(block));
    const result = await this.link.exchange(encodeBlock(block, this.params.edc), wtx);
    if ('lost' in result) {
      this.trace?.('received', `nothing (${result.lost})`);
      return { ok: false, error: 'other', detail: result.lost };
    }
    const decoded = decodeBlock(result.bytes, this.params.edc);
    this.trace?.('received', decoded.ok ? describeBlock(decoded.block) : `invalid (${decoded.detail})`);
    return decoded;
  }
}
