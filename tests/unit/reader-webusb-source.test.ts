/**
 * The WebUSB reader source as the app uses it (picker, permitted devices, unplugging) against a
 * fake navigator.usb that matches filters as WebUSB does, and the advice for a picked reader.
 */
import { describe, expect, it } from 'vitest';
import { ProtectedInterfaceError, NoReaderChosenError, ReaderBusyError, ReaderNotSupportedError } from '../../src/reader/errors.ts';
import { readerGuidance } from '../../src/reader/compatibility/reader-guidance.ts';
import { VirtualReader } from '../../src/reader/virtual/virtual-reader.ts';
import { VirtualUsbDevice } from '../../src/reader/virtual/virtual-usb-device.ts';
import { CCID_PICKER_FILTERS, WebUsbReaderSource } from '../../src/reader/webusb/webusb-reader-source.ts';
import { FakeWebUsb } from '../support/fake-webusb.ts';
import { corpusFile, FAST_TIMING, trainingCard } from '../support/virtual-readers.ts';

function deviceOf(name: string, options: { protectedClass?: boolean } = {}): VirtualReader {
  return new VirtualReader(corpusFile(name), options);
}

/** A Sony RC-S380: vendor protocol, no CCID descriptor. */
function rcS380(): VirtualUsbDevice {
  const spec = deviceOf('SCR3310-NTTCom.txt').device.spec;
  return new VirtualUsbDevice({
    ...spec,
    vendorId: 0x054c,
    productId: 0x06c1,
    productName: 'RC-S380/S',
    configuration: { ...spec.configuration, interfaces: spec.configuration.interfaces.map((i) => ({ ...i, extra: [] })) },
  });
}

describe('the reader picker', () => {
  it('asks for smart-card-class devices, the vendor-class CCID readers by VID:PID, and known non-CCID readers', async () => {
    expect(CCID_PICKER_FILTERS).toContainEqual({ classCode: 0x0b });
    expect(CCID_PICKER_FILTERS).toContainEqual({ vendorId: 0x04e6, productId: 0x511a }); // NTT Communications SCR3310
    expect(CCID_PICKER_FILTERS).toContainEqual({ vendorId: 0x054c, productId: 0x06c1 }); // Sony RC-S380, to say it cannot work
    const keyboard = new VirtualUsbDevice({ ...deviceOf('SCR3310-NTTCom.txt').device.spec, vendorId: 0x1234, productId: 0x5678 });
    const usb = new FakeWebUsb([deviceOf('SONY_FeliCa_RC-S300_S.txt').device, deviceOf('SCR3310-NTTCom.txt').device, keyboard, rcS380()], () => undefined);
    await expect(new WebUsbReaderSource({ usb }).request()).rejects.toBeInstanceOf(NoReaderChosenError);
    expect(usb.offered.map((d) => d.productName)).toEqual(['FeliCa Port/PaSoRi 4.0', 'SCR3310-NTTCom USB SmartCard Reader', 'RC-S380/S']);
  });

  it('opens the chosen reader, lists it later without asking, and forgets it when unplugged', async () => {
    const ntt = deviceOf('SCR3310-NTTCom.txt');
    ntt.insert(await trainingCard());
    const usb = new FakeWebUsb([ntt.device], (offered) => offered[0]);
    const source = new WebUsbReaderSource({ usb, driver: { timing: FAST_TIMING } });
    expect(source.available()).toBe(true);
    const [reader] = await source.request();
    expect(reader?.kind).toBe('webusb-ccid');
    expect(await reader?.cardPresence()).toBe('present');
    expect((await source.list()).map((r) => r.id)).toEqual([reader?.id]);
    usb.unplug(ntt.device);
    expect(await source.list()).toEqual([]);
    expect(source.guidance(ntt.device).verdict).toBe('ready');
  });

  it('says a smart-card-class reader needs the Isolated Web App in an ordinary page, with the compatibility link', async () => {
    const sony = deviceOf('SONY_FeliCa_RC-S300_S.txt', { protectedClass: true });
    const usb = new FakeWebUsb([sony.device], (offered) => offered[0]);
    const source = new WebUsbReaderSource({ usb, driver: { timing: FAST_TIMING } });
    await expect(source.request()).rejects.toBeInstanceOf(ProtectedInterfaceError);
    const advice = source.guidance(sony.device);
    expect(advice.verdict).toBe('needs-isolated-web-app');
    expect(advice.compatibilityPage).toBe('readers.html#r-054C-0DC8');
    expect(advice.known).toBe('iwa');
    expect(advice.steps.map((s) => s.ja).join('')).toMatch(/分離ウェブアプリ（IWA）.*SCR3310/s);
    expect(advice.steps.map((s) => s.en).join(' ')).toMatch(/Isolated Web App.*ChromeOS.*SCR3310/s);
    expect(await source.list()).toEqual([]);
  });

  it('says a non-CCID reader cannot be used, naming it and what to use instead', async () => {
    const sony = rcS380();
    const source = new WebUsbReaderSource({ usb: new FakeWebUsb([sony], (offered) => offered[0]), driver: { timing: FAST_TIMING } });
    await expect(source.request()).rejects.toBeInstanceOf(ReaderNotSupportedError);
    const advice = source.guidance(sony);
    expect(advice.verdict).toBe('unsupported');
    expect(advice.title.ja).toMatch(/RC-S380/);
    expect(advice.steps[0]?.ja).toMatch(/RC-S300/);
  });
});

describe('reader guidance (pure)', () => {
  const sony = { vendorId: 0x054c, productId: 0x0dc8, interfaceClasses: [0x0b] };
  const ntt = { vendorId: 0x04e6, productId: 0x511a, interfaceClasses: [0xff] };

  it('is ready for a vendor-class reader anywhere, and for a smart-card-class reader in the Isolated Web App', () => {
    expect(readerGuidance(ntt, { isolatedWebApp: false })).toMatchObject({ verdict: 'ready', known: 'pwa' });
    expect(readerGuidance(sony, { isolatedWebApp: true })).toMatchObject({ verdict: 'ready', known: 'iwa' });
    expect(readerGuidance(sony, { isolatedWebApp: false }).verdict).toBe('needs-isolated-web-app');
  });

  it('tells staff to close other programs when the reader is busy, and gives the reason for a reader the corpus refuses', () => {
    expect(readerGuidance(sony, { isolatedWebApp: true }, new ReaderBusyError()).verdict).toBe('close-other-programs');
    const eGate = readerGuidance({ vendorId: 0x0973, productId: 0x0003, interfaceClasses: [0xff] }, { isolatedWebApp: true });
    expect(eGate.known).toBe('none');
    expect(eGate.verdict).toBe('unsupported');
  });
});
