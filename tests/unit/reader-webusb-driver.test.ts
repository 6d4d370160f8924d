/**
 * The WebUSB CCID driver opening virtual readers built from the corpus: interface discovery,
 * the browser's protected class, refusals with reasons, one Reader per slot, presence from
 * NotifySlotChange and from polling, removal, unplugging.
 */
import { describe, expect, it } from 'vitest';
import { CardRemovedError } from '../../src/card/errors.ts';
import { readUserAuthCertificate } from '../../src/card/jpki/user-auth.ts';
import { openCardSession } from '../../src/card/session/card-session.ts';
import { ProtectedInterfaceError, ReaderBusyError, ReaderNotSupportedError, ReaderUnpluggedError } from '../../src/reader/errors.ts';
import { waitForCard, type CardPresence } from '../../src/reader/reader.ts';
import { findCcidFunctions } from '../../src/reader/ccid/interfaces.ts';
import { parseConfigurationDescriptor, encodeConfigurationDescriptor } from '../../src/reader/usb/descriptors.ts';
import { faultsAt } from '../../src/reader/virtual/faults.ts';
import { VirtualReader } from '../../src/reader/virtual/virtual-reader.ts';
import { VirtualUsbDevice } from '../../src/reader/virtual/virtual-usb-device.ts';
import { CcidDevice } from '../../src/reader/webusb/ccid-device.ts';
import { corpusFile, FAST_TIMING, openVirtualReader, trainingCard } from '../support/virtual-readers.ts';

async function certificateThrough(reader: { connect(): Promise<import('../../src/reader/reader.ts').CardConnection> }): Promise<Uint8Array> {
  return readUserAuthCertificate(openCardSession(await reader.connect()));
}

describe('finding the CCID interface', () => {
  it('finds class 0x0B and vendor-class 0xFF interfaces by their 54-byte class descriptor, and ignores the rest', () => {
    const dual = new VirtualReader(corpusFile('ACS_ACR1251_Dual_Reader.txt'));
    const functions = findCcidFunctions(parseConfigurationDescriptor(encodeConfigurationDescriptor(dual.device.spec.configuration)));
    expect(functions.map((f) => [f.interfaceNumber, f.interfaceClass, f.descriptor.dwMaxCCIDMessageLength])).toEqual([
      [0, 0x0b, 522],
      [1, 0x0b, 288],
    ]);
    const ntt = new VirtualReader(corpusFile('SCR3310-NTTCom.txt'));
    const [vendor] = findCcidFunctions(ntt.device.spec.configuration);
    expect(vendor?.interfaceClass).toBe(0xff);
    expect(vendor?.bulkIn?.bEndpointAddress).toBe(0x82);
    const hid = { ...ntt.device.spec.configuration, interfaces: ntt.device.spec.configuration.interfaces.map((i) => ({ ...i, bInterfaceClass: 0x03 })) };
    expect(findCcidFunctions(hid)).toEqual([]);
  });

  it('finds a CCID descriptor placed after the endpoints (O2Micro Oz776, a quirk), then refuses the reader for its character level', async () => {
    const oz776 = new VirtualReader(corpusFile('Oz776S.txt'));
    const [fn] = findCcidFunctions(parseConfigurationDescriptor(encodeConfigurationDescriptor(oz776.device.spec.configuration)));
    expect(fn?.descriptorLocation).toBe('after-endpoints');
    expect(fn?.descriptor.dwMaxDataRate).toBe(oz776.file.interfaces[0]?.ccid.dwMaxDataRate);
    const refused = (await CcidDevice.open(oz776.device, { timing: FAST_TIMING }).catch((e: unknown) => e)) as ReaderNotSupportedError;
    expect(refused).toBeInstanceOf(ReaderNotSupportedError);
    expect(refused.reason.en).toMatch(/character level/);
    expect(refused.messageIn('ja')).toMatch(/キャラクターレベル/);
  });
});

