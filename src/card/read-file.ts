/**
 * Reading a TLV-framed EF with READ BINARY (ISO/IEC 7816-4 §11.3.3): a short first read gives
 * the data object's header, the header gives the length, and the rest comes in chunks as large
 * as the transport carries (256 bytes short, one extended read when the reader can). The EF must
 * be selected; the layout bounds how much the product accepts from it.
 */
import { readBinaryCommand } from './apdu/instructions.ts';
import { expectSuccess } from './apdu/status-errors.ts';
import type { BinaryFile } from './card-layout.ts';
import { CardDataError } from './errors-data.ts';
import type { CardSession } from './session/card-session.ts';
import { readTlvHeader } from './tlv.ts';
import { concatBytes } from '../protocol/encoding.ts';

/** Enough for a 3-byte tag and a 4-byte length (FF20 82 LL LL, 30 82 LL LL, 7F21 82 LL LL). */
export const HEADER_PROBE_LENGTH = 8;
/** ISO/IEC 7816-4 §5.6: 6282 = end of file reached before Ne bytes; the data read is good. */
const END_OF_FILE = 0x6282;

export async function readSelectedFile(session: CardSession, file: BinaryFile, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  const opts = signal ? { signal } : {};
  const first = expectSuccess(await session.transmit(readBinaryCommand(0, HEADER_PROBE_LENGTH), opts), [END_OF_FILE]);
  const header = readTlvHeader(first);
  if (!header) throw new CardDataError(`EF ${file.label}: ${first.length} bytes, too short for a data object header`);
  const total = header.headerLength + header.length;
  if (total > file.maxLength) throw new CardDataError(`EF ${file.label}: ${total} bytes, more than the ${file.maxLength} accepted`);
  const parts: Uint8Array[] = [first.subarray(0, total)];
  let offset = Math.min(first.length, total);
  while (offset < total) {
    const ne = Math.min(total - offset, session.maxResponseData);
    const chunk = expectSuccess(await session.transmit(readBinaryCommand(offset, ne), opts), [END_OF_FILE]);
    if (chunk.length === 0) throw new CardDataError(`EF ${file.label}: the card returned no data at offset ${offset} of ${total}`);
    parts.push(chunk.subarray(0, total - offset));
    offset += Math.min(chunk.length, total - offset);
  }
  return concatBytes(...parts);
}
