/**
 * The Web Smart Card API (https://wicg.github.io/web-smart-card/), typed here because
 * TypeScript's DOM library does not include it: `navigator.smartCard`, available in Isolated
 * Web Apps, a PC/SC resource manager in the browser. Names and shapes follow the specification;
 * only what the reader layer uses is declared.
 */

export type SmartCardProtocol = 'raw' | 't0' | 't1';
export type SmartCardAccessMode = 'shared' | 'exclusive' | 'direct';
export type SmartCardDisposition = 'leave' | 'reset' | 'unpower' | 'eject';
export type SmartCardConnectionState = 'absent' | 'present' | 'swallowed' | 'powered' | 'negotiable' | 't0' | 't1' | 'raw';

export type SmartCardResponseCode =
  | 'no-service'
  | 'no-smartcard'
  | 'not-ready'
  | 'not-transacted'
  | 'proto-mismatch'
  | 'reader-unavailable'
  | 'removed-card'
  | 'reset-card'
  | 'server-too-busy'
  | 'sharing-violation'
  | 'system-cancelled'
  | 'unknown-reader'
  | 'unpowered-card'
  | 'unresponsive-card'
  | 'unsupported-card'
  | 'unsupported-feature';

export interface SmartCardReaderStateFlagsIn {
  unaware?: boolean;
  ignore?: boolean;
  unavailable?: boolean;
  empty?: boolean;
  present?: boolean;
  exclusive?: boolean;
  inuse?: boolean;
  mute?: boolean;
  unpowered?: boolean;
}

export interface SmartCardReaderStateIn {
  readerName: string;
  currentState: SmartCardReaderStateFlagsIn;
  currentCount?: number;
}

export interface SmartCardReaderStateFlagsOut {
  ignore: boolean;
  changed: boolean;
  unavailable: boolean;
  unknown: boolean;
  empty: boolean;
  present: boolean;
  exclusive: boolean;
  inuse: boolean;
  mute: boolean;
  unpowered: boolean;
}

export interface SmartCardReaderStateOut {
  readerName: string;
  eventState: SmartCardReaderStateFlagsOut;
  eventCount: number;
  answerToReset?: ArrayBuffer;
}

export interface SmartCardConnectionStatus {
  readerName: string;
  state: SmartCardConnectionState;
  answerToReset?: ArrayBuffer;
}

export interface SmartCardConnection {
  disconnect(disposition?: SmartCardDisposition): Promise<void>;
  transmit(sendBuffer: BufferSource, options?: { protocol?: SmartCardProtocol }): Promise<ArrayBuffer>;
  status(): Promise<SmartCardConnectionStatus>;
}

export interface SmartCardConnectResult {
  connection: SmartCardConnection;
  activeProtocol?: SmartCardProtocol;
}

export interface SmartCardContext {
  listReaders(): Promise<string[]>;
  getStatusChange(readerStates: SmartCardReaderStateIn[], options?: { timeout?: number; signal?: AbortSignal }): Promise<SmartCardReaderStateOut[]>;
  connect(readerName: string, accessMode: SmartCardAccessMode, options?: { preferredProtocols?: SmartCardProtocol[] }): Promise<SmartCardConnectResult>;
}

export interface SmartCardResourceManager {
  establishContext(): Promise<SmartCardContext>;
}

/** A rejection of the API: a SmartCardError (a DOMException with responseCode) or another DOMException. */
export function responseCodeOf(error: unknown): SmartCardResponseCode | undefined {
  if (typeof error === 'object' && error !== null && 'responseCode' in error && typeof error.responseCode === 'string') return error.responseCode as SmartCardResponseCode;
  return undefined;
}

/** `navigator.smartCard` when this browser offers it (an Isolated Web App in Chromium). */
export function browserSmartCard(): SmartCardResourceManager | undefined {
  const nav = (globalThis as { navigator?: { smartCard?: SmartCardResourceManager } }).navigator;
  return nav?.smartCard;
}
