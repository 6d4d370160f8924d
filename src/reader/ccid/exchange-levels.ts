/**
 * How one APDU crosses PC_to_RDR_XfrBlock at each exchange level (CCID §6.1.4, §3.2.1):
 *
 *   extended APDU  the whole APDU; longer than a message, it is chained with wLevelParameter
 *                  01 / 03 / 02 (each part answered by an empty DataBlock with bChainParameter
 *                  10), and a long response comes back chained the same way (bChainParameter
 *                  01 / 03 / 02, each part fetched with an empty XfrBlock, wLevelParameter 10)
 *   short APDU     one message each way
 *   TPDU, T=1      one T=1 block each way (the host runs T=1: t1-host.ts)
 *   TPDU, T=0      one command TPDU each way (the reader runs the procedure bytes; t0-apdu.ts)
 */
import { CardTimeoutError } from '../../card/errors.ts';
import { CardMuteError, CardProtocolError, CcidProtocolError, ReaderTimeoutError } from '../errors.ts';
import { remaining } from '../deadline.ts';
import type { LinkResult, T1Link } from '../iso7816/t1/t1-host.ts';
import type { CcidSlot } from './ccid-slot.ts';
import { CHAIN } from './messages.ts';
import { concatBytes } from '../../protocol/encoding.ts';

const MAX_RESPONSE = 65536 + 2;

export interface ExchangeBounds {
  /** performance.now() time by which the exchange must be over. */
  deadline: number;
  signal?: AbortSignal | undefined;
  /** Wait for each reply before a time extension. */
  replyTimeoutMs: number;
}

function transact(bounds: ExchangeBounds, readTimeoutMs = bounds.replyTimeoutMs) {
  const left = remaining(bounds.deadline);
  if (left <= 0) throw new CardTimeoutError();
  return { readTimeoutMs, timeoutMs: left, signal: bounds.signal };
}

export async function transmitExtendedApdu(slot: CcidSlot, apdu: Uint8Array, maxPayload: number, bounds: ExchangeBounds): Promise<Uint8Array<ArrayBuffer>> {
  let reply;
  if (apdu.length <= maxPayload) {
    reply = await slot.xfrBlock(apdu, { levelParameter: CHAIN.beginsAndEnds }, transact(bounds));
  } else {
    for (let offset = 0; ; ) {
      const part = apdu.subarray(offset, offset + maxPayload);
      const last = offset + part.length >= apdu.length;
      const level = offset === 0 ? CHAIN.begins : last ? CHAIN.ends : CHAIN.continues;
      reply = await slot.xfrBlock(part, { levelParameter: level }, transact(bounds));
      offset += part.length;
      if (last) break;
      if (reply.specific !== CHAIN.emptyContinue || reply.data.length !== 0) {
        throw new CcidProtocolError({ detail: `chained command part answered with bChainParameter 0x${reply.specific.toString(16)}` });
      }
    }
  }
  const parts: Uint8Array[] = [reply.data];
  let total = reply.data.length;
  let chain = reply.specific;
  if (chain !== CHAIN.beginsAndEnds && chain !== CHAIN.begins) throw new CcidProtocolError({ detail: `response starts with bChainParameter 0x${chain.toString(16)}` });
  while (chain === CHAIN.begins || chain === CHAIN.continues) {
    reply = await slot.xfrBlock(new Uint8Array(0), { levelParameter: CHAIN.emptyContinue }, transact(bounds));
    chain = reply.specific;
    if (chain !== CHAIN.continues && chain !== CHAIN.ends) throw new CcidProtocolError({ detail: `response continues with bChainParameter 0x${chain.toString(16)}` });
    total += reply.data.length;
    if (total > MAX_RESPONSE) throw new CcidProtocolError({ detail: `chained response beyond ${MAX_RESPONSE} bytes` });
    parts.push(reply.data);
  }
  return concatBytes(...parts);
}

export async function transmitShortApdu(slot: CcidSlot, apdu: Uint8Array, bounds: ExchangeBounds): Promise<Uint8Array<ArrayBuffer>> {
  const reply = await slot.xfrBlock(apdu, {}, transact(bounds));
  if (reply.specific !== CHAIN.beginsAndEnds) throw new CcidProtocolError({ detail: `short-APDU reader chained its response (0x${reply.specific.toString(16)})` });
  return Uint8Array.from(reply.data);
}

export async function transmitTpdu(slot: CcidSlot, tpdu: Uint8Array, bounds: ExchangeBounds): Promise<Uint8Array<ArrayBuffer>> {
  const reply = await slot.xfrBlock(tpdu, {}, transact(bounds));
  return Uint8Array.from(reply.data);
}

/** T=1 blocks over XfrBlock. A block that went missing (mute card, parity error, no reply in BWT) is 'lost' for T=1 to recover. */
export class CcidT1Link implements T1Link {
  bounds: ExchangeBounds = { deadline: 0, replyTimeoutMs: 0 };

  constructor(private readonly slot: CcidSlot) {}

  async exchange(block: Uint8Array<ArrayBuffer>, wtx: number): Promise<LinkResult> {
    try {
      // bBWI: the card asked for wtx × BWT for this block (CCID §6.1.4).
      const reply = await this.slot.xfrBlock(block, { bwi: wtx > 1 ? Math.min(wtx, 255) : 0 }, transact(this.bounds, this.bounds.replyTimeoutMs * wtx));
      return { bytes: reply.data };
    } catch (error) {
      const lost = error instanceof CardMuteError || error instanceof ReaderTimeoutError || error instanceof CardProtocolError;
      if (!lost) throw error;
      if (remaining(this.bounds.deadline) <= 0) throw new CardTimeoutError({ cause: error });
      return { lost: error.detail ?? error.code };
    }
  }
}
