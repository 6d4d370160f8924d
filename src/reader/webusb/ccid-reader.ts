/**
 * One slot of a CCID reader as the app's Reader: presence and its changes, connect (activation
 * of the card at the reader's level), close. A removal seen by the presence watch ends the open
 * connection at once, so the card layer gets CardRemovedError instead of waiting for a timeout.
 */
import { CardRemovedError } from '../../card/errors.ts';
import { CcidCardConnection } from '../ccid/ccid-connection.ts';
import { powerPlan, type CcidSlot } from '../ccid/ccid-slot.ts';
import { exchangeLevelOf, type ExchangeLevel } from '../ccid/class-descriptor.ts';
import type { CcidFunction } from '../ccid/interfaces.ts';
import type { PresenceWatch } from '../ccid/presence.ts';
import type { ReaderCapabilities } from '../ccid/protocol-setup.ts';
import type { ReaderQuirk } from '../ccid/quirks.ts';
import type { CardPresence, ConnectOptions, Reader } from '../reader.ts';
import { ReaderUnpluggedError } from '../errors.ts';
import type { CcidTiming } from './ccid-device.ts';

export interface CcidReaderParts {
  id: string;
  name: string;
  fn: CcidFunction;
  slot: CcidSlot;
  watch: PresenceWatch;
  timing: CcidTiming;
  capabilities: ReaderCapabilities;
  quirk: ReaderQuirk | undefined;
  t1Trace: ((direction: 'sent' | 'received', block: string) => void) | undefined;
  onClose: () => Promise<void>;
}

export class CcidReader implements Reader {
  readonly kind = 'webusb-ccid' as const;
  readonly id: string;
  readonly name: string;
  private connection: CcidCardConnection | undefined;
  private unsubscribeWatch: (() => void) | undefined;
  private readonly listeners = new Set<(presence: CardPresence) => void>();
  private closed = false;

  constructor(private readonly parts: CcidReaderParts) {
    this.id = parts.id;
    this.name = parts.name;
  }

  /** The reader's exchange level (CCID dwFeatures). */
  get exchangeLevel(): ExchangeLevel | undefined {
    return exchangeLevelOf(this.parts.fn.descriptor.dwFeatures);
  }

  get interfaceNumber(): number {
    return this.parts.fn.interfaceNumber;
  }

  get slotIndex(): number {
    return this.parts.slot.index;
  }

  /** CCID messages exchanged on this reader's interface (all its slots). */
  get ccidMessages(): number {
    return this.parts.slot.channel.messages;
  }

  async cardPresence(): Promise<CardPresence> {
    this.assertOpen();
    const presence = await this.parts.slot.status({ timeoutMs: this.parts.timing.commandTimeoutMs });
    this.parts.watch.observe(this.parts.slot.index, presence);
    return presence;
  }

  onPresenceChange(listener: (presence: CardPresence) => void): () => void {
    this.listeners.add(listener);
    this.unsubscribeWatch ??= this.parts.watch.subscribe((slot, presence) => {
      if (slot !== this.parts.slot.index) return;
      if (presence === 'absent') this.connection?.markRemoved();
      for (const l of [...this.listeners]) l(presence);
    });
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.unsubscribeWatch?.();
        this.unsubscribeWatch = undefined;
      }
    };
  }

  async connect(options: ConnectOptions = {}): Promise<CcidCardConnection> {
    this.assertOpen();
    const { timing, slot, capabilities, quirk } = this.parts;
    if (quirk?.effects.powerOffBeforePowerOn) await slot.powerOff({ timeoutMs: timing.commandTimeoutMs, signal: options.signal });
    await this.connection?.disconnect();
    this.connection = await CcidCardConnection.activate(slot, {
      powerPlan: powerPlan(capabilities.descriptor),
      reader: capabilities,
      minReplyTimeoutMs: quirk?.effects.minReplyTimeoutMs,
      replyTimeoutMs: timing.replyTimeoutMs,
      signal: options.signal,
      timeoutMs: timing.connectTimeoutMs,
      t1Trace: this.parts.t1Trace,
    }).catch((error: unknown) => {
      if (error instanceof CardRemovedError) this.parts.watch.observe(slot.index, 'absent');
      throw error;
    });
    return this.connection;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribeWatch?.();
    this.listeners.clear();
    await this.connection?.disconnect();
    await this.parts.onClose();
  }

  private assertOpen(): void {
    if (this.closed) throw new ReaderUnpluggedError({ detail: 'the reader was closed' });
  }
}
