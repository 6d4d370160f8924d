/**
 * Opening a USB device as CCID readers (libccid's ccid_usb.c OpenUSB): open, select the
 * configuration, read the configuration descriptor by GET_DESCRIPTOR (WebUSB hides class
 * descriptors), find the CCID functions, claim each, and make one Reader per slot. A function
 * the driver cannot drive is kept out with its reason; a smart-card-class interface the browser
 * refuses to let a web page claim is a ProtectedInterfaceError.
 */
import { CardError } from '../../card/errors.ts';
import { CcidChannel } from '../ccid/ccid-channel.ts';
import { CcidSlot } from '../ccid/ccid-slot.ts';
import { exchangeLevelOf } from '../ccid/class-descriptor.ts';
import { findCcidFunctions, SMART_CARD_CLASS, type CcidFunction } from '../ccid/interfaces.ts';
import { PresenceWatch } from '../ccid/presence.ts';
import { quirkFor, type ReaderQuirk } from '../ccid/quirks.ts';
import { driverSupport, supportReason } from '../ccid/support.ts';
import { withDeadline } from '../deadline.ts';
import { ProtectedInterfaceError, ReaderBusyError, ReaderNotSupportedError, ReaderTimeoutError } from '../errors.ts';
import type { LocalizedText } from '../../protocol/user-facing-error.ts';
import { configurationTotalLength, DESCRIPTOR_TYPE, GET_DESCRIPTOR, parseConfigurationDescriptor, parseStringDescriptor } from '../usb/descriptors.ts';
import { UsbPipes, usbError } from '../usb/usb-pipes.ts';
import type { WebUsbDevice } from '../usb/webusb.ts';
import { CcidReader } from './ccid-reader.ts';

export interface CcidTiming {
  /** Wait for each reply; by default computed from the card's ATR (BWT/WWT). */
  replyTimeoutMs?: number;
  /** Wait for replies before the ATR is known (GetSlotStatus, PowerOn). */
  commandTimeoutMs: number;
  abortTimeoutMs: number;
  /** GetSlotStatus polling for readers without an interrupt endpoint. */
  pollIntervalMs: number;
  /** Bound on the whole activation (power on to first APDU). */
  connectTimeoutMs: number;
}

export const DEFAULT_CCID_TIMING: CcidTiming = { commandTimeoutMs: 5_000, abortTimeoutMs: 1_000, pollIntervalMs: 500, connectTimeoutMs: 10_000 };

export interface CcidDeviceOptions {
  timing?: Partial<CcidTiming>;
  /** Names the device in reader ids (a page has one per device; the picker order). */
  instance?: string;
  t1Trace?: (reader: string, direction: 'sent' | 'received', block: string) => void;
}

export interface RefusedFunction {
  interfaceNumber: number;
  reason: LocalizedText;
}

const LANGID_EN_US = 0x0409;

export class CcidDevice {
  readonly readers: CcidReader[] = [];
  readonly refused: RefusedFunction[] = [];
  readonly quirk: ReaderQuirk | undefined;
  private readonly claimed: number[] = [];
  private readonly watches: PresenceWatch[] = [];
  private openReaders = 0;
  private closed = false;

  private constructor(
    readonly device: WebUsbDevice,
    readonly timing: CcidTiming,
  ) {
    this.quirk = quirkFor(device.vendorId, device.productId);
  }

  static async open(device: WebUsbDevice, options: CcidDeviceOptions = {}): Promise<CcidDevice> {
    const opened = new CcidDevice(device, { ...DEFAULT_CCID_TIMING, ...options.timing });
    try {
      await opened.setUp(options);
    } catch (error) {
      await opened.close();
      throw error;
    }
    return opened;
  }

