/**
 * The USB transport of one CCID function: bulk-OUT, bulk-IN, interrupt-IN and control transfers
 * with timeouts, and WebUSB failures mapped to typed errors. WebUSB cannot withdraw a transfer,
 * so a bulk-IN read that timed out stays pending and the next read takes its result: the frame
 * is not lost to a stale transfer, and the CCID layer discards it by bSeq if it is old.
 */
import { CardError } from '../../card/errors.ts';
import { ReaderTimeoutError, ReaderUnpluggedError, UsbTransferError } from '../errors.ts';
import { withDeadline } from '../deadline.ts';
import type { UsbRecipient, UsbRequestType, WebUsbDevice, WebUsbInTransferResult } from './webusb.ts';

/** Times a stalled endpoint is cleared and retried before the transfer fails. */
const STALL_RETRIES = 3;

export interface UsbPipeEndpoints {
  interfaceNumber: number;
  bulkIn: number | undefined;
  bulkOut: number | undefined;
  interruptIn: number | undefined;
  /** wMaxPacketSize of bulk-IN: reads ask for whole packets so none is cut (no babble). */
  bulkInPacketSize: number;
}

export interface UsbTransferOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** Maps a rejected WebUSB call to the reader layer's errors. */
export function usbError(error: unknown, what: string): CardError {
  if (error instanceof CardError) return error;
  const name = error instanceof Error ? error.name : '';
  const detail = `${what}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  if (name === 'NotFoundError') return new ReaderUnpluggedError({ cause: error, detail });
  return new UsbTransferError({ cause: error, detail });
}

export class UsbPipes {
  private pendingBulkIn: Promise<WebUsbInTransferResult> | undefined;
  private pendingInterrupt: Promise<WebUsbInTransferResult> | undefined;

  constructor(
    readonly device: WebUsbDevice,
    readonly endpoints: UsbPipeEndpoints,
  ) {}

  async bulkOut(bytes: Uint8Array<ArrayBuffer>, options: UsbTransferOptions): Promise<void> {
    const endpoint = this.required(this.endpoints.bulkOut, 'bulk-OUT');
    for (let attempt = 0; ; attempt++) {
      const result = await withDeadline(
        this.device.transferOut(endpoint, bytes).catch((error: unknown) => Promise.reject(usbError(error, 'bulk-OUT'))),
        { ...options, onTimeout: () => new ReaderTimeoutError({ detail: 'bulk-OUT transfer did not complete' }) },
      );
      if (result.status === 'ok' && result.bytesWritten === bytes.length) return;
      if (result.status === 'stall' && attempt < STALL_RETRIES) {
        await this.clearHalt('out', endpoint, options);
        continue;
      }
      throw new UsbTransferError({ detail: `bulk-OUT ${result.status}, ${result.bytesWritten} of ${bytes.length} bytes written` });
    }
  }

  /** One bulk-IN transfer of up to `length` bytes (rounded up to whole packets). Empty reads (ZLPs) are skipped. */
  async bulkIn(length: number, options: UsbTransferOptions): Promise<Uint8Array<ArrayBuffer>> {
    const endpoint = this.required(this.endpoints.bulkIn, 'bulk-IN');
    const packet = Math.max(8, this.endpoints.bulkInPacketSize);
    const request = Math.ceil(length / packet) * packet;
    for (let stalls = 0; ; ) {
      this.pendingBulkIn ??= this.device.transferIn(endpoint, request);
      const pending = this.pendingBulkIn;
      let result: WebUsbInTransferResult;
      try {
        result = await withDeadline(pending, { ...options, onTimeout: () => new ReaderTimeoutError({ detail: 'no bulk-IN reply in time' }) });
      } catch (error) {
        if (error instanceof CardError) throw error; // timeout or cancel: the read stays pending for next time
        this.pendingBulkIn = undefined;
        throw usbError(error, 'bulk-IN');
      }
      this.pendingBulkIn = undefined;
      if (result.status === 'stall') {
        if (++stalls > STALL_RETRIES) throw new UsbTransferError({ detail: 'bulk-IN keeps stalling' });
        await this.clearHalt('in', endpoint, options);
        continue;
      }
      if (result.status === 'babble') throw new UsbTransferError({ detail: 'bulk-IN babble' });
      const bytes = viewBytes(result.data);
      if (bytes.length > 0) return bytes;
    }
  }

  /** One interrupt-IN transfer, waiting as long as it takes (the caller cancels by closing). */
  async interruptIn(length: number): Promise<Uint8Array<ArrayBuffer>> {
    const endpoint = this.required(this.endpoints.interruptIn, 'interrupt-IN');
    this.pendingInterrupt ??= this.device.transferIn(endpoint, length);
    try {
      const result = await this.pendingInterrupt;
      if (result.status === 'stall') await this.device.clearHalt('in', endpoint);
      return result.status === 'ok' ? viewBytes(result.data) : new Uint8Array(0);
    } catch (error) {
      throw usbError(error, 'interrupt-IN');
    } finally {
      this.pendingInterrupt = undefined;
    }
  }

  async controlIn(setup: ControlSetup, length: number, options: UsbTransferOptions): Promise<Uint8Array<ArrayBuffer>> {
    const result = await withDeadline(
      this.device.controlTransferIn(setup, length).catch((error: unknown) => Promise.reject(usbError(error, `control-IN 0x${setup.request.toString(16)}`))),
      { ...options, onTimeout: () => new ReaderTimeoutError({ detail: `control-IN 0x${setup.request.toString(16)} did not complete` }) },
    );
    if (result.status !== 'ok') throw new UsbTransferError({ detail: `control-IN 0x${setup.request.toString(16)}: ${result.status}` });
    return viewBytes(result.data);
  }

  async controlOut(setup: ControlSetup, data: Uint8Array<ArrayBuffer> | undefined, options: UsbTransferOptions): Promise<void> {
    const result = await withDeadline(
      this.device.controlTransferOut(setup, data).catch((error: unknown) => Promise.reject(usbError(error, `control-OUT 0x${setup.request.toString(16)}`))),
      { ...options, onTimeout: () => new ReaderTimeoutError({ detail: `control-OUT 0x${setup.request.toString(16)} did not complete` }) },
    );
    if (result.status !== 'ok') throw new UsbTransferError({ detail: `control-OUT 0x${setup.request.toString(16)}: ${result.status}` });
  }

  private async clearHalt(direction: 'in' | 'out', endpoint: number, options: UsbTransferOptions): Promise<void> {
    await withDeadline(
      this.device.clearHalt(direction, endpoint).catch((error: unknown) => Promise.reject(usbError(error, `clear halt ${direction}`))),
      { ...options, onTimeout: () => new ReaderTimeoutError({ detail: 'clear halt did not complete' }) },
    );
  }

  private required(endpoint: number | undefined, what: string): number {
    if (endpoint === undefined) throw new UsbTransferError({ detail: `the interface has no ${what} endpoint` });
    return endpoint;
  }
}

export interface ControlSetup {
  requestType: UsbRequestType;
  recipient: UsbRecipient;
  request: number;
  value: number;
  index: number;
}

function viewBytes(view: DataView | undefined): Uint8Array<ArrayBuffer> {
  if (!view) return new Uint8Array(0);
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer);
}
