/**
 * What the driver sends to bring a card up and carry APDUs, per reader features (voltage
 * classes, PPS, SetParameters, IFSD), the levels' limits, and recovery from reader faults.
 */
import { describe, expect, it } from 'vitest';
import { CardCancelledError } from '../../src/card/errors.ts';
import { readUserAuthCertificate } from '../../src/card/jpki/user-auth.ts';
import { openCardSession } from '../../src/card/session/card-session.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { readTrainingCardEndToEnd } from '../../src/card/training/end-to-end-read.ts';
import { bytesToHex } from '../../src/protocol/encoding.ts';
import { CardMuteError, ReaderTimeoutError, UsbTransferError } from '../../src/reader/errors.ts';
import { faultsAt, type Fault } from '../../src/reader/virtual/faults.ts';
import { openVirtualReader } from '../support/virtual-readers.ts';

/** T=1 card with TA1 = 13 (Fi 372, Di 4): four times the default rate after PPS. */
const FAST_T1_ATR = (() => {
  const body = [0x90, 0x13, 0x81, 0x31, 0xfe, 0x45];
  return Uint8Array.from([0x3b, ...body, body.reduce((x, b) => x ^ b, 0)]);
})();

const ofType = (frames: string[], type: string): string[] => frames.filter((f) => f.startsWith(type));

async function fullRead(connection: Parameters<typeof openCardSession>[0]) {
  return readTrainingCardEndToEnd(openCardSession(connection), trainingResident('R01'), await trainingAuthority());
}

describe('bringing the card up', () => {
  it('tries the voltage classes from the lowest up when the reader does not choose (ISO/IEC 7816-3 §6.2.4)', async () => {
    const opened = await openVirtualReader('ACS_ACR39U_ICC_Reader.txt', { chip: { classes: ['5V'] } });
    await opened.reader.connect();
    const powerOns = ofType(opened.frames, '62').map((f) => f.slice(14, 16));
    expect(powerOns).toEqual(['03', '02', '01']);
    expect(ofType(opened.frames, '63')).toHaveLength(2); // powered off between tries
    await opened.device.close();
  });

  it('lets a reader with automatic voltage selection choose (bPowerSelect 0), and reports a card mute at every class', async () => {
    const auto = await openVirtualReader('SCR3310-NTTCom.txt');
    await auto.reader.connect();
    expect(ofType(auto.frames, '62').map((f) => f.slice(14, 16))).toEqual(['00']);
    await auto.device.close();
    const mute = await openVirtualReader('ACS_ACR39U_ICC_Reader.txt', { chip: { classes: [] } });
    await expect(mute.reader.connect()).rejects.toBeInstanceOf(CardMuteError);
    await mute.device.close();
  });

  it('makes the PPS itself, then SetParameters with the new Fi/Di, when the reader does neither (ACR38U, TPDU)', async () => {
    const opened = await openVirtualReader('ACR38U-CCID.txt', { chip: { atr: FAST_T1_ATR } });
    const connection = await opened.reader.connect();
    expect(ofType(opened.frames, '6f')[0]).toMatch(/^6f04000000000[0-9a-f]000000ff1113fd$/);
    expect(ofType(opened.frames, '61')[0]?.slice(20, 22)).toBe('13');
    expect((await fullRead(connection)).signature.verified).toBe(true);
    await opened.device.close();
  });

  it('leaves the PPS to a reader that makes it from SetParameters (dwFeatures 0x80), and everything to one that negotiates (0x40)', async () => {
    const ntt = await openVirtualReader('SCR3310-NTTCom.txt', { chip: { atr: FAST_T1_ATR } });
    await readUserAuthCertificate(openCardSession(await ntt.reader.connect()));
    expect(ofType(ntt.frames, '6f').some((f) => f.slice(20).startsWith('ff'))).toBe(false);
    expect(ofType(ntt.frames, '61')[0]?.slice(20, 22)).toBe('13');
    await ntt.device.close();
    const sony = await openVirtualReader('SONY_FeliCa_RC-S300_S.txt', { chip: { atr: FAST_T1_ATR } });
    await readUserAuthCertificate(openCardSession(await sony.reader.connect()));
    expect(ofType(sony.frames, '61')).toEqual([]);
    await sony.device.close();
  });

  it('negotiates IFSD with S(IFS request) only when the reader does not (dwFeatures 0x400)', async () => {
    const ntt = await openVirtualReader('SCR3310-NTTCom.txt');
    await ntt.reader.connect();
    expect(ofType(ntt.frames, '6f')[0]?.slice(20)).toBe('00c101fc3c');
    await ntt.device.close();
    const autoIfsd = await openVirtualReader('GPFCryptoStick.txt');
    const connection = await autoIfsd.reader.connect();
    expect(connection.setup.negotiateIfsd).toBeUndefined();
    expect(ofType(autoIfsd.frames, '6f')).toEqual([]);
    expect((await readUserAuthCertificate(openCardSession(connection)))[0]).toBe(0x30);
    await autoIfsd.device.close();
  });
});

