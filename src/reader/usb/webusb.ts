/**
 * The part of WebUSB (https://wicg.github.io/webusb/) the reader layer uses, typed here because
 * TypeScript's DOM library does not include WebUSB. A browser's USBDevice satisfies
 * `WebUsbDevice` structurally; the virtual readers implement it for tests. Names follow the
 * specification.
 */

export type UsbDirection = 'in' | 'out';
export type UsbEndpointType = 'bulk' | 'interrupt' | 'isochronous';
export type UsbTransferStatus = 'ok' | 'stall' | 'babble';
export type UsbRequestType = 'standard' | 'class' | 'vendor';
export type UsbRecipient = 'device' | 'interface' | 'endpoint' | 'other';

export interface WebUsbEndpoint {
  readonly endpointNumber: number;
  readonly direction: UsbDirection;
  readonly type: UsbEndpointType;
  readonly packetSize: number;
}

export interface WebUsbAlternateInterface {
  readonly alternateSetting: number;
  readonly interfaceClass: number;
  readonly interfaceSubclass: number;
  readonly interfaceProtocol: number;
  readonly interfaceName: string | null;
  readonly endpoints: readonly WebUsbEndpoint[];
}

export interface WebUsbInterface {
  readonly interfaceNumber: number;
  readonly alternate: WebUsbAlternateInterface;
  readonly alternates: readonly WebUsbAlternateInterface[];
  readonly claimed: boolean;
}

export interface WebUsbConfiguration {
  readonly configurationValue: number;
  readonly configurationName: string | null;
  readonly interfaces: readonly WebUsbInterface[];
}

export interface WebUsbControlTransferParameters {
  requestType: UsbRequestType;
  recipient: UsbRecipient;
  request: number;
  value: number;
  index: number;
}

export interface WebUsbInTransferResult {
  readonly data?: DataView | undefined;
  readonly status: UsbTransferStatus;
}

export interface WebUsbOutTransferResult {
  readonly bytesWritten: number;
  readonly status: UsbTransferStatus;
}

export interface WebUsbDevice {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName?: string | undefined;
  readonly manufacturerName?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly opened: boolean;
  readonly configuration: WebUsbConfiguration | null;
  readonly configurations: readonly WebUsbConfiguration[];
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(configurationValue: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  selectAlternateInterface(interfaceNumber: number, alternateSetting: number): Promise<void>;
  controlTransferIn(setup: WebUsbControlTransferParameters, length: number): Promise<WebUsbInTransferResult>;
  controlTransferOut(setup: WebUsbControlTransferParameters, data?: BufferSource): Promise<WebUsbOutTransferResult>;
  clearHalt(direction: UsbDirection, endpointNumber: number): Promise<void>;
  transferIn(endpointNumber: number, length: number): Promise<WebUsbInTransferResult>;
  transferOut(endpointNumber: number, data: BufferSource): Promise<WebUsbOutTransferResult>;
  reset(): Promise<void>;
}

export interface WebUsbDeviceFilter {
  vendorId?: number;
  productId?: number;
  classCode?: number;
  subclassCode?: number;
  protocolCode?: number;
  serialNumber?: string;
}

export interface WebUsbConnectionEvent {
  readonly device: WebUsbDevice;
}

/** `navigator.usb`. */
export interface WebUsb {
  getDevices(): Promise<WebUsbDevice[]>;
  requestDevice(options: { filters: WebUsbDeviceFilter[] }): Promise<WebUsbDevice>;
  addEventListener(type: 'connect' | 'disconnect', listener: (event: WebUsbConnectionEvent) => void): void;
  removeEventListener(type: 'connect' | 'disconnect', listener: (event: WebUsbConnectionEvent) => void): void;
}

/** `navigator.usb` when this browser has WebUSB. */
export function browserWebUsb(): WebUsb | undefined {
  const nav = (globalThis as { navigator?: { usb?: WebUsb } }).navigator;
  return nav?.usb;
}
