/**
 * A card session: the one path by which the product's APDUs reach a card through a
 * CardTransport. It runs the privacy guard on every command before anything is sent, bounds each
 * exchange with a per-command timeout and the caller's AbortSignal, fetches the rest of a
 * response on 61xx with GET RESPONSE, re-sends with the Le the card asked for on 6Cxx
 * (ISO/IEC 7816-4 §5.3.4 / §5.6), and traces every exchange with secrets redacted.
 */
import { decodeCommand, encodeCommand, needsExtendedLength, EXTENDED_MAX_NE, SHORT_MAX_NE, type CommandApdu, type DecodedCommand } from '../apdu/command.ts';
import { MalformedResponseError } from '../apdu/errors.ts';
import { getResponseCommand, INS } from '../apdu/instructions.ts';
import { decodeResponse, sw1Of, sw2Of, type ResponseApdu } from '../apdu/response.ts';
import { CardCancelledError, CardError, CardTimeoutError, TransportError } from '../errors.ts';
import { PrivacyGuard, type GuardState } from '../guard/privacy-guard.ts';
import type { CardTransport } from '../transport.ts';
import { ExtendedLengthUnavailableError } from './errors.ts';
import { commandKind, DEFAULT_TIMEOUTS_MS, type CommandKind } from './timeouts.ts';
import type { TraceSink } from './trace.ts';

export interface CardSessionOptions {
  /** Cancels every exchange of the session (the resident walked away, the screen changed). */
  signal?: AbortSignal;
  /** Per-command upper bounds, merged over DEFAULT_TIMEOUTS_MS. */
  timeoutsMs?: Partial<Record<CommandKind, number>>;
  trace?: TraceSink;
}

/** More than any EF of the card holds; a card that keeps answering 61xx beyond it is faulty. */
const MAX_CHAINED_RESPONSE = 2 * EXTENDED_MAX_NE;

export class CardSession {
  private readonly guard = new PrivacyGuard();
  private readonly timeouts: Readonly<Record<CommandKind, number>>;

  constructor(
    readonly transport: CardTransport,
    private readonly options: CardSessionOptions = {},
  ) {
    this.timeouts = { ...DEFAULT_TIMEOUTS_MS, ...options.timeoutsMs };
  }

  /** What the guard knows is selected; flows use it to skip a redundant SELECT. */
  get state(): GuardState {
    return this.guard.state;
  }

  /** Largest Ne worth asking for in one command through this transport. */
  get maxResponseData(): number {
    const { extendedLength, maxResponseLength } = this.transport.capabilities;
    return Math.min(extendedLength ? EXTENDED_MAX_NE : SHORT_MAX_NE, maxResponseLength - 2);
  }

  /** The card was reset (re-inserted, powered again): nothing is selected, no PIN is verified. */
  cardWasReset(): void {
    this.guard.forget('reset');
  }

  /**
   * Sends one command and returns the card's final answer, whatever its status word: callers
   * decide what a status means (see expectSuccess). Throws PrivacyGuardRefusalError without
   * sending anything when the guard refuses, and CardError subclasses for transport trouble.
   */
  async transmit(command: CommandApdu, options: { signal?: AbortSignal } = {}): Promise<ResponseApdu> {
    const { bytes, decoded } = this.encode(command);
    this.guard.check(decoded);
    try {
      let response = await this.exchange(bytes, decoded, options.signal);
      if (sw1Of(response.sw) === 0x6c && decoded.ne > 0) {
        // §5.3.4: wrong Le; SW2 is the exact length available. Re-send once with it.
        const retry = this.encode({ ...command, ne: sw2Of(response.sw) || SHORT_MAX_NE });
        response = await this.exchange(retry.bytes, retry.decoded, options.signal);
      }
      if (sw1Of(response.sw) === 0x61) response = await this.collectRemaining(response, decoded, options.signal);
      this.guard.observe(decoded, response.sw);
      return response;
    } catch (error) {
      this.guard.forget('lost');
      throw error;
    } finally {
      // A PIN must not outlive the call: wipe the copies this session made.
      if (decoded.ins === INS.verify) {
        bytes.fill(0);
        decoded.data.fill(0);
      }
    }
  }

