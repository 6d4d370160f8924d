/**
 * What a TPDU-level reader's firmware does with a T=0 command TPDU (ISO/IEC 7816-3:2006 §10.3.3):
 * send the header, then follow the card's procedure bytes — NULL (60) wait, ACK (INS) move all
 * remaining data, ~INS move one byte, 6X/9X is SW1 and SW2 follows — and return data + SW1 SW2.
 * With no data to send, an ACK means the card sends P3 bytes (00 = 256).
 */
import type { T0CardPort } from '../card/t0-card.ts';

export type T0Outcome = { ok: true; response: Uint8Array } | { ok: false; error: 'procedure-byte-conflict' };

/** A card sending more procedure bytes than this is broken. */
const MAX_PROCEDURE_BYTES = 2048;

export async function runT0Tpdu(card: T0CardPort, tpdu: Uint8Array, onNull: () => void): Promise<T0Outcome> {
  const header = tpdu.subarray(0, 5);
  const data = tpdu.subarray(5);
  const ins = header[1] ?? 0;
  const expectOut = data.length === 0 ? header[4] || 256 : 0;
  card.header(header);
  let sent = 0;
  const received: number[] = [];
  for (let i = 0; i < MAX_PROCEDURE_BYTES; i++) {
    const pb = await card.procedure();
    if (pb === 0x60) {
      onNull();
      continue;
    }
    if ((pb & 0xf0) === 0x60 || (pb & 0xf0) === 0x90) {
      return { ok: true, response: Uint8Array.from([...received, pb, card.sw2()]) };
    }
    if (pb === ins || pb === (ins ^ 0xff)) {
      const all = pb === ins;
      if (data.length > 0) {
        const count = all ? data.length - sent : Math.min(1, data.length - sent);
        card.receiveData(data.subarray(sent, sent + count));
        sent += count;
      } else {
        const count = all ? expectOut - received.length : Math.min(1, expectOut - received.length);
        received.push(...card.sendData(count));
      }
      continue;
    }
    return { ok: false, error: 'procedure-byte-conflict' };
  }
  return { ok: false, error: 'procedure-byte-conflict' };
}