describe('opening readers', () => {
  it('refuses to claim a smart-card-class interface in an ordinary page, saying what to do (Isolated Web App or a vendor-class reader)', async () => {
    const virtual = new VirtualReader(corpusFile('SONY_FeliCa_RC-S300_S.txt'), { protectedClass: true });
    const error = await CcidDevice.open(virtual.device, { timing: FAST_TIMING }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtectedInterfaceError);
    const protectedError = error as ProtectedInterfaceError;
    expect(protectedError.code).toBe('reader_protected_class');
    expect(protectedError.messageIn('ja')).toMatch(/分離ウェブアプリ（IWA）/);
    expect(protectedError.messageIn('ja')).toMatch(/SCR3310/);
    expect(protectedError.messageIn('en')).toMatch(/Isolated Web App.*ChromeOS.*SCR3310/s);
    expect(virtual.device.opened).toBe(false);
    // The same page can drive the vendor-class SCR3310.
    const ntt = await openVirtualReader('SCR3310-NTTCom.txt', { reader: { protectedClass: true } });
    expect((await certificateThrough(ntt.reader))[0]).toBe(0x30);
    await ntt.device.close();
  });

  it('says the reader is busy when another program holds the interface', async () => {
    const virtual = new VirtualReader(corpusFile('SCR3310-NTTCom.txt'));
    virtual.device.claimInterface = () => Promise.reject(new DOMException('Unable to claim interface.', 'NetworkError'));
    await expect(CcidDevice.open(virtual.device, { timing: FAST_TIMING })).rejects.toBeInstanceOf(ReaderBusyError);
  });

  it('refuses an ICCD token and a device without CCID, with the reason', async () => {
    const token = new VirtualReader(corpusFile('Gemalto_PDT.txt'));
    const refused = (await CcidDevice.open(token.device, { timing: FAST_TIMING }).catch((e: unknown) => e)) as ReaderNotSupportedError;
    expect(refused).toBeInstanceOf(ReaderNotSupportedError);
    expect(refused.reason.en).toMatch(/ICCD/);
    const spec = new VirtualReader(corpusFile('SCR3310-NTTCom.txt')).device.spec;
    const notCcid = new VirtualUsbDevice({ ...spec, configuration: { ...spec.configuration, interfaces: spec.configuration.interfaces.map((i) => ({ ...i, extra: [] })) } });
    const none = (await CcidDevice.open(notCcid, { timing: FAST_TIMING }).catch((e: unknown) => e)) as ReaderNotSupportedError;
    expect(none).toBeInstanceOf(ReaderNotSupportedError);
    expect(none.messageIn('ja')).toMatch(/CCID/);
  });

  it('keeps a usable interface and lists the refused one of a dual reader', async () => {
    // Cherry SmartTerminal ST-2xxx style dual devices: here the ACR1251, both interfaces usable.
    const dual = await openVirtualReader('ACS_ACR1251_Dual_Reader.txt');
    expect(dual.device.readers.map((r) => r.name)).toEqual(['ACR1251 Dual Reader · ACR1251 Dual Reader PICC', 'ACR1251 Dual Reader · ACR1251 Dual Reader SAM']);
    expect(dual.device.refused).toEqual([]);
    await dual.device.close();
  });
});

describe('slots and presence', () => {
  it('makes one Reader per slot of a multi-slot reader; each slot reads its own card', async () => {
    const opened = await openVirtualReader('ACS_ACR1281U.txt', { card: null });
    const readers = opened.device.readers.filter((r) => r.interfaceNumber === 0);
    expect(readers.map((r) => r.slotIndex)).toEqual([0, 1, 2]);
    expect(new Set(readers.map((r) => r.id)).size).toBe(3);
    opened.virtual.insert(await trainingCard('R02'), { interfaceNumber: 0, slot: 2 });
    expect(await readers[0]?.cardPresence()).toBe('absent');
    expect(await readers[2]?.cardPresence()).toBe('present');
    await expect(readers[0]?.connect()).rejects.toBeInstanceOf(CardRemovedError);
    expect((await certificateThrough(readers[2] as never))[0]).toBe(0x30);
    await opened.device.close();
  });

  it('learns insertion and removal from RDR_to_PC_NotifySlotChange on the interrupt endpoint', async () => {
    const opened = await openVirtualReader('SCR3310-NTTCom.txt', { card: null });
    const seen: CardPresence[] = [];
    opened.reader.onPresenceChange((p) => seen.push(p));
    await new Promise((r) => setTimeout(r, 0));
    const waiting = waitForCard(opened.reader);
    opened.virtual.insert(await trainingCard());
    await waiting;
    opened.virtual.remove();
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual(['present', 'absent']);
    expect(opened.virtual.device.transfers.interruptIn).toBe(2);
    await opened.device.close();
  });

  it('polls GetSlotStatus on a reader without an interrupt endpoint', async () => {
    const opened = await openVirtualReader('Jinmuyu_Electronics_MR800.txt', { card: null });
    expect(opened.virtual.functions[0]?.interruptIn).toBeUndefined();
    const waiting = waitForCard(opened.reader);
    opened.virtual.insert(await trainingCard());
    await waiting;
    expect(await opened.reader.cardPresence()).toBe('present');
    await opened.device.close();
  });

  it('ends an open connection with CardRemovedError as soon as the reader reports the card gone', async () => {
    const opened = await openVirtualReader('SCR3310-NTTCom.txt');
    const removed = new Promise<void>((resolve) => opened.reader.onPresenceChange((p) => p === 'absent' && resolve()));
    const connection = await opened.reader.connect();
    opened.virtual.remove();
    await removed;
    await expect(connection.transmit(Uint8Array.from([0x00, 0xa4, 0x04, 0x0c]))).rejects.toBeInstanceOf(CardRemovedError);
    await opened.device.close();
  });

  it('fails the exchange with CardRemovedError when the card leaves mid-command, and reads a card put back', async () => {
    const virtual = new VirtualReader(corpusFile('ACS_ACR1252_Reader.txt'), { faults: faultsAt({ 3: { kind: 'remove-card' } }) });
    virtual.insert(await trainingCard());
    const device = await CcidDevice.open(virtual.device, { timing: FAST_TIMING });
    const [reader] = device.readers;
    const session = openCardSession(await (reader as NonNullable<typeof reader>).connect());
    await expect(readUserAuthCertificate(session)).rejects.toBeInstanceOf(CardRemovedError);
    virtual.insert(await trainingCard());
    expect((await certificateThrough(reader as never))[0]).toBe(0x30);
    await device.close();
  });

  it('reports an unplugged reader as ReaderUnpluggedError', async () => {
    const opened = await openVirtualReader('SONY_FeliCa_RC-S300_S.txt', { reader: { faults: faultsAt({ 4: { kind: 'unplug' } }) } });
    await expect(certificateThrough(opened.reader)).rejects.toBeInstanceOf(ReaderUnpluggedError);
  });
});