  private encode(command: CommandApdu): { bytes: Uint8Array<ArrayBuffer>; decoded: DecodedCommand } {
    const { capabilities } = this.transport;
    const extended = needsExtendedLength(command);
    if (extended && !capabilities.extendedLength) {
      throw new ExtendedLengthUnavailableError(`${command.data?.length ?? 0} data bytes, Ne ${command.ne ?? 0} through a short-APDU reader`);
    }
    const bytes = encodeCommand(command, { extended });
    if (bytes.length > capabilities.maxCommandLength) {
      throw new ExtendedLengthUnavailableError(`${bytes.length}-byte command, reader carries ${capabilities.maxCommandLength}`);
    }
    return { bytes, decoded: decodeCommand(bytes) };
  }

  /** §5.3.3: SW1 61 means SW2 more bytes wait (00 = 256); fetch them with GET RESPONSE. */
  private async collectRemaining(first: ResponseApdu, original: DecodedCommand, signal?: AbortSignal): Promise<ResponseApdu> {
    const parts: Uint8Array[] = [first.data];
    let total = first.data.length;
    let response = first;
    while (sw1Of(response.sw) === 0x61) {
      const next = this.encode(getResponseCommand(sw2Of(response.sw) || SHORT_MAX_NE));
      response = await this.exchange(next.bytes, original, signal, next.decoded);
      total += response.data.length;
      if (total > MAX_CHAINED_RESPONSE) throw new MalformedResponseError(`GET RESPONSE chain beyond ${MAX_CHAINED_RESPONSE} bytes`);
      parts.push(response.data);
    }
    const data = new Uint8Array(total);
    let offset = 0;
    for (const part of parts) {
      data.set(part, offset);
      offset += part.length;
    }
    return { data, sw: response.sw };
  }

  /**
   * One command-response exchange, bounded by the timeout and the abort signals. `original` is
   * the command a GET RESPONSE continues, so its trace is redacted the same way.
   */
  private async exchange(bytes: Uint8Array, original: DecodedCommand, signal?: AbortSignal, sent: DecodedCommand = original): Promise<ResponseApdu> {
    const signals = [this.options.signal, signal].filter((s): s is AbortSignal => s !== undefined);
    if (signals.some((s) => s.aborted)) throw new CardCancelledError();
    this.traceCommand(bytes, sent);
    const timeoutMs = this.timeouts[commandKind(sent.ins)];
    const controller = new AbortController();
    let cleanup = (): void => {};
    const bounds = new Promise<never>((_, reject) => {
      const onAbort = (): void => {
        controller.abort();
        reject(new CardCancelledError());
      };
      const timer = setTimeout(() => {
        controller.abort();
        reject(new CardTimeoutError());
      }, timeoutMs);
      for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
      cleanup = () => {
        clearTimeout(timer);
        for (const s of signals) s.removeEventListener('abort', onAbort);
      };
    });
    const transmitted = this.transport.transmit(bytes, { signal: controller.signal, timeoutMs });
    // Whichever loses the race must not surface later as an unhandled rejection.
    transmitted.catch(() => {});
    bounds.catch(() => {});
    let raw: Uint8Array;
    try {
      raw = await Promise.race([transmitted, bounds]);
    } catch (error) {
      if (error instanceof CardError) throw error;
      throw new TransportError({ ja: 'カードリーダーとの通信に失敗しました。', en: 'Talking to the card reader failed.' }, { cause: error });
    } finally {
      cleanup();
    }
    const response = decodeResponse(raw);
    this.traceResponse(raw, original);
    return response;
  }

  private traceCommand(bytes: Uint8Array, command: DecodedCommand): void {
    const { trace } = this.options;
    if (!trace) return;
    if (command.ins === INS.verify && command.data.length > 0) {
      const start = 4 + (command.extended ? 3 : 1);
      trace({ direction: 'command', bytes, redacted: { start, end: start + command.data.length } });
    } else {
      trace({ direction: 'command', bytes });
    }
  }

  private traceResponse(raw: Uint8Array, command: DecodedCommand): void {
    const { trace } = this.options;
    if (!trace) return;
    const personalRead = command.ins === INS.readBinary && this.readsPersonalFile(command);
    trace({ direction: 'response', bytes: raw, ...(personalRead ? { redacted: { start: 0, end: raw.length - 2 } } : {}) });
  }

  private readsPersonalFile(command: DecodedCommand): boolean {
    const app = this.guard.currentApplication();
    const fid = (command.p1 & 0x80) !== 0 ? command.p1 & 0x1f : this.guard.state.ef;
    const file = app?.files.find((f) => f.fid === fid);
    // Unknown means personal: redact rather than risk it.
    return file?.kind !== 'binary' || file.personal;
  }
}

export function openCardSession(transport: CardTransport, options?: CardSessionOptions): CardSession {
  return new CardSession(transport, options);
}
