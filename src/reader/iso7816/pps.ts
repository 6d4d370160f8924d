/**
 * Protocol and parameters selection (ISO/IEC 7816-3:2006 §9): the PPS request the interface
 * device sends right after the ATR in negotiable mode, and the check of the card's response.
 */
import { CardProtocolError } from '../errors.ts';

export const PPSS = 0xff;

export interface PpsRequest {
  protocol: number;
  /** PPS1 (FI in the high nibble, DI in the low one); omitted keeps Fd/Dd. */
  pps1?: number | undefined;
}

export function encodePpsRequest(request: PpsRequest): Uint8Array<ArrayBuffer> {
  const pps0 = (request.protocol & 0x0f) | (request.pps1 !== undefined ? 0x10 : 0);
  const bytes = request.pps1 !== undefined ? [PPSS, pps0, request.pps1] : [PPSS, pps0];
  const pck = bytes.reduce((x, b) => x ^ b, 0);
  return Uint8Array.from([...bytes, pck]);
}

export function decodePps(bytes: Uint8Array): PpsRequest & { pck: boolean } {
  if (bytes.length < 3 || bytes[0] !== PPSS) throw new CardProtocolError({ detail: `PPS of ${bytes.length} bytes` });
  const pps0 = bytes[1] ?? 0;
  let offset = 2;
  const pps1 = pps0 & 0x10 ? bytes[offset++] : undefined;
  if (pps0 & 0x20) offset++;
  if (pps0 & 0x40) offset++;
  if (offset !== bytes.length - 1) throw new CardProtocolError({ detail: 'PPS length does not match PPS0' });
  const pck = bytes.reduce((x, b) => x ^ b, 0) === 0;
  return { protocol: pps0 & 0x0f, pps1, pck };
}

/**
 * §9.3: the exchange succeeded when the response echoes PPSS, the protocol, and PPS1 (or leaves
 * PPS1 out, keeping the default rate). Returns the PPS1 in force afterwards.
 */
export function checkPpsResponse(request: PpsRequest, response: Uint8Array): { pps1: number | undefined } {
  const answer = decodePps(response);
  if (!answer.pck) throw new CardProtocolError({ detail: 'PPS response checksum' });
  if (answer.protocol !== request.protocol) throw new CardProtocolError({ detail: `PPS answered T=${answer.protocol} to T=${request.protocol}` });
  if (answer.pps1 !== undefined && answer.pps1 !== request.pps1) throw new CardProtocolError({ detail: 'PPS1 not echoed' });
  return { pps1: answer.pps1 };
}
