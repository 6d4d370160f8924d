/**
 * Carrying APDUs over T=0 (ISO/IEC 7816-3:2006 §12.2): the host turns each short command APDU
 * into a command TPDU (CLA INS P1 P2 P3) for a TPDU-level reader, which runs the procedure bytes
 * itself (CCID §6.1.4), and turns the card's 61xx and 6Cxx answers into one response APDU:
 *
 *   case 1   P3 = 00
 *   case 2S  P3 = Le; 6Cxx → the same TPDU again with P3 = xx (§12.2.3)
 *   case 3S  P3 = Lc
 *   case 4S  sent as case 3; 61xx → GET RESPONSE with P3 = min(xx, Ne) until Ne bytes or no
 *            more (§12.2.5)
 *
 * Extended-length APDUs cannot travel over T=0 without ENVELOPE, which the card does not need;
 * a T=0 connection says so in its capabilities.
 */
import { decodeCommand, SHORT_MAX_NE } from '../../../card/apdu/command.ts';
import { CardProtocolError } from '../../errors.ts';

/** One command TPDU to the card and its response TPDU (data + SW1 SW2) back. */
export type TpduExchange = (tpdu: Uint8Array<ArrayBuffer>) => Promise<Uint8Array>;

const GET_RESPONSE = 0xc0;
/** Bounds a card that keeps answering 61xx. */
const MAX_GET_RESPONSES = 300;

export async function transmitOverT0(apdu: Uint8Array, exchange: TpduExchange): Promise<Uint8Array<ArrayBuffer>> {
  const command = decodeCommand(apdu);
  if (command.extended) throw new CardProtocolError({ detail: 'T=0 cannot carry an extended-length APDU' });
  const header = [command.cla, command.ins, command.p1, command.p2];
  const check = (response: Uint8Array): Uint8Array => {
    if (response.length < 2) throw new CardProtocolError({ detail: `T=0 response of ${response.length} bytes` });
    return response;
  };
  let response: Uint8Array;
  if (command.data.length === 0) {
    const p3 = command.ne === 0 ? 0 : command.ne % 256;
    response = check(await exchange(Uint8Array.from([...header, p3])));
    if (response[response.length - 2] === 0x6c && command.ne > 0) {
      response = check(await exchange(Uint8Array.from([...header, response[response.length - 1] ?? 0])));
    }
  } else {
    response = check(await exchange(Uint8Array.from([...header, command.data.length, ...command.data])));
  }
  if (command.ne === 0 || response[response.length - 2] !== 0x61) return copy(response);

  const parts: Uint8Array[] = [response.subarray(0, response.length - 2)];
  let collected = parts[0]?.length ?? 0;
  for (let round = 0; response[response.length - 2] === 0x61 && collected < command.ne; round++) {
    if (round >= MAX_GET_RESPONSES) throw new CardProtocolError({ detail: 'T=0: the card keeps answering 61xx' });
    const available = response[response.length - 1] || SHORT_MAX_NE;
    const p3 = Math.min(available, command.ne - collected, SHORT_MAX_NE) % 256;
    response = check(await exchange(Uint8Array.from([command.cla & 0x03, GET_RESPONSE, 0, 0, p3])));
    const data = response.subarray(0, response.length - 2);
    parts.push(data);
    collected += data.length;
  }
  const out = new Uint8Array(collected + 2);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  out.set(response.subarray(response.length - 2), collected);
  return out;
}

function copy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(bytes);
}
