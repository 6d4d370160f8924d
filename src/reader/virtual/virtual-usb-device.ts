/**
 * A fake WebUSB USBDevice for tests, benchmarks and `readers simulate`: the descriptors of a real
 * reader, control requests (GET_DESCRIPTOR, the CCID class requests ABORT, GET_CLOCK_FREQUENCIES
 * and GET_DATA_RATES), and for each CCID function a bulk-OUT pipe into its firmware, a bulk-IN
 * FIFO of replies and an interrupt-IN FIFO of NotifySlotChange messages. Behaves as Chromium's
 * USBDevice does where the driver can tell: transfers on a closed device or an unclaimed
 * interface reject with InvalidStateError, an unplugged device with NotFoundError, and
 * claimInterface on a smart-card-class interface rejects with SecurityError when the device
 * models an ordinary web page (`protectedClass`). Faults come from a FaultPlan.
 */
import { encodeConfigurationDescriptor, encodeStringDescriptor, DESCRIPTOR_TYPE, GET_DESCRIPTOR, type ConfigurationDescriptor } from '../usb/descriptors.ts';
import type {
  UsbDirection,
  WebUsbConfiguration,
  WebUsbControlTransferParameters,
  WebUsbDevice,
  WebUsbInTransferResult,
  WebUsbOutTransferResult,
} from '../usb/webusb.ts';
import type { CcidFirmware } from './firmware/ccid-firmware.ts';
import type { Fault, FaultPlan } from './faults.ts';
import { usbConfigurationView } from './usb-configuration-view.ts';

export interface VirtualFunction {
  interfaceNumber: number;
  interfaceClass: number;
  firmware: CcidFirmware;
  bulkOut: number | undefined;
  bulkIn: number | undefined;
  interruptIn: number | undefined;
  clockFrequenciesKHz: readonly number[];
  dataRatesBps: readonly number[];
}

export interface VirtualDeviceSpec {
  vendorId: number;
  productId: number;
  manufacturerName: string | undefined;
  productName: string | undefined;
  serialNumber: string | undefined;
  bcdDevice: number;
  configuration: ConfigurationDescriptor;
  strings: ReadonlyMap<number, string>;
  functions: readonly VirtualFunction[];
}

export interface VirtualDeviceOptions {
  /** Model an ordinary web page in Chromium: class 0x0B interfaces cannot be claimed. */
  protectedClass?: boolean;
  faults?: FaultPlan;
}

export interface TransferCounts {
  bulkOut: number;
  bulkIn: number;
  interruptIn: number;
  control: number;
}

const domError = (name: string, message: string): Error => new DOMException(message, name);

