/**
 * The training reader: a virtual reader on which staff place virtual My Number Cards (the
 * training residents, or any VirtualMyNumberCard). It behaves like a real reader to everything
 * above it: presence events on placing and removing, a CardRemovedError when the card leaves
 * mid-read, an optional per-exchange latency for realistic timing.
 */
import { CardRemovedError, TransportError } from '../../card/errors.ts';
import type { TransmitOptions } from '../../card/transport.ts';
import { VirtualCardTransport, type VirtualCardFaults, type VirtualCardTransportOptions } from '../../card/virtual/virtual-transport.ts';
import type { VirtualMyNumberCard } from '../../card/virtual/virtual-card.ts';
import type { CardConnection, CardPresence, ConnectOptions, Reader, ReaderSource } from '../reader.ts';

/**
 * Time per APDU exchange on the training reader, so training (and bench:app) feels like a real
 * contactless read of the My Number Card: a 256-byte READ BINARY at 212-424 kbit/s is 5-10 ms on
 * the air, plus the card's own processing and the USB round trip (docs/BENCHMARKS.md).
 */
export const TRAINING_LATENCY_MS = 20;

export interface TrainingReaderOptions {
  /** Each APDU exchange takes this long (a real contact reader: about 10-30 ms). */
  latencyMs?: number;
  transport?: Omit<VirtualCardTransportOptions, 'faults'>;
}

export class TrainingReader implements Reader {
  readonly kind = 'training' as const;
  readonly id: string;
  readonly name: string;
  private transport: VirtualCardTransport | undefined;
  private readonly listeners = new Set<(presence: CardPresence) => void>();
  private closed = false;

  constructor(
    private readonly options: TrainingReaderOptions = {},
    identity: { id?: string; name?: string } = {},
  ) {
    this.id = identity.id ?? 'training';
    this.name = identity.name ?? 'Training reader';
  }

  /** The card on the reader now, if any. */
  get card(): VirtualMyNumberCard | undefined {
    return this.transport?.cardPresent ? this.transport.card : undefined;
  }

  /** Places `card` on the reader (replacing any card there), powered up fresh. */
  place(card: VirtualMyNumberCard, faults: VirtualCardFaults = {}): void {
    this.assertOpen();
    if (this.transport?.cardPresent) this.remove();
    card.reset();
    this.transport = new VirtualCardTransport(card, {
      ...this.options.transport,
      faults: { latencyMs: this.options.latencyMs, ...faults },
    });
    this.emit('present');
  }

  /** Takes the card off the reader; an exchange in progress ends with CardRemovedError. */
  remove(): void {
    if (!this.transport?.cardPresent) return;
    this.transport.remove();
    this.transport = undefined;
    this.emit('absent');
  }

  cardPresence(): Promise<CardPresence> {
    return Promise.resolve(this.transport?.cardPresent ? 'present' : 'absent');
  }

  onPresenceChange(listener: (presence: CardPresence) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  connect(options: ConnectOptions = {}): Promise<CardConnection> {
    this.assertOpen();
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    const transport = this.transport;
    if (!transport?.cardPresent) return Promise.reject(new CardRemovedError());
    // Connecting powers the card up (as a CCID reader's PC_to_RDR_IccPowerOn does): nothing
    // selected, no PIN verified from an earlier connection.
    transport.card.reset();
    return Promise.resolve(new TrainingConnection(transport, () => this.noticeRemoval(transport)));
  }

  close(): Promise<void> {
    this.remove();
    this.closed = true;
    this.listeners.clear();
    return Promise.resolve();
  }

  /** A fault took the card off mid-exchange: the reader now reports it gone, as a real one would. */
  private noticeRemoval(transport: VirtualCardTransport): void {
    if (this.transport === transport && !transport.cardPresent) {
      this.transport = undefined;
      this.emit('absent');
    }
  }

  private emit(presence: CardPresence): void {
    for (const listener of [...this.listeners]) listener(presence);
  }

  private assertOpen(): void {
    if (this.closed) throw new TransportError({ ja: '練習用リーダーは閉じられています。', en: 'The training reader was closed.' });
  }
}

class TrainingConnection implements CardConnection {
  readonly protocol = 'virtual' as const;
  readonly atr: Uint8Array;
  private connected = true;

  constructor(
    private readonly transport: VirtualCardTransport,
    private readonly onRemoved: () => void,
  ) {
    this.atr = transport.atr;
  }

  get capabilities() {
    return this.transport.capabilities;
  }

  async transmit(command: Uint8Array, options?: TransmitOptions): Promise<Uint8Array> {
    if (!this.connected) throw new CardRemovedError();
    try {
      return await this.transport.transmit(command, options);
    } catch (error) {
      if (error instanceof CardRemovedError) this.onRemoved();
      throw error;
    }
  }

  disconnect(): Promise<void> {
    this.connected = false;
    return Promise.resolve();
  }
}

/** The training reader as a reader source: always available, one reader, no picker. */
export class TrainingReaderSource implements ReaderSource {
  readonly kind = 'training' as const;

  constructor(readonly reader: TrainingReader = new TrainingReader()) {}

  available(): boolean {
    return true;
  }

  list(): Promise<Reader[]> {
    return Promise.resolve([this.reader]);
  }

  request(): Promise<Reader[]> {
    return this.list();
  }
}
