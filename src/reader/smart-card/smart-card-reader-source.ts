/**
 * Readers through the Web Smart Card API (PC/SC in the browser, Isolated Web Apps): the
 * computer's own reader driver does CCID, T=0 and T=1, and the product sends APDUs. One PC/SC
 * context per job, because a context runs one operation at a time (the specification's
 * [[operationInProgress]]): one to list readers, one per reader to watch presence with
 * getStatusChange, one per card connection.
 */
import { CardRemovedError, CardTimeoutError } from '../../card/errors.ts';
import { SHORT_APDU_CAPABILITIES, type TransmitOptions, type TransportCapabilities } from '../../card/transport.ts';
import type { CardConnection, CardPresence, ConnectOptions, Reader, ReaderSource } from '../reader.ts';
import { withDeadline } from '../deadline.ts';
import { NoReaderChosenError } from '../errors.ts';
import { smartCardError } from './smart-card-errors.ts';
import { browserSmartCard, type SmartCardConnection, type SmartCardContext, type SmartCardReaderStateOut, type SmartCardResourceManager } from './web-smart-card.ts';

const DEFAULT_TRANSMIT_TIMEOUT_MS = 30_000;

export interface WebSmartCardReaderSourceOptions {
  /** `navigator.smartCard` by default. */
  smartCard?: SmartCardResourceManager;
}

export class WebSmartCardReaderSource implements ReaderSource {
  readonly kind = 'web-smart-card' as const;
  private context: Promise<SmartCardContext> | undefined;
  private readonly readers = new Map<string, SmartCardReader>();

  constructor(private readonly options: WebSmartCardReaderSourceOptions = {}) {}

  private get manager(): SmartCardResourceManager | undefined {
    return this.options.smartCard ?? browserSmartCard();
  }

  available(): boolean {
    return this.manager !== undefined;
  }

  async list(): Promise<Reader[]> {
    const manager = this.manager;
    if (!manager) return [];
    this.context ??= manager.establishContext().catch((error: unknown) => {
      this.context = undefined;
      throw smartCardError(error, 'establishContext');
    });
    const context = await this.context;
    const names = await context.listReaders().catch((error: unknown) => Promise.reject(smartCardError(error, 'listReaders')));
    for (const [name, reader] of this.readers) {
      if (!names.includes(name)) {
        this.readers.delete(name);
        void reader.close();
      }
    }
    return names.map((name) => {
      let reader = this.readers.get(name);
      if (!reader) {
        reader = new SmartCardReader(manager, name);
        this.readers.set(name, reader);
      }
      return reader;
    });
  }

  /** The API has no picker: the browser asks for permission itself; this lists what is there. */
  async request(): Promise<Reader[]> {
    if (!this.manager) throw new NoReaderChosenError();
    return this.list();
  }
}

function presenceOf(state: SmartCardReaderStateOut | undefined): CardPresence {
  return state?.eventState.present ? 'present' : 'absent';
}

export class SmartCardReader implements Reader {
  readonly kind = 'web-smart-card' as const;
  readonly id: string;
  private readonly listeners = new Set<(presence: CardPresence) => void>();
  private watch: AbortController | undefined;
  private connection: SmartCardCardConnection | undefined;
  private closed = false;

  constructor(
    private readonly manager: SmartCardResourceManager,
    readonly name: string,
  ) {
    this.id = `smart-card:${name}`;
  }

  async cardPresence(): Promise<CardPresence> {
    const context = await this.newContext();
    // "unaware": the current state comes back at once (PC/SC SCARD_STATE_UNAWARE).
    const [state] = await context
      .getStatusChange([{ readerName: this.name, currentState: { unaware: true } }], { timeout: 0 })
      .catch((error: unknown) => Promise.reject(smartCardError(error, 'getStatusChange')));
    return presenceOf(state);
  }

