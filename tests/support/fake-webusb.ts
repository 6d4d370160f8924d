/** A fake navigator.usb that behaves as WebUSB does: permitted devices, a picker that offers only devices matching a filter, disconnect events. */
import type { WebUsb, WebUsbConnectionEvent, WebUsbDevice, WebUsbDeviceFilter } from '../../src/reader/usb/webusb.ts';
import type { VirtualUsbDevice } from '../../src/reader/virtual/virtual-usb-device.ts';

/** navigator.usb: the devices plugged in, the ones the user allowed, and a picker that shows only devices matching a filter. */
export class FakeWebUsb implements WebUsb {
  readonly allowed: WebUsbDevice[] = [];
  offered: WebUsbDevice[] = [];
  private readonly listeners = new Set<(event: WebUsbConnectionEvent) => void>();

  constructor(
    readonly plugged: WebUsbDevice[],
    private readonly choose: (offered: WebUsbDevice[]) => WebUsbDevice | undefined,
  ) {}

  async getDevices(): Promise<WebUsbDevice[]> {
    return [...this.allowed];
  }

  async requestDevice(options: { filters: WebUsbDeviceFilter[] }): Promise<WebUsbDevice> {
    this.offered = this.plugged.filter((device) => options.filters.some((filter) => matches(filter, device)));
    const chosen = this.choose(this.offered);
    if (!chosen) throw new DOMException('No device selected.', 'NotFoundError');
    if (!this.allowed.includes(chosen)) this.allowed.push(chosen);
    return chosen;
  }

  addEventListener(_: 'connect' | 'disconnect', listener: (event: WebUsbConnectionEvent) => void): void {
    this.listeners.add(listener);
  }

  removeEventListener(_: 'connect' | 'disconnect', listener: (event: WebUsbConnectionEvent) => void): void {
    this.listeners.delete(listener);
  }

  unplug(device: VirtualUsbDevice): void {
    device.unplug();
    for (const listener of this.listeners) listener({ device });
  }
}

/** WebUSB §"matches a device filter": ids, or a class code of the device or of any interface. */
function matches(filter: WebUsbDeviceFilter, device: WebUsbDevice): boolean {
  if (filter.vendorId !== undefined && filter.vendorId !== device.vendorId) return false;
  if (filter.productId !== undefined && filter.productId !== device.productId) return false;
  if (filter.classCode !== undefined) {
    const classes = device.configurations.flatMap((c) => c.interfaces.flatMap((i) => i.alternates.map((a) => a.interfaceClass)));
    if (!classes.includes(filter.classCode)) return false;
  }
  return true;
}

