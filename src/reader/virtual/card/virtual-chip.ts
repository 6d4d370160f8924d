/**
 * A virtual My Number Card as a chip on contacts: the voltage classes it accepts, its ATR, PPS
 * right after the ATR (ISO/IEC 7816-3:2006 §9), the rate it talks at, and its T=1 and T=0
 * engines, with the VirtualMyNumberCard answering the APDUs. A slow command (the RSA signature)
 * asks for time the way each protocol does: S(WTX) in T=1, NULL bytes in T=0, and time
 * extensions from an APDU-level reader.
 */
import type { VirtualMyNumberCard } from '../../../card/virtual/virtual-card.ts';
import type { Voltage } from '../../ccid/messages.ts';
import { parseAtr, type Atr } from '../../iso7816/atr.ts';
import { decodePps } from '../../iso7816/pps.ts';
import { T0Card } from './t0-card.ts';
import { T1Card } from './t1-card.ts';

export interface VirtualChipOptions {
  /** Defaults to the card's own ATR (T=1 only). */
  atr?: Uint8Array;
  /** Voltage classes the chip works at (default class A and B: 5 V and 3 V). */
  classes?: readonly Voltage[];
  /** WTX multiplier the chip asks for before a signature (T=1); 0 for none. */
  signatureWtx?: number;
  /** NULL procedure bytes while signing (T=0). */
  signatureNulls?: number;
  /** T=0: ~INS before each data byte. */
  t0SingleByte?: boolean;
}

const COMPUTE_DIGITAL_SIGNATURE = 0x2a;

export class VirtualChip {
  readonly atr: Uint8Array;
  readonly parsedAtr: Atr;
  /** Fi/Di the chip currently talks at (0x11 after reset, §8.1). */
  fidi = 0x11;
  protocol: 0 | 1;
  t1: T1Card;
  t0: T0Card;
  private freshFromReset = false;
  /** APDUs processed, whatever the protocol. */
  apdus = 0;

  constructor(
    readonly card: VirtualMyNumberCard,
    readonly options: VirtualChipOptions = {},
  ) {
    this.atr = options.atr ?? card.atr;
    this.parsedAtr = parseAtr(this.atr);
    this.protocol = this.parsedAtr.defaultProtocol === 1 ? 1 : 0;
    this.t1 = this.newT1();
    this.t0 = this.newT0();
  }

  /** Whether a command with this header takes long enough to ask for more time. */
  static isSlow(apdu: Uint8Array): boolean {
    return apdu[1] === COMPUTE_DIGITAL_SIGNATURE;
  }

  /** Cold reset at `voltage`; undefined when the chip stays mute (class not supported). */
  reset(voltage: Voltage): Uint8Array | undefined {
    if (!(this.options.classes ?? ['5V', '3V']).includes(voltage)) return undefined;
    this.card.reset();
    this.fidi = 0x11;
    this.protocol = this.parsedAtr.specificMode?.protocol === 1 || this.parsedAtr.defaultProtocol === 1 ? 1 : 0;
    this.t1 = this.newT1();
    this.t0 = this.newT0();
    this.freshFromReset = true;
    return this.atr;
  }

  /** The lowest class the chip accepts among `offered` (what a reader choosing the voltage itself does). */
  acceptedVoltage(offered: readonly Voltage[]): Voltage | undefined {
    return (['1.8V', '3V', '5V'] as const).find((v) => offered.includes(v) && (this.options.classes ?? ['5V', '3V']).includes(v));
  }

  /** Only the first exchange after the ATR may be a PPS (§9.1); answers it, or undefined (mute). */
  pps(request: Uint8Array): Uint8Array | undefined {
    if (!this.freshFromReset) return undefined;
    this.freshFromReset = false;
    const pps = decodePps(request);
    if (!pps.pck || !this.parsedAtr.protocols.includes(pps.protocol)) return undefined;
    const ta1 = this.parsedAtr.ta1 ?? 0x11;
    // The chip accepts any rate up to its TA1 (same FI, DI no larger).
    if (pps.pps1 !== undefined && (pps.pps1 >> 4 !== ta1 >> 4 || (pps.pps1 & 0x0f) > (ta1 & 0x0f))) return undefined;
    this.protocol = pps.protocol === 1 ? 1 : 0;
    if (pps.pps1 !== undefined) this.fidi = pps.pps1;
    return Uint8Array.from(request);
  }

  /** A negotiation done by the reader itself (dwFeatures 0x40 / 0x80): the best the chip offers up to `fidi`. */
  negotiate(protocol: 0 | 1, fidi: number): void {
    this.freshFromReset = false;
    this.protocol = protocol;
    const ta1 = this.parsedAtr.ta1 ?? 0x11;
    this.fidi = fidi >> 4 === ta1 >> 4 && (fidi & 0x0f) <= (ta1 & 0x0f) ? fidi : 0x11;
  }

  /** Marks the end of the PPS window (the first exchange was not a PPS). */
  exchanged(): void {
    this.freshFromReset = false;
  }

  async process(apdu: Uint8Array): Promise<Uint8Array> {
    this.apdus++;
    return this.card.process(apdu);
  }

  private newT1(): T1Card {
    const { t1 } = this.parsedAtr;
    return new T1Card({
      ifsc: t1.ifsc,
      edc: t1.edc,
      process: (apdu) => this.process(apdu),
      wtxFor: (apdu) => (VirtualChip.isSlow(apdu) ? (this.options.signatureWtx ?? 2) : 0),
    });
  }

  private newT0(): T0Card {
    return new T0Card({
      process: (apdu) => this.process(apdu),
      nullsFor: (header) => (VirtualChip.isSlow(header) ? (this.options.signatureNulls ?? 2) : 0),
      singleByte: this.options.t0SingleByte ?? false,
    });
  }
}