describe('carrying APDUs', () => {
  it('runs the whole read over T=0 through a TPDU reader (GET RESPONSE after 61xx, 6Cxx, NULL bytes as time extensions)', async () => {
    const opened = await openVirtualReader('SCR3310-NTTCom.txt', { chip: { atr: Uint8Array.from([0x3b, 0x00]), signatureNulls: 3, t0SingleByte: true } });
    const connection = await opened.reader.connect();
    expect(connection.protocol).toBe('T=0');
    expect(connection.capabilities.extendedLength).toBe(false);
    const reading = await fullRead(connection);
    expect(reading.signature.verified && reading.attributes.integrityVerified).toBe(true);
    expect(ofType(opened.frames, '6f').some((f) => f.slice(20, 24) === '00c0')).toBe(true);
    await opened.device.close();
  });

  it('takes the SCM firmware at its real 270-byte buffer (quirk 04E6:5612): the short-APDU uTrust 3720 carries the 258-byte signature', async () => {
    const opened = await openVirtualReader('Identiv_uTrust_3720_Contactless_Reader.txt');
    const connection = await opened.reader.connect();
    expect(opened.device.readers[0]?.exchangeLevel).toBe('short-apdu');
    expect(connection.capabilities.maxResponseLength).toBe(258);
    expect((await fullRead(connection)).signature.verified).toBe(true);
    await opened.device.close();
  });

  it('chains extended APDUs through 64-byte messages both ways, and reads the certificate in one extended READ BINARY', async () => {
    const opened = await openVirtualReader('Fsij_gnuk.txt');
    const connection = await opened.reader.connect();
    const der = await readUserAuthCertificate(openCardSession(connection));
    expect(der.length).toBeGreaterThan(1000);
    expect(connection.apdus).toBe(4); // SELECT AP, SELECT EF, header probe, the rest in one read
    expect(ofType(opened.frames, '6f').filter((f) => f.slice(16, 20) === '1000').length).toBeGreaterThan(15);
    await opened.device.close();
  });
});

describe('recovering from reader faults', () => {
  const recoverable: [string, string, Fault][] = [
    ['time extensions before the reply', 'SONY_FeliCa_RC-S300_S.txt', { kind: 'time-extensions', count: 4 }],
    ['a stale frame with the previous bSeq', 'ACS_ACR1252_Reader.txt', { kind: 'stale-frame' }],
    ['a reply split over two transfers', 'Identiv_uTrust_3700_F_CL_Reader.txt', { kind: 'split-reply', at: 0.3 }],
    ['a stalled bulk-IN endpoint', 'SCR3310.txt', { kind: 'stall-in' }],
    ['a stalled bulk-OUT endpoint', 'ACS_ACR39U_ICC_Reader.txt', { kind: 'stall-out' }],
    ['a T=1 block corrupted on its way to the card', 'SCR3310-NTTCom.txt', { kind: 't1-corrupt-to-card', count: 3, at: 4 }],
    ['a T=1 block corrupted on its way from the card', 'SCR3310-NTTCom.txt', { kind: 't1-corrupt-from-card', count: 5, at: 1 }],
    ['a T=1 block lost (the reader answers only the ABORT)', 'SCR3310-NTTCom.txt', { kind: 'drop-reply' }],
  ];

  it.each(recoverable)('%s (%s)', async (_, reader, fault) => {
    const transfersOf = async (faults: Record<number, Fault>): Promise<number> => {
      const opened = await openVirtualReader(reader, { reader: { faults: faultsAt(faults) } });
      const reading = await fullRead(await opened.reader.connect());
      expect(reading.signature.verified && reading.attributes.integrityVerified).toBe(true);
      await opened.device.close();
      return opened.virtual.device.totalTransfers;
    };
    // The fault really happened: the same read took more USB transfers.
    expect(await transfersOf({ 5: fault, 9: fault })).toBeGreaterThan(await transfersOf({}));
  });

  it('gives up a lost APDU-level reply with ReaderTimeoutError after aborting the command (CCID §5.3.1), and the next command works', async () => {
    const opened = await openVirtualReader('SONY_FeliCa_RC-S300_S.txt', { reader: { faults: faultsAt({ 2: { kind: 'drop-reply' } }) } });
    const session = openCardSession(await opened.reader.connect());
    await expect(readUserAuthCertificate(session)).rejects.toBeInstanceOf(ReaderTimeoutError);
    const abortFrame = ofType(opened.frames, '72')[0];
    expect(abortFrame?.slice(10, 14)).toBe('0002'); // bSlot 0, bSeq of the lost command
    expect((await readUserAuthCertificate(session))[0]).toBe(0x30);
    await opened.device.close();
  });

  it('cancels a command the reader sits on when the signal aborts, and stays usable', async () => {
    const opened = await openVirtualReader('ACS_ACR1252_Reader.txt', { reader: { faults: faultsAt({ 2: { kind: 'drop-reply' } }) } });
    const connection = await opened.reader.connect();
    const controller = new AbortController();
    const reading = readUserAuthCertificate(openCardSession(connection, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    await expect(reading).rejects.toBeInstanceOf(CardCancelledError);
    expect(bytesToHex(await readUserAuthCertificate(openCardSession(connection))).slice(0, 2)).toBe('30');
    await opened.device.close();
  });

  it('fails with UsbTransferError when the endpoint stays stalled', async () => {
    const opened = await openVirtualReader('ACS_ACR1252_Reader.txt', { reader: { faults: faultsAt({ 3: { kind: 'stall-forever' } }) } });
    await expect(readUserAuthCertificate(openCardSession(await opened.reader.connect()))).rejects.toBeInstanceOf(UsbTransferError);
    await opened.device.close();
  });
});