class Fifo {
  readonly frames: Uint8Array[] = [];
  private waiters: (() => void)[] = [];
  push(frame: Uint8Array): void {
    this.frames.push(frame);
    for (const wake of this.waiters.splice(0)) wake();
  }
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  wakeAll(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

interface FunctionState {
  fn: VirtualFunction;
  bulkIn: Fifo;
  interrupt: Fifo;
  claimed: boolean;
  stallIn: number;
  stallForever: boolean;
  /** The command being processed and what to do if the host aborts it. */
  pending: { bytes: Uint8Array; dropped: boolean } | undefined;
}

export class VirtualUsbDevice implements WebUsbDevice {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string | undefined;
  readonly manufacturerName: string | undefined;
  readonly serialNumber: string | undefined;
  readonly configurations: readonly WebUsbConfiguration[];
  opened = false;
  configuration: WebUsbConfiguration | null = null;
  readonly transfers: TransferCounts = { bulkOut: 0, bulkIn: 0, interruptIn: 0, control: 0 };
  /** Bulk commands received, the index faults are keyed by. */
  commands = 0;
  private unplugged = false;
  private readonly states: FunctionState[];

  constructor(
    readonly spec: VirtualDeviceSpec,
    private readonly options: VirtualDeviceOptions = {},
  ) {
    this.vendorId = spec.vendorId;
    this.productId = spec.productId;
    this.productName = spec.productName;
    this.manufacturerName = spec.manufacturerName;
    this.serialNumber = spec.serialNumber;
    this.configurations = [usbConfigurationView(spec.configuration, spec.strings)];
    this.states = spec.functions.map((fn) => {
      const state: FunctionState = { fn, bulkIn: new Fifo(), interrupt: new Fifo(), claimed: false, stallIn: 0, stallForever: false, pending: undefined };
      fn.firmware.onSlotChange = (message) => {
        if (fn.interruptIn !== undefined) state.interrupt.push(message);
      };
      return state;
    });
  }

  get totalTransfers(): number {
    const t = this.transfers;
    return t.bulkOut + t.bulkIn + t.interruptIn + t.control;
  }

  /** The reader leaves the bus: everything pending and everything later fails with NotFoundError. */
  unplug(): void {
    this.unplugged = true;
    for (const state of this.states) {
      state.bulkIn.wakeAll();
      state.interrupt.wakeAll();
    }
  }

  async open(): Promise<void> {
    this.alive();
    this.opened = true;
  }

  async close(): Promise<void> {
    this.opened = false;
    for (const state of this.states) {
      state.claimed = false;
      state.bulkIn.wakeAll();
      state.interrupt.wakeAll();
    }
  }

  async selectConfiguration(value: number): Promise<void> {
    this.ready();
    const found = this.configurations.find((c) => c.configurationValue === value);
    if (!found) throw domError('NotFoundError', 'The configuration value provided is not supported by the device.');
    this.configuration = found;
  }

  async claimInterface(interfaceNumber: number): Promise<void> {
    this.ready();
    const iface = this.configuration?.interfaces.find((i) => i.interfaceNumber === interfaceNumber);
    if (!iface) throw domError('NotFoundError', 'The interface number provided is not supported by the device in its current configuration.');
    if (this.options.protectedClass && iface.alternates.some((a) => a.interfaceClass === 0x0b)) {
      throw domError('SecurityError', 'The requested interface implements a protected class.');
    }
    const state = this.states.find((s) => s.fn.interfaceNumber === interfaceNumber);
    if (state) state.claimed = true;
  }

  async releaseInterface(interfaceNumber: number): Promise<void> {
    this.ready();
    const state = this.states.find((s) => s.fn.interfaceNumber === interfaceNumber);
    if (state) state.claimed = false;
  }

  async selectAlternateInterface(): Promise<void> {
    this.ready();
  }

  async reset(): Promise<void> {
    this.ready();
  }

  async clearHalt(direction: UsbDirection, endpointNumber: number): Promise<void> {
    this.ready();
    this.transfers.control++;
    const state = this.states.find((s) => (direction === 'in' ? s.fn.bulkIn : s.fn.bulkOut) === endpointNumber);
    if (state && direction === 'in' && state.stallIn > 0) state.stallIn--;
  }

  async controlTransferIn(setup: WebUsbControlTransferParameters, length: number): Promise<WebUsbInTransferResult> {
    this.ready();
    this.transfers.control++;
    const data = this.controlIn(setup);
    if (!data) return { status: 'stall' };
    return { status: 'ok', data: new DataView(data.buffer.slice(data.byteOffset, data.byteOffset + Math.min(length, data.length)) as ArrayBuffer) };
  }

  async controlTransferOut(setup: WebUsbControlTransferParameters): Promise<WebUsbOutTransferResult> {
    this.ready();
    this.transfers.control++;
    // CCID class request ABORT (§5.3.1): wValue = bSeq << 8 | bSlot, wIndex = interface.
    if (setup.requestType === 'class' && setup.recipient === 'interface' && setup.request === 0x01) {
      const state = this.states.find((s) => s.fn.interfaceNumber === setup.index);
      const pending = state?.pending;
      if (state && pending && pending.bytes[6] === setup.value >> 8 && pending.bytes[5] === (setup.value & 0xff)) {
        state.pending = undefined;
        state.bulkIn.push(state.fn.firmware.aborted(pending.bytes));
      }
      return { status: 'ok', bytesWritten: 0 };
    }
    return { status: 'stall', bytesWritten: 0 };
  }

  async transferOut(endpointNumber: number, data: BufferSource): Promise<WebUsbOutTransferResult> {
    const state = this.stateFor('out', endpointNumber);
    this.transfers.bulkOut++;
    const bytes = toBytes(data);
    const index = this.commands;
    const fault = this.options.faults?.(index, bytes);
    if (fault?.kind === 'stall-out' && !this.stalledOut.has(index)) {
      this.stalledOut.add(index);
      return { status: 'stall', bytesWritten: 0 };
    }
    this.commands++;
    this.run(state, bytes, fault);
    return { status: 'ok', bytesWritten: bytes.length };
  }

  private readonly stalledOut = new Set<number>();

  async transferIn(endpointNumber: number, length: number): Promise<WebUsbInTransferResult> {
    const isInterrupt = this.states.some((s) => s.fn.interruptIn === endpointNumber);
    const state = this.stateFor('in', endpointNumber);
    const fifo = isInterrupt ? state.interrupt : state.bulkIn;
    if (!isInterrupt && (state.stallForever || state.stallIn > 0)) {
      this.transfers.bulkIn++;
      return { status: 'stall' };
    }
    while (fifo.frames.length === 0) {
      await fifo.wait();
      this.alive();
      if (!this.opened || !state.claimed) throw domError('AbortError', 'The transfer was cancelled.');
    }
    if (isInterrupt) this.transfers.interruptIn++;
    else this.transfers.bulkIn++;
    const frame = fifo.frames[0] ?? new Uint8Array(0);
    if (frame.length > length) {
      // A transfer ends when `length` bytes arrived; the rest waits for the next one.
      fifo.frames[0] = frame.slice(length);
      return { status: 'ok', data: view(frame.subarray(0, length)) };
    }
    fifo.frames.shift();
    return { status: 'ok', data: view(frame) };
  }

  private run(state: FunctionState, bytes: Uint8Array, fault: Fault | undefined): void {
    const pending = { bytes, dropped: fault?.kind === 'drop-reply' };
    state.pending = pending;
    if (fault?.kind === 'unplug') {
      this.unplug();
      return;
    }
    state.fn.firmware.handle(bytes, fault).then(
      (frames) => {
        if (state.pending !== pending) return; // aborted meanwhile
        state.pending = undefined;
        if (pending.dropped) {
          state.pending = pending; // still "running" until the host aborts it
          return;
        }
        this.deliver(state, frames, fault);
      },
      () => {
        state.pending = undefined;
      },
    );
  }

  private deliver(state: FunctionState, frames: Uint8Array[], fault: Fault | undefined): void {
    const last = frames.at(-1);
    if (!last) return;
    const before = frames.slice(0, -1);
    if (fault?.kind === 'time-extensions') {
      for (let i = 0; i < (fault.count ?? 1); i++) {
        const te = Uint8Array.from(last.subarray(0, 10));
        te.set([0, 0, 0, 0], 1);
        te[7] = ((last[7] ?? 0) & 0x03) | 0x80;
        te[8] = 1;
        before.push(te);
      }
    }
    if (fault?.kind === 'stale-frame') {
      const stale = Uint8Array.from(last);
      stale[6] = ((stale[6] ?? 0) + 255) & 0xff;
      before.unshift(stale);
    }
    if (fault?.kind === 'stall-in') state.stallIn = 1;
    if (fault?.kind === 'stall-forever') state.stallForever = true;
    for (const frame of before) state.bulkIn.push(frame);
    if (fault?.kind === 'split-reply' || fault?.kind === 'truncate-reply') {
      const cut = Math.max(1, Math.min(last.length - 1, Math.floor(last.length * (fault.at ?? 0.5))));
      state.bulkIn.push(last.slice(0, cut));
      if (fault.kind === 'split-reply') state.bulkIn.push(last.slice(cut));
      return;
    }
    state.bulkIn.push(last);
  }

  private controlIn(setup: WebUsbControlTransferParameters): Uint8Array | undefined {
    const type = setup.value >> 8;
    if (setup.requestType === 'standard' && setup.request === GET_DESCRIPTOR) {
      if (type === DESCRIPTOR_TYPE.configuration) return encodeConfigurationDescriptor(this.spec.configuration);
      if (type === DESCRIPTOR_TYPE.device) return this.deviceDescriptor();
      if (type === DESCRIPTOR_TYPE.string) {
        const index = setup.value & 0xff;
        if (index === 0) return Uint8Array.from([4, 3, 0x09, 0x04]);
        const text = this.spec.strings.get(index);
        return text === undefined ? undefined : encodeStringDescriptor(text);
      }
      return undefined;
    }
    if (setup.requestType === 'class' && setup.recipient === 'interface') {
      const fn = this.spec.functions.find((f) => f.interfaceNumber === setup.index);
      // GET_CLOCK_FREQUENCIES (0x02) and GET_DATA_RATES (0x03), CCID §5.3.2-5.3.3; unanswered when the reader gave no list.
      const list = setup.request === 0x02 ? fn?.clockFrequenciesKHz : setup.request === 0x03 ? fn?.dataRatesBps : undefined;
      if (!list || list.length === 0) return undefined;
      const bytes = new Uint8Array(list.length * 4);
      list.forEach((value, i) => new DataView(bytes.buffer).setUint32(i * 4, value, true));
      return bytes;
    }
    return undefined;
  }

  private deviceDescriptor(): Uint8Array {
    const { vendorId: v, productId: p, bcdDevice: d } = this.spec;
    return Uint8Array.from([18, DESCRIPTOR_TYPE.device, 0x00, 0x02, 0, 0, 0, 64, v & 0xff, v >> 8, p & 0xff, p >> 8, d & 0xff, d >> 8, 1, 2, 3, 1]);
  }

  private stateFor(direction: UsbDirection, endpointNumber: number): FunctionState {
    this.ready();
    const state = this.states.find((s) => (direction === 'out' ? s.fn.bulkOut === endpointNumber : s.fn.bulkIn === endpointNumber || s.fn.interruptIn === endpointNumber));
    if (!state) throw domError('NotFoundError', 'The specified endpoint is not part of a claimed and selected alternate interface.');
    if (!state.claimed) throw domError('InvalidStateError', 'The specified endpoint is not part of a claimed and selected alternate interface.');
    return state;
  }

  private alive(): void {
    if (this.unplugged) throw domError('NotFoundError', 'The device was disconnected.');
  }

  private ready(): void {
    this.alive();
    if (!this.opened) throw domError('InvalidStateError', 'The device must be opened first.');
  }
}

function toBytes(data: BufferSource): Uint8Array {
  if (data instanceof Uint8Array) return Uint8Array.from(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  return new Uint8Array(data.slice(0));
}

function view(bytes: Uint8Array): DataView {
  return new DataView(Uint8Array.from(bytes).buffer);
}
