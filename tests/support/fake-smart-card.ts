/**
 * A fake of the Web Smart Card API that behaves as the specification says
 * (https://wicg.github.io/web-smart-card/): one operation at a time per context
 * (InvalidStateError otherwise), getStatusChange that answers at once when the caller's
 * state or count differs from the reader's (or the caller is "unaware") and otherwise waits
 * for a change, the timeout or the signal (rejecting with the signal's reason), SmartCardError
 * rejections with PC/SC response codes, insertion and removal counted in eventCount, and
 * transmit to a virtual My Number Card behind a PC/SC driver.
 */
import type { VirtualMyNumberCard } from '../../src/card/virtual/virtual-card.ts';
import type {
  SmartCardAccessMode,
  SmartCardConnectionStatus,
  SmartCardConnectResult,
  SmartCardContext,
  SmartCardDisposition,
  SmartCardProtocol,
  SmartCardReaderStateIn,
  SmartCardReaderStateOut,
  SmartCardResourceManager,
  SmartCardResponseCode,
} from '../../src/reader/smart-card/web-smart-card.ts';

export class FakeSmartCardError extends DOMException {
  constructor(readonly responseCode: SmartCardResponseCode) {
    super(responseCode, 'SmartCardError');
  }
}

interface FakeReader {
  card: VirtualMyNumberCard | undefined;
  eventCount: number;
  exclusive: boolean;
  /** Card answers nothing (upside down). */
  mute: boolean;
}

export class FakeSmartCard implements SmartCardResourceManager {
  readonly readers = new Map<string, FakeReader>();
  private readonly waiters = new Set<() => void>();
  /** Largest number of operations ever in progress on one context at once (must stay 1). */
  transmits = 0;

  addReader(name: string): void {
    this.readers.set(name, { card: undefined, eventCount: 0, exclusive: false, mute: false });
    this.changed();
  }

  removeReader(name: string): void {
    this.readers.delete(name);
    this.changed();
  }

  insert(name: string, card: VirtualMyNumberCard): void {
    const reader = this.reader(name);
    card.reset();
    reader.card = card;
    reader.eventCount++;
    this.changed();
  }

  remove(name: string): void {
    const reader = this.reader(name);
    reader.card = undefined;
    reader.eventCount++;
    this.changed();
  }

  async establishContext(): Promise<SmartCardContext> {
    return new FakeContext(this);
  }

  reader(name: string): FakeReader {
    const reader = this.readers.get(name);
    if (!reader) throw new FakeSmartCardError('unknown-reader');
    return reader;
  }

  onChange(wake: () => void): () => void {
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }

