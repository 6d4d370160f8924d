/**
 * A USB device that plays a recorded CCID script at the bulk pipes: every bulk-OUT frame the
 * driver writes must equal the script's next '>' step, and every bulk-IN read gets the next '<'
 * step. Descriptors and control requests come from the reader's virtual device. The first
 * mismatch is kept as "step N (note): expected X, got Y" for the test to report.
 */
import { bytesToHex, hexToBytes } from '../../src/protocol/encoding.ts';
import type { WebUsbInTransferResult, WebUsbOutTransferResult } from '../../src/reader/usb/webusb.ts';
import { VirtualUsbDevice } from '../../src/reader/virtual/virtual-usb-device.ts';

export type ScriptStep = readonly ['>' | '<', string, string];

export interface CcidScript {
  /** Corpus file of the reader the frames were recorded with. */
  reader: string;
  /** Command APDUs sent after connect, with the response APDUs expected. */
  apdus: readonly (readonly [string, string])[];
  steps: readonly ScriptStep[];
}

export class ScriptedCcidDevice extends VirtualUsbDevice {
  failure: string | undefined;
  private next = 0;
  private recording = false;

  constructor(
    base: VirtualUsbDevice,
    private readonly steps: readonly ScriptStep[],
  ) {
    super(base.spec);
  }

  /** Bulk frames before this call (GetSlotStatus while opening) are not part of the script. */
  startScript(): void {
    this.recording = true;
  }

  get remaining(): number {
    return this.steps.length - this.next;
  }

  private step(direction: '>' | '<', got: string): ScriptStep | undefined {
    const index = this.next;
    const step = this.steps[index];
    if (!step) {
      this.failure ??= `step ${index + 1}: the script has ended, got ${direction === '>' ? 'command' : 'read'} ${got}`;
      return undefined;
    }
    if (step[0] !== direction) {
      this.failure ??= `step ${index + 1} (${step[2]}): expected ${step[0] === '>' ? 'a command' : 'a read'}, got ${direction === '>' ? `command ${got}` : 'a read'}`;
      return undefined;
    }
    this.next++;
    return step;
  }

  override async transferOut(endpointNumber: number, data: BufferSource): Promise<WebUsbOutTransferResult> {
    if (!this.recording) return super.transferOut(endpointNumber, data);
    const got = bytesToHex(data instanceof Uint8Array ? data : new Uint8Array(data as ArrayBuffer));
    const step = this.step('>', got);
    const expected = step?.[1].replace(/\s+/g, '');
    if (step && expected !== got) this.failure ??= `step ${this.next} (${step[2]}): expected ${expected}, got ${got}`;
    return { status: 'ok', bytesWritten: got.length / 2 };
  }

  override async transferIn(endpointNumber: number, length: number): Promise<WebUsbInTransferResult> {
    if (!this.recording) return super.transferIn(endpointNumber, length);
    const step = this.step('<', '');
    if (!step) return { status: 'stall' };
    return { status: 'ok', data: new DataView(hexToBytes(step[1]).buffer) };
  }
}