  private async setUp(options: CcidDeviceOptions): Promise<void> {
    const { device } = this;
    const bound = <T>(work: Promise<T>, what: string): Promise<T> =>
      withDeadline(
        work.catch((error: unknown) => Promise.reject(usbError(error, what))),
        { timeoutMs: this.timing.commandTimeoutMs, onTimeout: () => new ReaderTimeoutError({ detail: `${what} did not complete` }) },
      );
    if (!device.opened) await bound(device.open(), 'open');
    if (!device.configuration) await bound(device.selectConfiguration(device.configurations[0]?.configurationValue ?? 1), 'select configuration');
    const control = new UsbPipes(device, { interfaceNumber: 0, bulkIn: undefined, bulkOut: undefined, interruptIn: undefined, bulkInPacketSize: 64 });
    const index = Math.max(0, device.configurations.findIndex((c) => c.configurationValue === device.configuration?.configurationValue));
    const setup = { requestType: 'standard', recipient: 'device', request: GET_DESCRIPTOR, value: (DESCRIPTOR_TYPE.configuration << 8) | index, index: 0 } as const;
    const header = await control.controlIn(setup, 9, { timeoutMs: this.timing.commandTimeoutMs });
    const config = parseConfigurationDescriptor(await control.controlIn(setup, configurationTotalLength(header), { timeoutMs: this.timing.commandTimeoutMs }));
    const functions = findCcidFunctions(config);
    if (functions.length === 0) {
      throw new ReaderNotSupportedError({ ja: 'CCID（スマートカードリーダーの規格）に対応していません。', en: 'it does not speak CCID, the smart-card reader standard.' });
    }
    let firstError: CardError | undefined;
    for (const fn of functions) {
      const support = driverSupport({ transport: fn.transport, interfaceClass: fn.interfaceClass, interfaceSubClass: fn.interfaceSubClass, hasBulkIn: fn.bulkIn !== undefined, hasBulkOut: fn.bulkOut !== undefined, descriptor: fn.descriptor });
      if (!support.supported) {
        this.refused.push({ interfaceNumber: fn.interfaceNumber, reason: support.reason });
        continue;
      }
      try {
        await this.claim(fn);
      } catch (error) {
        if (!(error instanceof CardError)) throw error;
        firstError ??= error;
        continue;
      }
      await this.addReaders(fn, control, options, functions.length > 1);
    }
    if (this.readers.length === 0) {
      throw firstError ?? new ReaderNotSupportedError(this.refused[0]?.reason ?? supportReason('unknown-transport'));
    }
  }

  private async claim(fn: CcidFunction): Promise<void> {
    try {
      await withDeadline(this.device.claimInterface(fn.interfaceNumber), {
        timeoutMs: this.timing.commandTimeoutMs,
        onTimeout: () => new ReaderTimeoutError({ detail: 'claimInterface did not complete' }),
      });
      this.claimed.push(fn.interfaceNumber);
    } catch (error) {
      if (error instanceof CardError) throw error;
      const name = error instanceof Error ? error.name : '';
      const detail = `claimInterface(${fn.interfaceNumber}): ${error instanceof Error ? error.message : String(error)}`;
      // Chromium: SecurityError "The requested interface implements a protected class."
      if (name === 'SecurityError' && fn.interfaceClass === SMART_CARD_CLASS) throw new ProtectedInterfaceError({ cause: error, detail });
      // Chromium: NetworkError "Unable to claim interface." when another driver or tab holds it.
      if (name === 'NetworkError' || name === 'InvalidStateError') throw new ReaderBusyError({ cause: error, detail });
      throw usbError(error, detail);
    }
  }

