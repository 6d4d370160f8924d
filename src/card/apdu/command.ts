/**
 * Command APDUs (ISO/IEC 7816-4:2020 §5.1, "Command-response pairs"): the four cases, in short
 * and extended length.
 *
 *   case 1   CLA INS P1 P2
 *   case 2S  CLA INS P1 P2 Le                      Le 1 byte, 00 means 256
 *   case 3S  CLA INS P1 P2 Lc Data                 Lc 1..255
 *   case 4S  CLA INS P1 P2 Lc Data Le
 *   case 2E  CLA INS P1 P2 00 Le1 Le2              0000 means 65536
 *   case 3E  CLA INS P1 P2 00 Lc1 Lc2 Data         Lc 1..65535
 *   case 4E  CLA INS P1 P2 00 Lc1 Lc2 Data Le1 Le2
 *
 * Written by hand: the codec is a few dozen lines and the guard and the virtual card need the
 * decoder to see exactly what would reach the card.
 */
import { MalformedApduError } from './errors.ts';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data (Nc = data.length); absent or empty for cases 1 and 2. */
  data?: Uint8Array;
  /** Ne, the maximum number of response data bytes expected; absent or 0 for cases 1 and 3. */
  ne?: number;
}

export const SHORT_MAX_NC = 255;
export const SHORT_MAX_NE = 256;
export const EXTENDED_MAX_NC = 65535;
export const EXTENDED_MAX_NE = 65536;

/** True when the command cannot be written in short length. */
export function needsExtendedLength(command: CommandApdu): boolean {
  return (command.data?.length ?? 0) > SHORT_MAX_NC || (command.ne ?? 0) > SHORT_MAX_NE;
}

function checkByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new MalformedApduError(`${name} is not a byte`);
}

export function encodeCommand(command: CommandApdu, options: { extended?: boolean } = {}): Uint8Array<ArrayBuffer> {
  const { cla, ins, p1, p2 } = command;
  checkByte('CLA', cla);
  checkByte('INS', ins);
  checkByte('P1', p1);
  checkByte('P2', p2);
  const data = command.data ?? new Uint8Array(0);
  const ne = command.ne ?? 0;
  const extended = options.extended ?? needsExtendedLength(command);
  const maxNc = extended ? EXTENDED_MAX_NC : SHORT_MAX_NC;
  const maxNe = extended ? EXTENDED_MAX_NE : SHORT_MAX_NE;
  if (data.length > maxNc) throw new MalformedApduError(`command data of ${data.length} bytes exceeds ${maxNc}`);
  if (!Number.isInteger(ne) || ne < 0 || ne > maxNe) throw new MalformedApduError(`Ne ${ne} is outside 0..${maxNe}`);

  const out: number[] = [cla, ins, p1, p2];
  if (extended && (data.length > 0 || ne > 0)) out.push(0x00);
  if (data.length > 0) {
    if (extended) out.push(data.length >> 8, data.length & 0xff);
    else out.push(data.length);
  }
  const bytes = new Uint8Array(out.length + data.length + (ne > 0 ? (extended ? 2 : 1) : 0));
  bytes.set(out, 0);
  bytes.set(data, out.length);
  if (ne > 0) {
    const le = ne === maxNe ? 0 : ne;
    if (extended) bytes.set([le >> 8, le & 0xff], out.length + data.length);
    else bytes[out.length + data.length] = le;
  }
  return bytes;
}

export interface DecodedCommand extends CommandApdu {
  data: Uint8Array;
  ne: number;
  extended: boolean;
}

/** Parses a command APDU exactly as a card would (ISO/IEC 7816-4 §5.1, Table 2). */
export function decodeCommand(bytes: Uint8Array): DecodedCommand {
  if (bytes.length < 4) throw new MalformedApduError(`a command APDU has at least 4 bytes, got ${bytes.length}`);
  const [cla = 0, ins = 0, p1 = 0, p2 = 0] = bytes;
  const header = { cla, ins, p1, p2 };
  const body = bytes.subarray(4);
  const empty = new Uint8Array(0);
  if (body.length === 0) return { ...header, data: empty, ne: 0, extended: false };
  if (body.length === 1) return { ...header, data: empty, ne: body[0] || SHORT_MAX_NE, extended: false };
  const b1 = body[0] ?? 0;
  if (b1 !== 0) {
    // Short case 3 or 4: Lc = b1.
    if (body.length === 1 + b1) return { ...header, data: body.slice(1), ne: 0, extended: false };
    if (body.length === 2 + b1) return { ...header, data: body.slice(1, 1 + b1), ne: body[1 + b1] || SHORT_MAX_NE, extended: false };
    throw new MalformedApduError(`Lc ${b1} does not match a body of ${body.length} bytes`);
  }
  // b1 = 00: extended length (or a short case 4 with Lc 00, which ISO does not allow).
  if (body.length === 3) {
    const le = ((body[1] ?? 0) << 8) | (body[2] ?? 0);
    return { ...header, data: empty, ne: le || EXTENDED_MAX_NE, extended: true };
  }
  if (body.length < 3) throw new MalformedApduError(`a body of ${body.length} bytes starting 00 is neither short nor extended`);
  const lc = ((body[1] ?? 0) << 8) | (body[2] ?? 0);
  if (lc === 0) throw new MalformedApduError('extended Lc of 0');
  if (body.length === 3 + lc) return { ...header, data: body.slice(3), ne: 0, extended: true };
  if (body.length === 5 + lc) {
    const le = ((body[3 + lc] ?? 0) << 8) | (body[4 + lc] ?? 0);
    return { ...header, data: body.slice(3, 3 + lc), ne: le || EXTENDED_MAX_NE, extended: true };
  }
  throw new MalformedApduError(`extended Lc ${lc} does not match a body of ${body.length} bytes`);
}
