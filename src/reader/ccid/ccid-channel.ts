/**
 * The CCID message layer of one interface (libccid's commands.c + ReadUSB): one command at a
 * time on the bulk pipes (CCID §6: the host has at most one command outstanding per slot, and
 * this driver keeps one per interface, which every reader accepts), bSeq numbering, replies
 * reassembled from several transfers, stale frames (wrong bSeq or slot) discarded, time
 * extension replies (bmCommandStatus 2) honoured by waiting bError times longer, and the
 * ABORT procedure (CCID §5.3.1) after a timeout or a cancel so the slot is clean for the next
 * command.
 */
import { CardCancelledError, CardError } from '../../card/errors.ts';
import { CcidProtocolError, ReaderTimeoutError } from '../errors.ts';
import { remaining, withDeadline } from '../deadline.ts';
import type { UsbPipes } from '../usb/usb-pipes.ts';
import { CCID_HEADER, decodeReply, encodeCommand, messageDataLength, PC_TO_RDR, REPLY_TO, RDR_TO_PC, type CcidReply } from './messages.ts';
import { COMMAND_STATUS } from './slot-errors.ts';
import { OneAtATime } from './one-at-a-time.ts';

/** libccid gives up after 10 frames with the wrong bSeq. */
const MAX_STALE_FRAMES = 10;
/** CCID class request ABORT (§5.3.1). */
const ABORT_REQUEST = 0x01;

export interface CcidChannelTiming {
  /** How long to wait for a reply before a time extension or the reply itself. */
  readTimeoutMs: number;
  /** Bound on the ABORT procedure after a timeout or cancel. */
  abortTimeoutMs: number;
}

export interface TransactOptions {
  /** Wait per frame (default: the channel's readTimeoutMs); time extensions multiply it. */
  readTimeoutMs?: number;
  /** Bound on the whole exchange, time extensions included. */
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
}

export interface CcidRequest {
  type: number;
  slot: number;
  parameters: readonly [number, number, number];
  data?: Uint8Array;
}

export class CcidChannel {
  private seq = 0;
  private readonly queue = new OneAtATime();
  /** Counted for benchmarks and `readers simulate`. */
  messages = 0;

  constructor(
    private readonly pipes: UsbPipes,
    private readonly maxMessageLength: number,
    readonly timing: CcidChannelTiming,
  ) {}

  /** Sends one command and resolves with its reply (a failed bmCommandStatus is the caller's to judge). */
  transact(request: CcidRequest, options: TransactOptions = {}): Promise<CcidReply> {
    return this.queue.run(() => this.exchange(request, options));
  }

  private async exchange(request: CcidRequest, options: TransactOptions): Promise<CcidReply> {
    if (options.signal?.aborted) throw new CardCancelledError();
    const seq = this.seq;
    this.seq = (this.seq + 1) & 0xff;
    const hardDeadline = performance.now() + (options.timeoutMs ?? Number.POSITIVE_INFINITY);
    const bounds = (waitMs: number) => ({ timeoutMs: Math.min(waitMs, remaining(hardDeadline)), signal: options.signal });
    this.messages++;
    await this.pipes.bulkOut(encodeCommand({ ...request, seq, data: request.data ?? new Uint8Array(0) }), bounds(this.timing.readTimeoutMs));
    const base = options.readTimeoutMs ?? this.timing.readTimeoutMs;
    let wait = base;
    let stale = 0;
    try {
      for (;;) {
        const reply = await this.readFrame(bounds(wait));
        if (reply.seq !== seq || reply.slot !== request.slot) {
          if (++stale > MAX_STALE_FRAMES) throw new CcidProtocolError({ detail: `more than ${MAX_STALE_FRAMES} frames with a wrong bSeq` });
          continue;
        }
        if (reply.commandStatus === COMMAND_STATUS.timeExtension) {
          wait = base * Math.max(1, reply.bError);
          continue;
        }
        if (reply.type !== REPLY_TO[request.type]) {
          throw new CcidProtocolError({ detail: `reply type 0x${reply.type.toString(16)} to command 0x${request.type.toString(16)}` });
        }
        return reply;
      }
    } catch (error) {
      if (error instanceof ReaderTimeoutError || error instanceof CardCancelledError) await this.abort(request.slot, seq);
      throw error;
    }
  }

  /** Reads one whole message, joining transfers until dwLength is reached. */
  private async readFrame(options: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<CcidReply> {
    const deadline = performance.now() + options.timeoutMs;
    let bytes = await this.pipes.bulkIn(this.maxMessageLength, options);
    while (bytes.length < CCID_HEADER || bytes.length < CCID_HEADER + messageDataLength(bytes)) {
      if (CCID_HEADER + messageDataLength(bytes) > this.maxMessageLength && bytes.length >= CCID_HEADER) {
        throw new CcidProtocolError({ detail: `reply announces ${messageDataLength(bytes)} bytes, beyond dwMaxCCIDMessageLength` });
      }
      const more = await this.pipes.bulkIn(this.maxMessageLength, { timeoutMs: remaining(deadline), signal: options.signal });
      const joined = new Uint8Array(bytes.length + more.length);
      joined.set(bytes);
      joined.set(more, bytes.length);
      bytes = joined;
    }
    return decodeReply(bytes);
  }

  /**
   * CCID §5.3.1: the class request ABORT, then PC_to_RDR_Abort with the same bSlot and bSeq;
   * the reader answers the aborted command (CMD_ABORTED) and then the Abort with a SlotStatus.
   * Best effort and bounded: a reader that does not answer leaves stale frames, which the next
   * exchange discards by bSeq.
   */
  private async abort(slot: number, seq: number): Promise<void> {
    const deadline = performance.now() + this.timing.abortTimeoutMs;
    const bound = () => ({ timeoutMs: remaining(deadline) });
    try {
      await this.pipes.controlOut(
        { requestType: 'class', recipient: 'interface', request: ABORT_REQUEST, value: (seq << 8) | slot, index: this.pipes.endpoints.interfaceNumber },
        undefined,
        bound(),
      );
      await this.pipes.bulkOut(encodeCommand({ type: PC_TO_RDR.Abort, slot, seq, parameters: [0, 0, 0], data: new Uint8Array(0) }), bound());
      for (;;) {
        const reply = await withDeadline(this.readFrame(bound()), { ...bound(), onTimeout: () => new ReaderTimeoutError({ detail: 'abort not answered' }) });
        if (reply.type === RDR_TO_PC.SlotStatus && reply.seq === seq) return;
      }
    } catch (error) {
      if (!(error instanceof CardError)) throw error;
    }
  }
}
