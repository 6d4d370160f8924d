/**
 * T=1 (ISO/IEC 7816-3:2006 §11) between the host's engine and the virtual card's, and against
 * scripted cards that misbehave on purpose. Each test names the clause or rule it checks.
 */
import { describe, expect, it } from 'vitest';
import { CardProtocolError } from '../../src/reader/errors.ts';
import { crc, decodeBlock, describeBlock, encodeBlock, lrc, type T1Block } from '../../src/reader/iso7816/t1/block.ts';
import { T1Host, type LinkResult, type T1Link } from '../../src/reader/iso7816/t1/t1-host.ts';
import { T1Card } from '../../src/reader/virtual/card/t1-card.ts';
import { flipBit } from '../../src/reader/virtual/faults.ts';
import { bytesToHex, hexToBytes } from '../../src/protocol/encoding.ts';

const echo = async (apdu: Uint8Array): Promise<Uint8Array> => Uint8Array.from([...apdu.slice(4), 0x90, 0x00]);
const apduOf = (length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => i & 0xff);

/** A link to a T1Card, recording every block both ways, with optional tampering. */
function cardLink(card: T1Card, tamper: (sent: number, block: Uint8Array, toCard: boolean) => Uint8Array | 'drop' = (_, b) => b) {
  const log: string[] = [];
  let count = 0;
  const link: T1Link = {
    async exchange(block, wtx): Promise<LinkResult> {
      const n = count++;
      const decoded = decodeBlock(block, 'lrc');
      log.push(`> ${decoded.ok ? describeBlock(decoded.block) : 'invalid'}${wtx > 1 ? ` wtx${wtx}` : ''}`);
      const toCard = tamper(n, block, true);
      if (toCard === 'drop') return { lost: 'nothing' };
      const answer = await card.receive(toCard);
      const fromCard = tamper(n, answer, false);
      if (fromCard === 'drop') {
        log.push('< lost');
        return { lost: 'nothing in BWT' };
      }
      const back = decodeBlock(fromCard, 'lrc');
      log.push(`< ${back.ok ? describeBlock(back.block) : 'invalid'}`);
      return { bytes: fromCard };
    },
  };
  return { link, log };
}

describe('T=1 blocks (§11.3)', () => {
  it('encodes I-, R- and S-block PCBs as §11.3.2.2 codes them, with LRC', () => {
    expect(bytesToHex(encodeBlock({ kind: 'I', nad: 0, ns: 1, more: true, inf: Uint8Array.of(0xaa) }, 'lrc'))).toBe('006001aa' + (0x60 ^ 0x01 ^ 0xaa).toString(16).padStart(2, '0'));
    expect(bytesToHex(encodeBlock({ kind: 'R', nad: 0, nr: 1, error: 1 }, 'lrc'))).toBe('00910091');
    expect(bytesToHex(encodeBlock({ kind: 'S', nad: 0, type: 'ifs', response: false, inf: Uint8Array.of(0xfe) }, 'lrc'))).toBe('00c101fe3e');
    expect(bytesToHex(encodeBlock({ kind: 'S', nad: 0, type: 'wtx', response: true, inf: Uint8Array.of(2) }, 'lrc'))).toBe('00e30102e0');
  });

  it('computes the ISO/IEC 13239 CRC of T=1 (check value 0x906E for "123456789", stored high byte first)', () => {
    // CRC-16/X-25 without the final inversion: 0xFFFF ^ 0x906E = 0x6F91.
    expect(bytesToHex(crc(new TextEncoder().encode('123456789')))).toBe('6f91');
    const block = encodeBlock({ kind: 'I', nad: 0, ns: 0, more: false, inf: hexToBytes('00a4040c') }, 'crc');
    expect(decodeBlock(block, 'crc')).toMatchObject({ ok: true, block: { kind: 'I', ns: 0 } });
    expect(decodeBlock(flipBit(block, 4, 2), 'crc')).toMatchObject({ ok: false, error: 'edc' });
  });

  it('refuses LEN 0xFF and an R-block with data as "other" errors, a wrong LRC as an EDC error (Rule 7.1 codes)', () => {
    expect(decodeBlock(Uint8Array.from([0, 0, 0xff, 0xff]), 'lrc')).toMatchObject({ ok: false, error: 'other' });
    const rWithData = Uint8Array.from([0, 0x80, 1, 5, 0x80 ^ 1 ^ 5]);
    expect(decodeBlock(rWithData, 'lrc')).toMatchObject({ ok: false, error: 'other' });
    expect(decodeBlock(Uint8Array.from([0, 0, 0, 1]), 'lrc')).toMatchObject({ ok: false, error: 'edc' });
    expect(lrc(Uint8Array.from([0x12, 0x34]))).toBe(0x26);
  });
});

