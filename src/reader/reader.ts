/**
 * The reader layer's contract: what the app and the card layer see of a smart-card reader,
 * whatever moves the bytes (WebUSB CCID, the Web Smart Card API, the training reader).
 *
 *   ReaderSource   one family of readers: lists the readers the user already allowed, and asks
 *                  for a new one (a browser picker needs a user gesture)
 *   Reader         one slot of one reader: card presence and its changes, connect
 *   CardConnection a powered card: a CardTransport (APDUs in, responses out) plus its ATR
 *
 * A multi-slot reader appears as one Reader per slot. Errors are CardError subclasses
 * (src/card/errors.ts) with a message a volunteer understands.
 */
import type { CardTransport } from '../card/transport.ts';
import type { ReaderGuidance } from './compatibility/reader-guidance.ts';

export type ReaderKind = 'webusb-ccid' | 'web-smart-card' | 'training';

export type CardPresence = 'present' | 'absent';

/** The transmission protocol a connection runs: contact T=0/T=1, or a virtual card. */
export type CardProtocol = 'T=0' | 'T=1' | 'virtual';

export interface CardConnection extends CardTransport {
  /** The card's answer to reset. */
  readonly atr: Uint8Array;
  readonly protocol: CardProtocol;
  /** Powers the card off (or releases it); later transmits reject. */
  disconnect(): Promise<void>;
}

export interface ConnectOptions {
  signal?: AbortSignal;
}

export interface Reader {
  /** Stable within a page load; distinct for each slot of a multi-slot reader. */
  readonly id: string;
  /** What the reader calls itself (USB product name, PC/SC reader name). */
  readonly name: string;
  readonly kind: ReaderKind;
  cardPresence(): Promise<CardPresence>;
  /** Calls `listener` on every insertion and removal; returns the unsubscribe function. */
  onPresenceChange(listener: (presence: CardPresence) => void): () => void;
  /** Powers the card and returns the connection; CardRemovedError when no card is present. */
  connect(options?: ConnectOptions): Promise<CardConnection>;
  /** Releases the reader (USB interface, PC/SC context); the Reader is unusable afterwards. */
  close(): Promise<void>;
}

export interface ReaderSource {
  readonly kind: ReaderKind;
  /** Whether this browser offers the API at all (WebUSB, navigator.smartCard). */
  available(): boolean;
  /** Readers usable without asking the user again. */
  list(): Promise<Reader[]>;
  /** Asks the user to choose a reader (call from a click handler). */
  request(): Promise<Reader[]>;
  /**
   * What to tell the volunteer when `request()` or `list()` failed with `error` for a device the
   * user picked (a protected USB class, a reader that cannot read the card), if this source knows.
   */
  guidanceFor?(error: unknown): ReaderGuidance | undefined;
}

/** Resolves once a card is on the reader (at once when one already is); rejects when `signal` aborts. */
export function waitForCard(reader: Reader, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = (): void => finish(signal?.reason ?? new DOMException('aborted', 'AbortError'));
    const unsubscribe = reader.onPresenceChange((presence) => {
      if (presence === 'present') finish();
    });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    reader.cardPresence().then(
      (presence) => {
        if (presence === 'present') finish();
      },
      (error: unknown) => finish(error),
    );
  });
}
