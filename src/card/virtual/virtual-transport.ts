/**
 * A virtual card on a virtual reader, as a CardTransport (with the card's ATR) for the training
 * reader, the CLI demo and tests. Fault modes: the card removed after N exchanges or when a
 * command matches, a slow card (latency per exchange, honouring the timeout and abort signal).
 * A locked PIN is a card set-up: VirtualMyNumberCard.setTriesLeft(…, 0).
 */
import { CardCancelledError, CardRemovedError, CardTimeoutError, TransportError } from '../errors.ts';
import { SHORT_APDU_CAPABILITIES, type CardTransport, type TransmitOptions, type TransportCapabilities } from '../transport.ts';
import { decodeCommand } from '../apdu/command.ts';
import type { VirtualMyNumberCard } from './virtual-card.ts';

export const EXTENDED_APDU_CAPABILITIES: TransportCapabilities = {
  extendedLength: true,
  maxCommandLength: 4 + 3 + 65535 + 2,
  maxResponseLength: 65536 + 2,
};

export interface VirtualCardFaults {
  /** The card leaves the reader before exchange number N+1 (0-based count of exchanges done). */
  removeAfterExchanges?: number;
  /** The card leaves the reader when this returns true for the command about to be sent. */
  removeWhen?: (command: Uint8Array, exchangeIndex: number) => boolean;
  /** Each exchange takes this long: a slow card, a weak contactless field. */
  latencyMs?: number;
}

export interface VirtualCardTransportOptions {
  capabilities?: TransportCapabilities;
  faults?: VirtualCardFaults;
}

export class VirtualCardTransport implements CardTransport {
  readonly capabilities: TransportCapabilities;
  private present = true;
  private exchangeCount = 0;
  private readonly faults: VirtualCardFaults;

  constructor(
    readonly card: VirtualMyNumberCard,
    options: VirtualCardTransportOptions = {},
  ) {
    this.capabilities = options.capabilities ?? SHORT_APDU_CAPABILITIES;
    this.faults = options.faults ?? {};
  }

  /** The card's answer to reset. */
  get atr(): Uint8Array {
    return this.card.atr;
  }

  get cardPresent(): boolean {
    return this.present;
  }

  /** Exchanges completed so far. */
  get exchanges(): number {
    return this.exchangeCount;
  }

  remove(): void {
    this.present = false;
  }

  /** Puts the card back: it powers up again, so nothing is selected and no PIN is verified. */
  insert(): void {
    this.present = true;
    this.card.reset();
  }

  async transmit(command: Uint8Array, options: TransmitOptions = {}): Promise<Uint8Array> {
    if (options.signal?.aborted) throw new CardCancelledError();
    if (command.length > this.capabilities.maxCommandLength) {
      throw new TransportError({ ja: 'コマンドが長すぎます。', en: `A ${command.length}-byte command is longer than the reader carries.` });
    }
    if (!this.capabilities.extendedLength && isExtended(command)) {
      throw new TransportError({ ja: 'このリーダーは拡張長のコマンドを送れません。', en: 'This reader cannot carry extended-length commands.' });
    }
    const index = this.exchangeCount;
    if (this.faults.removeAfterExchanges !== undefined && index >= this.faults.removeAfterExchanges) this.present = false;
    if (this.faults.removeWhen?.(command, index)) this.present = false;
    if (!this.present) throw new CardRemovedError();
    if (this.faults.latencyMs) await this.wait(this.faults.latencyMs, options);
    const response = await this.card.process(command);
    this.exchangeCount += 1;
    return response;
  }

  private wait(ms: number, options: TransmitOptions): Promise<void> {
    return new Promise((resolve, reject) => {
      const { signal, timeoutMs } = options;
      const timedOut = timeoutMs !== undefined && timeoutMs < ms;
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        if (timedOut) reject(new CardTimeoutError());
        else resolve();
      }, timedOut ? timeoutMs : ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new CardCancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function isExtended(command: Uint8Array): boolean {
  try {
    return decodeCommand(command).extended;
  } catch {
    return false; // malformed: let the card answer 6700
  }
}
