/** Response APDUs (ISO/IEC 7816-4 §5.1): response data followed by the status bytes SW1 SW2. */
import { MalformedResponseError } from './errors.ts';

export interface ResponseApdu {
  data: Uint8Array;
  /** SW1 << 8 | SW2. */
  sw: number;
}

export const SW_SUCCESS = 0x9000;

export function sw1Of(sw: number): number {
  return sw >> 8;
}

export function sw2Of(sw: number): number {
  return sw & 0xff;
}

export function decodeResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new MalformedResponseError(`${bytes.length} byte(s), shorter than SW1 SW2`);
  const sw = ((bytes[bytes.length - 2] ?? 0) << 8) | (bytes[bytes.length - 1] ?? 0);
  return { data: bytes.slice(0, bytes.length - 2), sw };
}

export function encodeResponse(data: Uint8Array, sw: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(data.length + 2);
  bytes.set(data, 0);
  bytes[data.length] = sw >> 8;
  bytes[data.length + 1] = sw & 0xff;
  return bytes;
}

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
