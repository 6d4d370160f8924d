/**
 * The JPKI-AP token information (EF 0006): ASCII starting "JPKIAPICCTOKEN" (version 2 cards
 * say "JPKIAPICCTOKEN2"), padded. Reading it confirms the card carries the JPKI-AP before
 * anything else is asked of it.
 */
import { readBinaryCommand } from '../apdu/instructions.ts';
import { expectSuccess } from '../apdu/status-errors.ts';
import { binaryFile, JPKI_EF } from '../card-layout.ts';
import { CardDataError } from '../errors-data.ts';
import { selectFile } from '../select.ts';
import type { CardSession } from '../session/card-session.ts';

export interface TokenInfo {
  /** The label without padding, e.g. "JPKIAPICCTOKEN2". */
  label: string;
  /** 2 for "JPKIAPICCTOKEN2", 1 for the older "JPKIAPICCTOKEN". */
  version: number;
}

const PREFIX = 'JPKIAPICCTOKEN';

export function parseTokenInfo(bytes: Uint8Array): TokenInfo {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x00 || bytes[end - 1] === 0xff)) end--;
  const label = String.fromCharCode(...bytes.subarray(0, end));
  if (!label.startsWith(PREFIX) || !/^[\x20-\x7e]*$/.test(label)) throw new CardDataError('token information is not a JPKI-AP token');
  const rest = label.slice(PREFIX.length);
  return { label, version: rest === '' ? 1 : Number.parseInt(rest, 10) || 1 };
}

export async function readTokenInfo(session: CardSession, signal?: AbortSignal): Promise<TokenInfo> {
  const file = binaryFile('jpki', JPKI_EF.tokenInfo);
  await selectFile(session, 'jpki', file.fid, signal);
  const data = expectSuccess(await session.transmit(readBinaryCommand(0, file.maxLength), signal ? { signal } : {}), [0x6282]);
  return parseTokenInfo(data);
}