  private async addReaders(fn: CcidFunction, control: UsbPipes, options: CcidDeviceOptions, several: boolean): Promise<void> {
    const effects = this.quirk?.effects ?? {};
    const maxMessageLength = effects.maxMessageLength ?? fn.descriptor.dwMaxCCIDMessageLength;
    const pipes = new UsbPipes(this.device, {
      interfaceNumber: fn.interfaceNumber,
      bulkIn: fn.bulkIn && fn.bulkIn.bEndpointAddress & 0x0f,
      bulkOut: fn.bulkOut && fn.bulkOut.bEndpointAddress & 0x0f,
      interruptIn: fn.interruptIn && fn.interruptIn.bEndpointAddress & 0x0f,
      bulkInPacketSize: fn.bulkIn?.wMaxPacketSize ?? 64,
    });
    const channel = new CcidChannel(pipes, Math.max(maxMessageLength, 64), {
      readTimeoutMs: Math.max(this.timing.commandTimeoutMs, effects.minReplyTimeoutMs ?? 0),
      abortTimeoutMs: this.timing.abortTimeoutMs,
    });
    const slots = Array.from({ length: fn.descriptor.bMaxSlotIndex + 1 }, (_, i) => new CcidSlot(channel, i));
    const watch = new PresenceWatch(pipes, slots, { pollIntervalMs: this.timing.pollIntervalMs, interruptPacketSize: fn.interruptIn?.wMaxPacketSize ?? 8, statusTimeoutMs: this.timing.commandTimeoutMs });
    this.watches.push(watch);
    const dataRates = exchangeLevelOf(fn.descriptor.dwFeatures) === 'tpdu' ? await this.dataRates(control, fn) : [];
    // The interface's own name tells a reader's contact and contactless sides apart.
    const interfaceName = several ? await this.interfaceName(control, fn.iInterface) : undefined;
    const product = this.device.productName ?? `USB reader ${this.device.vendorId.toString(16)}:${this.device.productId.toString(16)}`;
    for (const slot of slots) {
      const name = [product, interfaceName && interfaceName !== product ? interfaceName : undefined, slots.length > 1 ? `slot ${slot.index}` : undefined].filter(Boolean).join(' · ');
      const id = `webusb:${this.device.vendorId.toString(16)}:${this.device.productId.toString(16)}:${options.instance ?? this.device.serialNumber ?? '0'}:${fn.interfaceNumber}:${slot.index}`;
      this.readers.push(
        new CcidReader({
          id,
          name,
          fn,
          slot,
          watch,
          timing: this.timing,
          capabilities: {
            descriptor: fn.descriptor,
            dataRates,
            maxMessageLength,
            maxDataRate: Math.min(fn.descriptor.dwMaxDataRate, effects.maxDataRate ?? Number.POSITIVE_INFINITY),
            maxIfsd: effects.maxIfsd ?? fn.descriptor.dwMaxIFSD,
            noPps: effects.noPps,
          },
          quirk: this.quirk,
          t1Trace: options.t1Trace ? (direction, block) => options.t1Trace?.(id, direction, block) : undefined,
          onClose: () => this.readerClosed(),
        }),
      );
      this.openReaders++;
    }
  }

  /** GET_DATA_RATES (CCID §5.3.3), when the reader answers it; PPS only asks for listed rates. */
  private async dataRates(control: UsbPipes, fn: CcidFunction): Promise<number[]> {
    const count = fn.descriptor.bNumDataRatesSupported || 64;
    try {
      const bytes = await control.controlIn({ requestType: 'class', recipient: 'interface', request: 0x03, value: 0, index: fn.interfaceNumber }, count * 4, {
        timeoutMs: this.timing.commandTimeoutMs,
      });
      const rates: number[] = [];
      for (let i = 0; i + 4 <= bytes.length; i += 4) rates.push(new DataView(bytes.buffer, bytes.byteOffset + i, 4).getUint32(0, true));
      return rates;
    } catch {
      return [];
    }
  }

  private async interfaceName(control: UsbPipes, index: number): Promise<string | undefined> {
    if (index === 0) return undefined;
    try {
      const bytes = await control.controlIn({ requestType: 'standard', recipient: 'device', request: GET_DESCRIPTOR, value: (DESCRIPTOR_TYPE.string << 8) | index, index: LANGID_EN_US }, 255, {
        timeoutMs: this.timing.commandTimeoutMs,
      });
      const name = parseStringDescriptor(bytes);
      return /^[\x20-\x7e]+$/.test(name) ? name : undefined;
    } catch {
      return undefined;
    }
  }

  private async readerClosed(): Promise<void> {
    this.openReaders--;
    if (this.openReaders <= 0) await this.close();
  }

  /** Releases the interfaces and closes the device; bounded, and never throws (the device may be gone). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const watch of this.watches) watch.stop();
    const bound = (work: Promise<void>): Promise<void> =>
      withDeadline(work, { timeoutMs: this.timing.commandTimeoutMs, onTimeout: () => new ReaderTimeoutError({ detail: 'closing the device' }) }).catch(() => {});
    for (const n of this.claimed) await bound(this.device.releaseInterface(n));
    await bound(this.device.close());
  }
}
