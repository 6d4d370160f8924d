/**
 * A powered card in a CCID slot, as the card layer's CardConnection: the activation sequence
 * (PowerOn → ATR → PPS → SetParameters → IFSD, see protocol-setup.ts) and then one APDU at a
 * time at the reader's exchange level. Capabilities follow the level: extended-APDU readers and
 * T=1 at TPDU level carry extended-length APDUs; short-APDU readers carry what one message
 * holds; T=0 carries short APDUs only.
 */
import { CardRemovedError } from '../../card/errors.ts';
import type { TransmitOptions, TransportCapabilities } from '../../card/transport.ts';
import type { CardConnection } from '../reader.ts';
import { CardProtocolError } from '../errors.ts';
import { parseAtr, type Atr } from '../iso7816/atr.ts';
import { checkPpsResponse, encodePpsRequest } from '../iso7816/pps.ts';
import { transmitOverT0 } from '../iso7816/t0/t0-apdu.ts';
import { T1Host, type T1Trace } from '../iso7816/t1/t1-host.ts';
import type { CcidSlot, PowerPlan } from './ccid-slot.ts';
import { CcidT1Link, transmitExtendedApdu, transmitShortApdu, transmitTpdu, type ExchangeBounds } from './exchange-levels.ts';
import { CCID_HEADER } from './messages.ts';
import { planProtocolSetup, type ProtocolSetup, type ReaderCapabilities } from './protocol-setup.ts';
import { OneAtATime } from './one-at-a-time.ts';

/** Used when the caller gives no timeout: no exchange may last forever. */
const DEFAULT_TRANSMIT_TIMEOUT_MS = 30_000;

export interface ActivationOptions {
  powerPlan: PowerPlan;
  reader: ReaderCapabilities;
  /** Floor for the per-reply wait (quirks, tests). */
  minReplyTimeoutMs?: number | undefined;
  /** Fixed per-reply wait, replacing the one computed from the ATR (tests with virtual readers). */
  replyTimeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs: number;
  t1Trace?: T1Trace | undefined;
}

export class CcidCardConnection implements CardConnection {
  readonly protocol: 'T=0' | 'T=1';
  readonly capabilities: TransportCapabilities;
  private readonly queue = new OneAtATime();
  private state: 'open' | 'removed' | 'closed' = 'open';
  /** Command APDUs transmitted, for benchmarks and `readers simulate`. */
  apdus = 0;

  private constructor(
    private readonly slot: CcidSlot,
    readonly atr: Uint8Array,
    readonly parsedAtr: Atr,
    readonly setup: ProtocolSetup,
    private readonly replyTimeoutMs: number,
    private readonly maxMessageLength: number,
    private readonly t1: T1Host | undefined,
    private readonly t1Link: CcidT1Link | undefined,
  ) {
    this.protocol = setup.protocol === 1 ? 'T=1' : 'T=0';
    this.capabilities = capabilitiesOf(setup, maxMessageLength);
  }

  static async activate(slot: CcidSlot, options: ActivationOptions): Promise<CcidCardConnection> {
    const bounds = () => ({ timeoutMs: options.timeoutMs, signal: options.signal });
    const { atr } = await slot.powerOn(options.powerPlan, { ...bounds(), readTimeoutMs: Math.max(options.replyTimeoutMs ?? 0, Math.min(options.timeoutMs, 10_000)) });
    const parsed = parseAtr(atr);
    const setup = planProtocolSetup(parsed, options.reader);
    const replyTimeoutMs = options.replyTimeoutMs ?? Math.max(setup.replyTimeoutMs, options.minReplyTimeoutMs ?? 0);
    const deadline = performance.now() + options.timeoutMs;
    const exchange: ExchangeBounds = { deadline, signal: options.signal, replyTimeoutMs };
    if (setup.pps) {
      const request = encodePpsRequest(setup.pps);
      checkPpsResponse(setup.pps, await transmitTpdu(slot, request, exchange));
    }
    if (setup.setParameters) await slot.setParameters(setup.protocol, setup.setParameters, { ...bounds(), readTimeoutMs: replyTimeoutMs });
    let t1: T1Host | undefined;
    let link: CcidT1Link | undefined;
    if (setup.level === 'tpdu' && setup.protocol === 1) {
      link = new CcidT1Link(slot);
      link.bounds = exchange;
      t1 = new T1Host(link, setup.t1, options.t1Trace);
      if (setup.negotiateIfsd !== undefined) await t1.negotiateIfsd(setup.negotiateIfsd);
    }
    return new CcidCardConnection(slot, atr, parsed, setup, replyTimeoutMs, options.reader.maxMessageLength, t1, link);
  }

  get level(): ProtocolSetup['level'] {
    return this.setup.level;
  }

  /** T=1 blocks exchanged so far (TPDU level). */
  get t1Blocks(): number {
    return this.t1?.blocks ?? 0;
  }

  transmit(command: Uint8Array, options: TransmitOptions = {}): Promise<Uint8Array> {
    return this.queue.run(() => this.exchange(command, options));
  }

  private async exchange(command: Uint8Array, options: TransmitOptions): Promise<Uint8Array> {
    if (this.state !== 'open') throw new CardRemovedError();
    if (command.length > this.capabilities.maxCommandLength) throw new CardProtocolError({ detail: `${command.length}-byte command beyond ${this.capabilities.maxCommandLength}` });
    this.apdus++;
    const bounds: ExchangeBounds = {
      deadline: performance.now() + (options.timeoutMs ?? DEFAULT_TRANSMIT_TIMEOUT_MS),
      signal: options.signal,
      replyTimeoutMs: this.replyTimeoutMs,
    };
    const payload = this.maxMessageLength - CCID_HEADER;
    try {
      switch (this.setup.level) {
        case 'extended-apdu':
          return await transmitExtendedApdu(this.slot, command, payload, bounds);
        case 'short-apdu':
          return await transmitShortApdu(this.slot, command, bounds);
        default:
          if (this.t1 && this.t1Link) {
            this.t1Link.bounds = bounds;
            return await this.t1.transceive(command);
          }
          return await transmitOverT0(command, (tpdu) => transmitTpdu(this.slot, tpdu, bounds));
      }
    } catch (error) {
      if (error instanceof CardRemovedError) this.markRemoved();
      throw error;
    }
  }

  /** The reader reported the card gone: later transmits reject at once. */
  markRemoved(): void {
    if (this.state === 'open') this.state = 'removed';
  }

  async disconnect(): Promise<void> {
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    if (wasOpen) await this.slot.powerOff({ timeoutMs: 2_000 }).catch(() => {});
  }
}

function capabilitiesOf(setup: ProtocolSetup, maxMessageLength: number): TransportCapabilities {
  const payload = maxMessageLength - CCID_HEADER;
  if (setup.level === 'extended-apdu' || (setup.level === 'tpdu' && setup.protocol === 1)) {
    return { extendedLength: true, maxCommandLength: 4 + 3 + 65535 + 2, maxResponseLength: 65536 + 2 };
  }
  if (setup.level === 'short-apdu') return { extendedLength: false, maxCommandLength: Math.min(261, payload), maxResponseLength: Math.min(258, payload) };
  // T=0: the TPDU drops Le, so an APDU one byte longer than a message still fits.
  return { extendedLength: false, maxCommandLength: Math.min(261, payload + 1), maxResponseLength: 258 };
}