  onPresenceChange(listener: (presence: CardPresence) => void): () => void {
    this.listeners.add(listener);
    if (!this.watch) {
      const controller = new AbortController();
      this.watch = controller;
      this.watchLoop(controller.signal).catch(() => {
        if (this.watch === controller) this.watch = undefined; // the reader or the service went away; a new listener starts again
      });
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.watch?.abort();
        this.watch = undefined;
      }
    };
  }

  private async watchLoop(signal: AbortSignal): Promise<void> {
    const context = await this.newContext();
    let state: SmartCardReaderStateOut | undefined;
    while (!signal.aborted) {
      const known = state ? { present: state.eventState.present, empty: state.eventState.empty } : { unaware: true };
      const [next] = await context.getStatusChange([{ readerName: this.name, currentState: known, ...(state ? { currentCount: state.eventCount } : {}) }], { signal });
      if (!next || next.eventState.unknown || next.eventState.unavailable) throw new Error('reader gone');
      const before = state ? presenceOf(state) : undefined;
      const after = presenceOf(next);
      // The count says a card came and went between two calls even when the state looks the same.
      if (state && before === after && after === 'present' && next.eventCount > state.eventCount + 1) this.emit('absent');
      if (before !== undefined && before !== after) {
        if (after === 'absent') this.connection?.markRemoved();
        this.emit(after);
      }
      state = next;
    }
  }

  private emit(presence: CardPresence): void {
    for (const listener of [...this.listeners]) listener(presence);
  }

  async connect(options: ConnectOptions = {}): Promise<CardConnection> {
    if (this.closed) throw new CardRemovedError();
    if (options.signal?.aborted) throw smartCardError(options.signal.reason, 'connect');
    await this.connection?.disconnect();
    const context = await this.newContext();
    const result = await context.connect(this.name, 'shared', { preferredProtocols: ['t1', 't0'] }).catch((error: unknown) => Promise.reject(smartCardError(error, 'connect')));
    const status = await result.connection.status().catch((error: unknown) => Promise.reject(smartCardError(error, 'status')));
    const protocol = result.activeProtocol === 't0' ? 'T=0' : 'T=1';
    this.connection = new SmartCardCardConnection(result.connection, new Uint8Array(status.answerToReset ?? new ArrayBuffer(0)), protocol);
    return this.connection;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watch?.abort();
    this.watch = undefined;
    this.listeners.clear();
    await this.connection?.disconnect();
  }

  private newContext(): Promise<SmartCardContext> {
    return this.manager.establishContext().catch((error: unknown) => Promise.reject(smartCardError(error, 'establishContext')));
  }
}

export class SmartCardCardConnection implements CardConnection {
  /** The OS driver may be a short-APDU reader: short APDUs always go through. */
  readonly capabilities: TransportCapabilities = SHORT_APDU_CAPABILITIES;
  private tail: Promise<unknown> = Promise.resolve();
  private state: 'open' | 'removed' | 'closed' = 'open';

  constructor(
    private readonly connection: SmartCardConnection,
    readonly atr: Uint8Array,
    readonly protocol: 'T=0' | 'T=1',
  ) {}

  transmit(command: Uint8Array, options: TransmitOptions = {}): Promise<Uint8Array> {
    if (this.state !== 'open') return Promise.reject(new CardRemovedError());
    // PC/SC cannot withdraw a transmit: the next one waits for it to finish, whatever the caller's bounds.
    const operation = this.tail.then(() => this.connection.transmit(Uint8Array.from(command)));
    this.tail = operation.catch(() => {});
    return withDeadline(
      operation.then(
        (buffer) => new Uint8Array(buffer),
        (error: unknown) => {
          const mapped = smartCardError(error, 'transmit');
          if (mapped instanceof CardRemovedError) this.markRemoved();
          throw mapped;
        },
      ),
      { timeoutMs: options.timeoutMs ?? DEFAULT_TRANSMIT_TIMEOUT_MS, signal: options.signal, onTimeout: () => new CardTimeoutError() },
    );
  }

  markRemoved(): void {
    if (this.state === 'open') this.state = 'removed';
  }

  async disconnect(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    await this.tail;
    // "reset": a verified PIN must not stay open for whoever talks to the card next.
    await this.connection.disconnect('reset').catch(() => {});
  }
}
