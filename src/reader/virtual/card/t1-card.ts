/**
 * The card's side of T=1 (ISO/IEC 7816-3:2006 §11) for virtual TPDU-level readers: one block in,
 * one block out. It chains in both directions (Rule 5), asks for more time with S(WTX request)
 * before a slow command (Rule 3), answers S(IFS) and S(RESYNCH) requests (Rules 4 and 6.2), and
 * recovers from errors the way a card must (Rule 7): an invalid block is answered with an R-block
 * naming the error, an R-block asking for its last block gets that block again.
 */
import { decodeBlock, encodeBlock, MAX_INF, R_ERROR, type EdcKind, type T1Block } from '../../iso7816/t1/block.ts';
import { concatBytes } from '../../../protocol/encoding.ts';

export interface T1CardOptions {
  ifsc: number;
  edc: EdcKind;
  /** Processes one command APDU (the chip's operating system). */
  process: (apdu: Uint8Array) => Promise<Uint8Array>;
  /** WTX multiplier to ask for before processing this APDU (0 = answer at once). */
  wtxFor?: (apdu: Uint8Array) => number;
}

export class T1Card {
  private ns = 0;
  private nr = 0;
  /** Host's IFSD: the card's blocks carry no more (default 32, §11.4.2). */
  private ifsd = 32;
  private command: Uint8Array[] = [];
  private response: Uint8Array | undefined;
  private responseOffset = 0;
  private lastSent: T1Block | undefined;
  /** The card's last I-block until the host acknowledges it. */
  private lastI: Extract<T1Block, { kind: 'I' }> | undefined;
  /** The APDU waiting for S(WTX response) before it is processed. */
  private deferred: Uint8Array | undefined;
  /** Blocks received, for tests. */
  received = 0;

  constructor(private readonly options: T1CardOptions) {}

  get hostIfsd(): number {
    return this.ifsd;
  }

  async receive(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    this.received++;
    const decoded = decodeBlock(bytes, this.options.edc);
    if (!decoded.ok) return this.send(this.lastSent?.kind === 'R' ? this.lastSent : { kind: 'R', nad: 0, nr: this.nr, error: decoded.error === 'edc' ? R_ERROR.edc : R_ERROR.other });
    const block = decoded.block;
    switch (block.kind) {
      case 'I':
        return this.onIBlock(block);
      case 'R':
        return this.onRBlock(block);
      case 'S':
        return this.onSBlock(block);
    }
  }

  private async onIBlock(block: Extract<T1Block, { kind: 'I' }>): Promise<Uint8Array<ArrayBuffer>> {
    if (block.ns !== this.nr || block.inf.length > this.options.ifsc) return this.send({ kind: 'R', nad: 0, nr: this.nr, error: R_ERROR.other });
    // A new I-block from the host acknowledges the card's last I-block (Rule 2).
    if (this.lastI) {
      this.ns ^= 1;
      this.lastI = undefined;
      this.response = undefined;
    }
    this.nr ^= 1;
    this.command.push(block.inf);
    if (block.more) return this.send({ kind: 'R', nad: 0, nr: this.nr, error: R_ERROR.none });
    const apdu = concatBytes(...this.command);
    this.command = [];
    const wtx = this.options.wtxFor?.(apdu) ?? 0;
    if (wtx > 0) {
      this.deferred = apdu;
      return this.send({ kind: 'S', nad: 0, type: 'wtx', response: false, inf: Uint8Array.of(wtx) });
    }
    return this.answer(apdu);
  }

  private async answer(apdu: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    this.response = await this.options.process(apdu);
    this.responseOffset = 0;
    return this.sendChunk();
  }

  private sendChunk(): Uint8Array<ArrayBuffer> {
    const response = this.response ?? new Uint8Array(0);
    const size = Math.min(this.ifsd, MAX_INF);
    const inf = response.subarray(this.responseOffset, this.responseOffset + size);
    return this.send({ kind: 'I', nad: 0, ns: this.ns, more: this.responseOffset + inf.length < response.length, inf });
  }

  private onRBlock(block: Extract<T1Block, { kind: 'R' }>): Uint8Array<ArrayBuffer> {
    const last = this.lastI;
    if (last && block.nr === last.ns) return this.send(last); // the host asks for it again (Rule 7.2 from its side)
    if (last?.more && block.nr !== last.ns) {
      // Rule 5: the host acknowledged a chained block.
      this.responseOffset += last.inf.length;
      this.ns ^= 1;
      return this.sendChunk();
    }
    // The host asks for the card's last block (an R- or S-block) again.
    return this.send(this.lastSent ?? { kind: 'R', nad: 0, nr: this.nr, error: R_ERROR.other });
  }

  private async onSBlock(block: Extract<T1Block, { kind: 'S' }>): Promise<Uint8Array<ArrayBuffer>> {
    if (block.response) {
      if (block.type === 'wtx' && this.deferred) {
        const apdu = this.deferred;
        this.deferred = undefined;
        return this.answer(apdu);
      }
      return this.send({ kind: 'R', nad: 0, nr: this.nr, error: R_ERROR.other });
    }
    switch (block.type) {
      case 'resynch':
        this.ns = 0;
        this.nr = 0;
        this.lastI = undefined;
        this.ifsd = 32;
        this.command = [];
        this.response = undefined;
        this.deferred = undefined;
        return this.send({ kind: 'S', nad: 0, type: 'resynch', response: true, inf: new Uint8Array(0) });
      case 'ifs': {
        const ifsd = block.inf[0] ?? 0;
        if (block.inf.length !== 1 || ifsd < 1 || ifsd > MAX_INF) return this.send({ kind: 'R', nad: 0, nr: this.nr, error: R_ERROR.other });
        this.ifsd = ifsd;
        return this.send({ kind: 'S', nad: 0, type: 'ifs', response: true, inf: block.inf });
      }
      case 'abort':
        this.command = [];
        this.response = undefined;
        return this.send({ kind: 'S', nad: 0, type: 'abort', response: true, inf: new Uint8Array(0) });
      case 'wtx':
        return this.send({ kind: 'R', nad: 0, nr: this.nr, error: R_ERROR.other }); // only the card asks for WTX
    }
  }

  private send(block: T1Block): Uint8Array<ArrayBuffer> {
    this.lastSent = block;
    if (block.kind === 'I') this.lastI = block;
    return encodeBlock(block, this.options.edc);
  }
}