describe('T=1 host against the virtual card', () => {
  it('exchanges one APDU in one I-block each way, N(S) alternating from 0 (Rules 1 and 2)', async () => {
    const card = new T1Card({ ifsc: 254, edc: 'lrc', process: echo });
    const { link, log } = cardLink(card);
    const host = new T1Host(link, { ifsc: 254, ifsd: 254, edc: 'lrc', maxInf: 254 });
    expect(bytesToHex(await host.transceive(hexToBytes('00a4040c02aabb')))).toBe('02aabb9000');
    expect(bytesToHex(await host.transceive(hexToBytes('00b0000004')))).toBe('049000');
    expect(log).toEqual(['> I(0) 7B', '< I(0) 5B', '> I(1) 5B', '< I(1) 3B']);
  });

  it('chains a command longer than IFSC and a response longer than IFSD (Rule 5)', async () => {
    const card = new T1Card({ ifsc: 32, edc: 'lrc', process: async () => Uint8Array.from([...apduOf(100), 0x90, 0x00]) });
    const { link, log } = cardLink(card);
    const host = new T1Host(link, { ifsc: 32, ifsd: 40, edc: 'lrc', maxInf: 254 });
    await host.negotiateIfsd(40);
    const response = await host.transceive(apduOf(70));
    expect(response.length).toBe(102);
    expect(bytesToHex(response.subarray(0, 100))).toBe(bytesToHex(apduOf(100)));
    expect(log).toEqual([
      '> S(IFS req 40)',
      '< S(IFS resp 40)',
      '> I(0,M) 32B',
      '< R(1)',
      '> I(1,M) 32B',
      '< R(0)',
      '> I(0) 6B',
      '< I(0,M) 40B',
      '> R(1)',
      '< I(1,M) 40B',
      '> R(0)',
      '< I(0) 22B',
    ]);
  });

  it('answers the card\'s S(WTX request) and waits that many BWT for the next block (Rule 3)', async () => {
    const card = new T1Card({ ifsc: 254, edc: 'lrc', process: echo, wtxFor: (apdu) => (apdu[1] === 0x2a ? 3 : 0) });
    const { link, log } = cardLink(card);
    const host = new T1Host(link, { ifsc: 254, ifsd: 254, edc: 'lrc', maxInf: 254 });
    expect(bytesToHex(await host.transceive(hexToBytes('802a00800201020000')))).toBe('02010200009000');
    expect(log).toEqual(['> I(0) 9B', '< S(WTX req 3)', '> S(WTX resp 3) wtx3', '< I(0) 7B']);
    // The S(WTX response) was sent with the multiplier for the wait that follows it.
    const wtxLink: number[] = [];
    const card2 = new T1Card({ ifsc: 254, edc: 'lrc', process: echo, wtxFor: () => 5 });
    await new T1Host({ exchange: async (b, w) => (wtxLink.push(w), { bytes: await card2.receive(b) }) }, { ifsc: 254, ifsd: 254, edc: 'lrc', maxInf: 254 }).transceive(hexToBytes('00b0000001'));
    expect(wtxLink).toEqual([1, 5]);
  });

  it('follows an S(IFS request) from the card: later blocks are no longer than the new IFSC (Rule 4)', async () => {
    const sent: number[] = [];
    let step = 0;
    const ifsRequest = encodeBlock({ kind: 'S', nad: 0, type: 'ifs', response: false, inf: Uint8Array.of(16) }, 'lrc');
    const host = new T1Host(
      {
        async exchange(block) {
          const decoded = decodeBlock(block, 'lrc');
          if (decoded.ok && decoded.block.kind === 'I') sent.push(decoded.block.inf.length);
          step++;
          if (step === 1) return { bytes: ifsRequest };
          if (step === 2) return { bytes: encodeBlock({ kind: 'R', nad: 0, nr: 0, error: 0 }, 'lrc') }; // asks for I(0) again
          if (decoded.ok && decoded.block.kind === 'I' && decoded.block.more) return { bytes: encodeBlock({ kind: 'R', nad: 0, nr: decoded.block.ns ^ 1, error: 0 }, 'lrc') };
          return { bytes: encodeBlock({ kind: 'I', nad: 0, ns: 0, more: false, inf: hexToBytes('9000') }, 'lrc') };
        },
      },
      { ifsc: 32, ifsd: 254, edc: 'lrc', maxInf: 254 },
    );
    expect(bytesToHex(await host.transceive(apduOf(30)))).toBe('9000');
    expect(sent[0]).toBe(30);
    expect(sent.slice(1).every((n) => n <= 16)).toBe(true);
    expect(host.currentIfsc).toBe(16);
  });

  it('asks again with an R-block naming an EDC error when the card\'s block arrives corrupted (Rule 7.1)', async () => {
    const card = new T1Card({ ifsc: 254, edc: 'lrc', process: echo });
    const { link, log } = cardLink(card, (n, block, toCard) => (n === 0 && !toCard ? flipBit(block, 3, 0) : block));
    const host = new T1Host(link, { ifsc: 254, ifsd: 254, edc: 'lrc', maxInf: 254 });
    expect(bytesToHex(await host.transceive(hexToBytes('00b0000001')))).toBe('019000');
    expect(log).toEqual(['> I(0) 5B', '< invalid', '> R(0,EDC)', '< I(0) 3B']);
  });

  it('repeats its R-block, not a new one, when the answer to an R-block is invalid too (Rule 7.2)', async () => {
    const card = new T1Card({ ifsc: 254, edc: 'lrc', process: echo });
    const { link, log } = cardLink(card, (n, block, toCard) => (n <= 1 && !toCard ? flipBit(block, 1, 7) : block));
    const host = new T1Host(link, { ifsc: 254, ifsd: 254, edc: 'lrc', maxInf: 254 });
    expect(bytesToHex(await host.transceive(hexToBytes('00b0000001')))).toBe('019000');
    expect(log.slice(0, 5)).toEqual(['> I(0) 5B', '< invalid', '> R(0,EDC)', '< invalid', '> R(0,EDC)']);
  });

  it('resends its I-block when the card reports it arrived corrupted, and the card executes the APDU once', async () => {
    let executed = 0;
    const card = new T1Card({ ifsc: 254, edc: 'lrc', process: async (apdu) => (executed++, echo(apdu)) });
    const { link, log } = cardLink(card, (n, block, toCard) => (n === 0 && toCard ? flipBit(block, 4, 1) : block));
    const host = new T1Host(link, { ifsc: 254, ifsd: 254, edc: 'lrc', maxInf: 254 });
    expect(bytesToHex(await host.transceive(hexToBytes('00b0000001')))).toBe('019000');
    expect(log).toEqual(['> I(0) 5B', '< R(0,EDC)', '> I(0) 5B', '< I(0) 3B']);
    expect(executed).toBe(1);
  });

  it('gets a lost response back from the card by R-block instead of executing the APDU again', async () => {
    let executed = 0;
    const card = new T1Card({ ifsc: 254, edc: 'lrc', process: async (apdu) => (executed++, echo(apdu)) });
    const { link, log } = cardLink(card, (n, block, toCard) => (n === 0 && !toCard ? 'drop' : block));
    const host = new T1Host(link, { ifsc: 254, ifsd: 254, edc: 'lrc', maxInf: 254 });
    expect(bytesToHex(await host.transceive(hexToBytes('00b0000001')))).toBe('019000');
    expect(log).toEqual(['> I(0) 5B', '< lost', '> R(0,other)', '< I(0) 3B']);
    expect(executed).toBe(1);
  });

  it('resynchronises after 3 failed tries (Rule 7.4.2, Rule 6), then sends the APDU again from N(S) = 0', async () => {
    const card = new T1Card({ ifsc: 254, edc: 'lrc', process: echo });
    let corrupt = 0;
    const { link, log } = cardLink(card, (_, block, toCard) => (!toCard && corrupt-- > 0 ? flipBit(block, 2, 0) : block));
    const host = new T1Host(link, { ifsc: 254, ifsd: 254, edc: 'lrc', maxInf: 254 });
    await host.transceive(hexToBytes('00b0000001')); // N(S) now 1 on both sides
    corrupt = 3;
    expect(bytesToHex(await host.transceive(hexToBytes('00b0000002')))).toBe('029000');
    expect(log.slice(2)).toEqual(['> I(1) 5B', '< invalid', '> R(1,EDC)', '< invalid', '> R(1,EDC)', '< invalid', '> S(RESYNCH req)', '< S(RESYNCH resp)', '> I(0) 5B', '< I(0) 3B']);
  });

  it('gives the card up with CardProtocolError after 3 resynchronisations fail (Rule 6.4), and says so in time', async () => {
    const card = new T1Card({ ifsc: 254, edc: 'lrc', process: echo });
    const { link } = cardLink(card, (_, block, toCard) => (toCard ? block : flipBit(block, 0, 0)));
    const host = new T1Host(link, { ifsc: 254, ifsd: 254, edc: 'lrc', maxInf: 254 });
    await expect(host.transceive(hexToBytes('00b0000001'))).rejects.toBeInstanceOf(CardProtocolError);
    expect(host.blocks).toBeLessThanOrEqual(3 + 3 * 4);
  });

  it('does not send a VERIFY again after a resynchronisation: whether it spent a PIN try is unknown', async () => {
    let executed = 0;
    const card = new T1Card({ ifsc: 254, edc: 'lrc', process: async () => (executed++, Uint8Array.from([0x63, 0xc2])) });
    let corrupt = 3;
    const { link } = cardLink(card, (_, block, toCard) => (!toCard && corrupt-- > 0 ? flipBit(block, 2, 0) : block));
    const host = new T1Host(link, { ifsc: 254, ifsd: 254, edc: 'lrc', maxInf: 254 });
    const error = await host.transceive(hexToBytes('0020008004313233ff')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CardProtocolError);
    expect(executed).toBe(1);
    // The link is resynchronised: the next command goes through.
    expect(bytesToHex(await host.transceive(hexToBytes('00b0000001')))).toBe('63c2');
  });

  it('answers the card\'s S(ABORT request) and reports the aborted chain (Rule 9)', async () => {
    const abort = encodeBlock({ kind: 'S', nad: 0, type: 'abort', response: false, inf: new Uint8Array(0) }, 'lrc');
    const sent: T1Block[] = [];
    const host = new T1Host(
      {
        async exchange(block) {
          const decoded = decodeBlock(block, 'lrc');
          if (decoded.ok) sent.push(decoded.block);
          return { bytes: abort };
        },
      },
      { ifsc: 254, ifsd: 254, edc: 'lrc', maxInf: 254 },
    );
    await expect(host.transceive(hexToBytes('00b0000001'))).rejects.toBeInstanceOf(CardProtocolError);
    expect(sent.map(describeBlock)).toEqual(['I(0) 5B', 'S(ABORT resp)']);
  });

  it('starts the next APDU with S(RESYNCH) after an exchange was cut off (cancel, timeout, removal)', async () => {
    const card = new T1Card({ ifsc: 254, edc: 'lrc', process: echo });
    let fail = true;
    const log: string[] = [];
    const host = new T1Host(
      {
        async exchange(block) {
          const decoded = decodeBlock(block, 'lrc');
          log.push(decoded.ok ? describeBlock(decoded.block) : 'invalid');
          if (fail) {
            fail = false;
            throw new CardProtocolError({ detail: 'cut off' });
          }
          return { bytes: await card.receive(block) };
        },
      },
      { ifsc: 254, ifsd: 254, edc: 'lrc', maxInf: 254 },
    );
    await expect(host.transceive(hexToBytes('00b0000001'))).rejects.toBeInstanceOf(CardProtocolError);
    expect(bytesToHex(await host.transceive(hexToBytes('00b0000001')))).toBe('019000');
    expect(log).toEqual(['I(0) 5B', 'S(RESYNCH req)', 'I(0) 5B']);
  });
});
