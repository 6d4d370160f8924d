/** ISO/IEC 7816-3: answer to reset (§8), PPS (§9), and T=0 (§10.3 procedure bytes, §12.2 APDU transport). */
import { describe, expect, it } from 'vitest';
import { MY_NUMBER_CARD_ATR } from '../../src/card/virtual/virtual-card.ts';
import { CardProtocolError } from '../../src/reader/errors.ts';
import { bitRate, parseAtr } from '../../src/reader/iso7816/atr.ts';
import { checkPpsResponse, encodePpsRequest } from '../../src/reader/iso7816/pps.ts';
import { transmitOverT0 } from '../../src/reader/iso7816/t0/t0-apdu.ts';
import { T0Card } from '../../src/reader/virtual/card/t0-card.ts';
import { runT0Tpdu } from '../../src/reader/virtual/firmware/t0-ifd.ts';
import { bytesToHex, hexToBytes } from '../../src/protocol/encoding.ts';

describe('answer to reset (§8.2)', () => {
  it('reads the My Number Card ATR: T=1 only, IFSC 254, BWI 4, CWI 5, extra guard time 255, LRC, TCK good', () => {
    const atr = parseAtr(MY_NUMBER_CARD_ATR);
    expect(atr).toMatchObject({ convention: 'direct', ta1: undefined, extraGuardTime: 0xff, protocols: [1], defaultProtocol: 1, t1: { ifsc: 254, bwi: 4, cwi: 5, edc: 'lrc' }, tckValid: true });
    expect(atr.specificMode).toBeUndefined();
    expect(atr.historical.length).toBe(0);
  });

  it('reads TA1, a specific mode in TA2, the T=0 waiting integer TC2 and the CRC choice of the first TC for T=1', () => {
    // TS T0=F1 TA1=96 TB1=00 TC1=00 TD1=F1 (TA2 TB2 TC2 TD2, T=1) TA2=11 TB2=00 TC2=20 TD2=21 (TB3, T=1) TB3=45 hist=80 TCK
    const body = [0xf1, 0x96, 0x00, 0x00, 0xf1, 0x11, 0x00, 0x20, 0x21, 0x45, 0x80];
    const tck = body.reduce((x, b) => x ^ b, 0);
    const atr = parseAtr(Uint8Array.from([0x3b, ...body, tck]));
    expect(atr.ta1).toBe(0x96);
    expect(atr.specificMode).toEqual({ protocol: 1, implicitParameters: true });
    expect(atr.waitingInteger).toBe(0x20);
    expect(atr.t1.bwi).toBe(4);
    expect(atr.historical).toEqual(Uint8Array.of(0x80));
    const crcAtr = parseAtr(Uint8Array.from([0x3b, 0x80, 0x81, 0x41, 0x01, 0x80 ^ 0x81 ^ 0x41 ^ 0x01]));
    expect(crcAtr.t1.edc).toBe('crc');
  });

  it('defaults to T=0 without TD1 and needs no TCK then; flags a wrong TCK without refusing the ATR (as libccid)', () => {
    expect(parseAtr(hexToBytes('3b00'))).toMatchObject({ protocols: [0], defaultProtocol: 0, tckValid: undefined });
    const wrong = Uint8Array.from(MY_NUMBER_CARD_ATR);
    wrong[wrong.length - 1] = 0x15;
    expect(parseAtr(wrong).tckValid).toBe(false);
  });

  it('refuses malformed ATRs with CardProtocolError', () => {
    for (const hex of ['3b', '3c00', '3be000', '3b0201', '3b00ff', '3b80', `3b${'8f'.repeat(16)}`]) {
      expect(() => parseAtr(hexToBytes(hex)), hex).toThrow(CardProtocolError);
    }
  });

  it('computes bit rates from Fi/Di (§7.1): 4 MHz, default 372/1 → 10752 bps; TA1 96 (512/32) → 250000 bps', () => {
    expect(bitRate(4000, undefined)).toBe(10752);
    expect(bitRate(4000, 0x96)).toBe(250000);
  });
});

describe('PPS (§9)', () => {
  it('builds PPSS PPS0 PPS1 PCK and accepts an echo or an answer without PPS1', () => {
    expect(bytesToHex(encodePpsRequest({ protocol: 1, pps1: 0x96 }))).toBe('ff119678');
    expect(checkPpsResponse({ protocol: 1, pps1: 0x96 }, hexToBytes('ff119678'))).toEqual({ pps1: 0x96 });
    expect(checkPpsResponse({ protocol: 1, pps1: 0x96 }, hexToBytes('ff01fe'))).toEqual({ pps1: undefined });
  });

  it('refuses a wrong PCK, another protocol or another PPS1', () => {
    expect(() => checkPpsResponse({ protocol: 1, pps1: 0x96 }, hexToBytes('ff119679'))).toThrow(CardProtocolError);
    expect(() => checkPpsResponse({ protocol: 1 }, hexToBytes('ff00ff'))).toThrow(CardProtocolError);
    expect(() => checkPpsResponse({ protocol: 1, pps1: 0x96 }, encodePpsRequest({ protocol: 1, pps1: 0x95 }))).toThrow(CardProtocolError);
  });
});

