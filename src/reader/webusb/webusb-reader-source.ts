/**
 * WebUSB CCID readers as a ReaderSource: `request()` shows the browser's picker (call it from a
 * click) listing smart-card-class devices, the vendor-class CCID readers of the corpus by
 * VID:PID, and devices known not to be CCID (so that picking one gets advice, not silence);
 * `list()` opens the devices the user already allowed. A device that cannot be used is kept
 * with its error, and `guidance(device)` says what to do about it.
 */
import type { Reader, ReaderSource } from '../reader.ts';
import { NOT_CCID_DEVICES } from '../ccid/quirks.ts';
import { VENDOR_CLASS_READERS } from '../compatibility/generated/known-readers.ts';
import { readerGuidance, type AppEnvironment, type ReaderGuidance } from '../compatibility/reader-guidance.ts';
import { NoReaderChosenError } from '../errors.ts';
import { usbError } from '../usb/usb-pipes.ts';
import { browserWebUsb, type WebUsb, type WebUsbConnectionEvent, type WebUsbDevice, type WebUsbDeviceFilter } from '../usb/webusb.ts';
import { CcidDevice, type CcidDeviceOptions } from './ccid-device.ts';

export const CCID_PICKER_FILTERS: readonly WebUsbDeviceFilter[] = [
  { classCode: 0x0b },
  ...VENDOR_CLASS_READERS.map(({ vendorId, productId }) => ({ vendorId, productId })),
  ...Object.keys(NOT_CCID_DEVICES).map((key) => {
    const [vendorId = 0, productId = 0] = key.split(':').map((h) => parseInt(h, 16));
    return { vendorId, productId };
  }),
];

export interface WebUsbReaderSourceOptions {
  /** `navigator.usb` by default. */
  usb?: WebUsb;
  driver?: CcidDeviceOptions;
  /** The app's environment, for guidance (is this the Isolated Web App build?). */
  environment?: AppEnvironment;
}

export class WebUsbReaderSource implements ReaderSource {
  readonly kind = 'webusb-ccid' as const;
  private readonly opened = new Map<WebUsbDevice, Promise<CcidDevice>>();
  /** Devices the user allowed that could not be opened, with the error. */
  readonly problems = new Map<WebUsbDevice, unknown>();
  private listening = false;
  private instances = 0;

  constructor(private readonly options: WebUsbReaderSourceOptions = {}) {}

  private get usb(): WebUsb | undefined {
    return this.options.usb ?? browserWebUsb();
  }

  available(): boolean {
    return this.usb !== undefined;
  }

  async list(): Promise<Reader[]> {
    const usb = this.usb;
    if (!usb) return [];
    this.listen(usb);
    const readers: Reader[] = [];
    for (const device of await usb.getDevices()) {
      try {
        readers.push(...(await this.open(device)).readers);
      } catch {
        // Kept in `problems`; the other devices still list.
      }
    }
    return readers;
  }

  async request(): Promise<Reader[]> {
    const usb = this.usb;
    if (!usb) throw new NoReaderChosenError();
    this.listen(usb);
    let device: WebUsbDevice;
    try {
      device = await usb.requestDevice({ filters: [...CCID_PICKER_FILTERS] });
    } catch (error) {
      // Chromium: NotFoundError "No device selected." when the picker is closed.
      if (error instanceof Error && error.name === 'NotFoundError') throw new NoReaderChosenError({ cause: error });
      throw usbError(error, 'requestDevice');
    }
    return (await this.open(device)).readers;
  }

  /** What to tell the volunteer about `device` (opened or refused). */
  guidance(device: WebUsbDevice): ReaderGuidance {
    const configuration = device.configuration ?? device.configurations[0];
    const interfaceClasses = configuration?.interfaces.flatMap((i) => i.alternates.map((a) => a.interfaceClass)) ?? [];
    return readerGuidance(
      { vendorId: device.vendorId, productId: device.productId, productName: device.productName, interfaceClasses },
      this.options.environment ?? { isolatedWebApp: false },
      this.problems.get(device),
    );
  }

  /** Guidance for the device whose opening failed with `error`. */
  guidanceFor(error: unknown): ReaderGuidance | undefined {
    for (const [device, problem] of this.problems) if (problem === error) return this.guidance(device);
    return undefined;
  }

  private open(device: WebUsbDevice): Promise<CcidDevice> {
    let opening = this.opened.get(device);
    if (!opening) {
      opening = CcidDevice.open(device, { ...this.options.driver, instance: this.options.driver?.instance ?? String(this.instances++) });
      this.opened.set(device, opening);
      this.problems.delete(device);
      opening.catch((error: unknown) => {
        this.opened.delete(device);
        this.problems.set(device, error);
      });
    }
    return opening;
  }

  private listen(usb: WebUsb): void {
    if (this.listening) return;
    this.listening = true;
    usb.addEventListener('disconnect', (event: WebUsbConnectionEvent) => {
      const opening = this.opened.get(event.device);
      this.opened.delete(event.device);
      this.problems.delete(event.device);
      opening?.then((ccid) => ccid.close()).catch(() => {});
    });
  }
}
