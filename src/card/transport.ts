/**
 * The boundary between the card layer and whatever moves bytes to the card (a WebUSB CCID
 * reader, the Web Smart Card API, the training reader). The card session speaks APDUs through
 * this interface only; readers implement it.
 */

export interface TransmitOptions {
  /** Aborts the exchange (the user cancelled, the screen changed). */
  signal?: AbortSignal;
  /** Upper bound for this one exchange; the transport rejects with a CardTimeoutError after it. */
  timeoutMs?: number;
}

export interface TransportCapabilities {
  /** Extended-length APDUs (Lc/Le over 255/256) reach the card intact. */
  extendedLength: boolean;
  /** Largest command APDU the transport carries, in bytes (5 + 255 + 1 = 261 for short only). */
  maxCommandLength: number;
  /** Largest response APDU (data + SW1SW2) the transport returns, in bytes. */
  maxResponseLength: number;
}

export interface CardTransport {
  readonly capabilities: TransportCapabilities;
  /**
   * Sends one command APDU and resolves with the whole response APDU (data followed by SW1 SW2).
   * Rejects with CardRemovedError when the card leaves mid-exchange, CardTimeoutError on timeout,
   * or a TransportError (reader-specific subclasses) for everything else.
   */
  transmit(command: Uint8Array, options?: TransmitOptions): Promise<Uint8Array>;
}

export const SHORT_APDU_CAPABILITIES: TransportCapabilities = {
  extendedLength: false,
  maxCommandLength: 261,
  maxResponseLength: 258,
};
