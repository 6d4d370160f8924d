/**
 * The card's side of T=0 at character level (ISO/IEC 7816-3:2006 §10.3), for virtual TPDU
 * readers, which run the interface device's side (firmware/t0-ifd.ts). After the 5-byte header
 * the card sends procedure bytes: NULL (60, wait), ACK (INS, all remaining data) or ~INS (one
 * byte), then SW1 SW2. A case 3 command that produces data answers 61xx and keeps the data for
 * GET RESPONSE; a case 2 command whose P3 does not match the data answers 6Cxx (§10.3.3).
 */

/** What the interface device sees of a T=0 card, one step at a time. */
export interface T0CardPort {
  header(bytes: Uint8Array): void;
  procedure(): Promise<number>;
  /** Data from the interface device after ACK or ~INS. */
  receiveData(bytes: Uint8Array): void;
  /** Data to the interface device after ACK or ~INS. */
  sendData(count: number): Uint8Array;
  sw2(): number;
}

export interface T0CardOptions {
  process: (apdu: Uint8Array) => Promise<Uint8Array>;
  /** NULL procedure bytes to send while this command runs (a slow card). */
  nullsFor?: (header: Uint8Array) => number;
  /** ~INS before every data byte instead of one ACK. */
  singleByte?: boolean;
}

/** INS codes where the card sends data (case 2): P3 is Le. */
const OUTGOING = new Set([0xb0, 0xb1, 0xb2, 0xb3, 0xc0, 0xca, 0xcb, 0x84]);
const GET_RESPONSE = 0xc0;

/** Case 3 commands the card answers with data (kept for GET RESPONSE): signatures, SELECT asking for FCI. */
function answersWithData(header: Uint8Array): boolean {
  const ins = header[1];
  return ins === 0x2a || ins === 0x88 || (ins === 0xa4 && ((header[3] ?? 0) & 0x0c) !== 0x0c);
}

type State =
  | { kind: 'data-in'; expect: number }
  | { kind: 'execute-in' }
  | { kind: 'execute-out'; ne: number }
  | { kind: 'data-out' }
  | { kind: 'sw' };

export class T0Card implements T0CardPort {
  private head = new Uint8Array(5);
  private incoming: number[] = [];
  private outgoing: Uint8Array = new Uint8Array(0);
  private outOffset = 0;
  private sw = 0x9000;
  private state: State = { kind: 'sw' };
  private nulls = 0;
  /** Response data kept for GET RESPONSE after 61xx. */
  private pending: Uint8Array | undefined;
  private pendingOffset = 0;

  constructor(private readonly options: T0CardOptions) {}

  header(bytes: Uint8Array): void {
    this.head = bytes.slice(0, 5);
    this.incoming = [];
    this.outgoing = new Uint8Array(0);
    this.outOffset = 0;
    this.nulls = this.options.nullsFor?.(this.head) ?? 0;
    const ins = this.head[1] ?? 0;
    const p3 = this.head[4] ?? 0;
    if ((ins & 0xf0) === 0x60 || (ins & 0xf0) === 0x90) return this.finish(0x6d00);
    if (ins === GET_RESPONSE) return this.getResponse(p3 || 256);
    if (OUTGOING.has(ins)) this.state = { kind: 'execute-out', ne: p3 || 256 };
    else this.state = p3 > 0 ? { kind: 'data-in', expect: p3 } : { kind: 'execute-in' };
  }

  async procedure(): Promise<number> {
    const ins = this.head[1] ?? 0;
    const ack = this.options.singleByte ? ins ^ 0xff : ins;
    if (this.state.kind === 'data-in') {
      if (this.incoming.length < this.state.expect) return ack;
      this.state = { kind: 'execute-in' };
    }
    if (this.state.kind === 'execute-in') {
      const lc = this.incoming.length;
      const le = answersWithData(this.head) ? [0x00] : [];
      await this.executeIn(Uint8Array.from([...this.head.subarray(0, 4), ...(lc > 0 ? [lc, ...this.incoming] : []), ...le]));
    } else if (this.state.kind === 'execute-out') {
      await this.executeOut(Uint8Array.from([...this.head.subarray(0, 4), this.head[4] ?? 0]), this.state.ne);
    }
    if (this.state.kind === 'data-out' && this.outOffset < this.outgoing.length) return ack;
    if (this.nulls > 0) {
      this.nulls--;
      return 0x60; // NULL: the card is still working (§10.3.3)
    }
    this.state = { kind: 'sw' };
    return this.sw >> 8;
  }

  receiveData(bytes: Uint8Array): void {
    this.incoming.push(...bytes);
  }

  sendData(count: number): Uint8Array {
    const chunk = this.outgoing.slice(this.outOffset, this.outOffset + count);
    this.outOffset += chunk.length;
    return chunk;
  }

  sw2(): number {
    return this.sw & 0xff;
  }

  private async executeIn(apdu: Uint8Array): Promise<void> {
    const { data, sw } = split(await this.options.process(apdu));
    if (data.length === 0) return this.finish(sw);
    this.pending = data.slice();
    this.pendingOffset = 0;
    this.finish(0x6100 | (data.length >= 256 ? 0 : data.length));
  }

  private async executeOut(apdu: Uint8Array, ne: number): Promise<void> {
    const { data, sw } = split(await this.options.process(apdu));
    if (data.length === 0) return this.finish(sw);
    if (data.length !== ne) return this.finish(0x6c00 | (data.length % 256)); // §10.3.3: wrong P3, here is the right one
    this.outgoing = data.slice();
    this.sw = sw;
    this.state = { kind: 'data-out' };
  }

  private getResponse(le: number): void {
    const pending = this.pending;
    if (!pending) return this.finish(0x6985);
    const available = pending.length - this.pendingOffset;
    if (le > available) return this.finish(0x6c00 | (available % 256));
    this.outgoing = pending.slice(this.pendingOffset, this.pendingOffset + le);
    this.pendingOffset += le;
    const rest = pending.length - this.pendingOffset;
    if (rest === 0) this.pending = undefined;
    this.sw = rest === 0 ? 0x9000 : 0x6100 | (rest >= 256 ? 0 : rest);
    this.state = { kind: 'data-out' };
  }

  private finish(sw: number): void {
    this.sw = sw;
    this.outgoing = new Uint8Array(0);
    this.state = { kind: 'sw' };
  }
}

function split(response: Uint8Array): { data: Uint8Array; sw: number } {
  if (response.length < 2) return { data: new Uint8Array(0), sw: 0x6f00 };
  return { data: response.subarray(0, response.length - 2), sw: ((response[response.length - 2] ?? 0) << 8) | (response[response.length - 1] ?? 0) };
}