describe('T=0: APDUs over TPDUs (§12.2)', () => {
  /** A scripted TPDU exchange: each step is [expected command TPDU, response TPDU]. */
  function script(steps: [string, string][]) {
    let i = 0;
    return async (tpdu: Uint8Array): Promise<Uint8Array> => {
      const step = steps[i];
      if (!step) throw new Error(`step ${i + 1}: no TPDU expected, got ${bytesToHex(tpdu)}`);
      expect(bytesToHex(tpdu), `step ${i + 1}`).toBe(step[0]);
      i++;
      return hexToBytes(step[1]);
    };
  }

  it('case 1: P3 = 00', async () => {
    expect(bytesToHex(await transmitOverT0(hexToBytes('00200080'), script([['0020008000', '63c3']])))).toBe('63c3');
  });

  it('case 2: P3 = Le, and on 6Cxx the same TPDU again with P3 = xx (§12.2.3)', async () => {
    const answer = await transmitOverT0(hexToBytes('00b0000000'), script([['00b0000000', '6c08'], ['00b0000008', '3082043930820321' + '9000']]));
    expect(bytesToHex(answer)).toBe('30820439308203219000');
  });

  it('case 4: sent as case 3; 61xx → GET RESPONSE with P3 = min(xx, Ne) until done (§12.2.5)', async () => {
    const signature = 'ab'.repeat(256);
    const answer = await transmitOverT0(
      hexToBytes('802a00800433445566' + '00'),
      script([
        ['802a00800433445566', '6100'],
        ['00c0000000', signature + '9000'],
      ]),
    );
    expect(bytesToHex(answer)).toBe(signature + '9000');
    const chained = await transmitOverT0(hexToBytes('80ca000002aabb10'), script([['80ca000002aabb', '6120'], ['00c0000010', '11'.repeat(16) + '6110']]));
    expect(bytesToHex(chained)).toBe('11'.repeat(16) + '6110');
  });

  it('refuses extended-length APDUs, which T=0 cannot carry', async () => {
    await expect(transmitOverT0(hexToBytes('00b00000000400'), script([]))).rejects.toBeInstanceOf(CardProtocolError);
  });
});

describe('T=0 procedure bytes (§10.3.3) between a reader firmware and the virtual card', () => {
  const card = (options: Partial<ConstructorParameters<typeof T0Card>[0]> = {}) =>
    new T0Card({
      process: async (apdu) => {
        if (apdu[1] === 0xb0) return Uint8Array.from([...Array.from({ length: apdu[4] || 256 }, (_, i) => i & 0xff), 0x90, 0x00]);
        if (apdu[1] === 0x2a) return Uint8Array.from([...new Uint8Array(256).fill(0x5a), 0x90, 0x00]);
        return Uint8Array.of(0x90, 0x00);
      },
      ...options,
    });

  it('ACK then data out, then SW1 SW2 (case 2)', async () => {
    const outcome = await runT0Tpdu(card(), hexToBytes('00b0000004'), () => {});
    expect(outcome).toEqual({ ok: true, response: hexToBytes('000102039000') });
  });

  it('~INS for each byte when the card asks byte by byte, in both directions', async () => {
    const c = card({ singleByte: true });
    expect(await runT0Tpdu(c, hexToBytes('00b0000003'), () => {})).toEqual({ ok: true, response: hexToBytes('0001029000') });
    expect(await runT0Tpdu(c, hexToBytes('00a4020c020001'), () => {})).toEqual({ ok: true, response: hexToBytes('9000') });
  });

  it('NULL bytes while the card signs, reported to the host as time extensions; data kept for GET RESPONSE (61 00)', async () => {
    let nulls = 0;
    const c = card({ nullsFor: (h) => (h[1] === 0x2a ? 3 : 0) });
    const first = await runT0Tpdu(c, hexToBytes('802a00800411223344'), () => nulls++);
    expect(first).toEqual({ ok: true, response: hexToBytes('6100') });
    expect(nulls).toBe(3);
    const rest = await runT0Tpdu(c, hexToBytes('00c0000000'), () => {});
    expect(rest).toEqual({ ok: true, response: Uint8Array.from([...new Uint8Array(256).fill(0x5a), 0x90, 0x00]) });
  });

  it('answers 6Cxx instead of data when P3 is not what the card has, and 6D00 to an invalid INS', async () => {
    const c = new T0Card({ process: async () => hexToBytes('01029000') });
    expect(await runT0Tpdu(c, hexToBytes('00b0000005'), () => {})).toEqual({ ok: true, response: hexToBytes('6c02') });
    expect(await runT0Tpdu(c, hexToBytes('0060000000'), () => {})).toEqual({ ok: true, response: hexToBytes('6d00') });
  });

  it('reports a procedure byte conflict when the card answers nonsense', async () => {
    const broken = { header() {}, procedure: async () => 0x42, receiveData() {}, sendData: () => new Uint8Array(0), sw2: () => 0 };
    expect(await runT0Tpdu(broken, hexToBytes('00b0000001'), () => {})).toEqual({ ok: false, error: 'procedure-byte-conflict' });
  });
});