  private changed(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

class FakeContext implements SmartCardContext {
  operationInProgress = false;

  constructor(private readonly system: FakeSmartCard) {}

  /** Runs one PC/SC operation, refusing a second one while the first runs (the specification's [[operationInProgress]]). */
  async operation<T>(run: () => Promise<T>): Promise<T> {
    if (this.operationInProgress) throw new DOMException('An operation is already in progress.', 'InvalidStateError');
    this.operationInProgress = true;
    try {
      return await run();
    } finally {
      this.operationInProgress = false;
    }
  }

  listReaders(): Promise<string[]> {
    return this.operation(async () => [...this.system.readers.keys()]);
  }

  getStatusChange(readerStates: SmartCardReaderStateIn[], options: { timeout?: number; signal?: AbortSignal } = {}): Promise<SmartCardReaderStateOut[]> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return this.operation(
      () =>
        new Promise<SmartCardReaderStateOut[]>((resolve, reject) => {
          const check = (): boolean => {
            const out = readerStates.map((state) => this.stateOf(state));
            if (!out.some((o) => o.eventState.changed)) return false;
            finish();
            resolve(out);
            return true;
          };
          let timer: ReturnType<typeof setTimeout> | undefined;
          const unsubscribe = this.system.onChange(() => void check());
          const onAbort = (): void => {
            finish();
            reject(signal?.reason);
          };
          const finish = (): void => {
            unsubscribe();
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          if (check()) return;
          if (options.timeout !== undefined) {
            timer = setTimeout(() => {
              finish();
              // SCARD_E_TIMEOUT has no SmartCardResponseCode: the specification makes it an UnknownError.
              reject(new DOMException('timeout', 'UnknownError'));
            }, options.timeout);
          }
        }),
    );
  }

  private stateOf(state: SmartCardReaderStateIn): SmartCardReaderStateOut {
    const reader = this.system.readers.get(state.readerName);
    const flags = { ignore: false, changed: false, unavailable: false, unknown: false, empty: false, present: false, exclusive: false, inuse: false, mute: false, unpowered: false };
    if (!reader) return { readerName: state.readerName, eventState: { ...flags, unknown: true, changed: true }, eventCount: 0 };
    const present = reader.card !== undefined;
    const eventState = { ...flags, present, empty: !present, mute: present && reader.mute, exclusive: reader.exclusive };
    const differs =
      state.currentState.unaware === true ||
      (state.currentState.present ?? false) !== present ||
      (state.currentState.empty ?? false) !== !present ||
      (state.currentCount !== undefined && state.currentCount !== reader.eventCount);
    return { readerName: state.readerName, eventState: { ...eventState, changed: differs }, eventCount: reader.eventCount, ...(reader.card ? { answerToReset: Uint8Array.from(reader.card.atr).buffer } : {}) };
  }

  connect(readerName: string, accessMode: SmartCardAccessMode, options: { preferredProtocols?: SmartCardProtocol[] } = {}): Promise<SmartCardConnectResult> {
    return this.operation(async () => {
      const reader = this.system.reader(readerName);
      if (reader.exclusive) throw new FakeSmartCardError('sharing-violation');
      if (accessMode !== 'direct' && !reader.card) throw new FakeSmartCardError('no-smartcard');
      if (reader.mute) throw new FakeSmartCardError('unresponsive-card');
      // The My Number Card offers T=1 only.
      if (accessMode !== 'direct' && !(options.preferredProtocols ?? []).includes('t1')) throw new FakeSmartCardError('proto-mismatch');
      reader.card?.reset();
      return { connection: new FakeConnection(this, this.system, readerName, reader.card), activeProtocol: 't1' as const };
    });
  }
}

class FakeConnection {
  private open = true;

  constructor(
    private readonly context: FakeContext,
    private readonly system: FakeSmartCard,
    private readonly readerName: string,
    private readonly card: VirtualMyNumberCard | undefined,
  ) {}

  private live(): VirtualMyNumberCard {
    if (!this.open) throw new DOMException('disconnected', 'InvalidStateError');
    const reader = this.system.readers.get(this.readerName);
    if (!reader) throw new FakeSmartCardError('reader-unavailable');
    if (!reader.card || reader.card !== this.card) throw new FakeSmartCardError('removed-card');
    return reader.card;
  }

  transmit(sendBuffer: BufferSource): Promise<ArrayBuffer> {
    return this.context.operation(async () => {
      const card = this.live();
      this.system.transmits++;
      const bytes = sendBuffer instanceof Uint8Array ? sendBuffer : new Uint8Array(sendBuffer as ArrayBuffer);
      return (await card.process(bytes)).slice().buffer;
    });
  }

  status(): Promise<SmartCardConnectionStatus> {
    return this.context.operation(async () => ({ readerName: this.readerName, state: 't1' as const, answerToReset: Uint8Array.from(this.live().atr).buffer }));
  }

  disconnect(disposition: SmartCardDisposition = 'leave'): Promise<void> {
    return this.context.operation(async () => {
      if (!this.open) throw new DOMException('disconnected', 'InvalidStateError');
      this.open = false;
      if (disposition !== 'leave') this.card?.reset();
    });
  }
}
