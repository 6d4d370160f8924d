/**
 * USB standard descriptors (USB 2.0 §9.6): the configuration descriptor as a device returns it
 * to GET_DESCRIPTOR(CONFIGURATION), split into interfaces, their class-specific descriptors and
 * endpoints. Parsing is bounded by wTotalLength and each bLength; a malformed descriptor is a
 * CcidProtocolError, never an endless loop.
 */
import { CcidProtocolError } from '../errors.ts';

export const DESCRIPTOR_TYPE = {
  device: 0x01,
  configuration: 0x02,
  string: 0x03,
  interface: 0x04,
  endpoint: 0x05,
} as const;

export const GET_DESCRIPTOR = 0x06;

export interface EndpointDescriptor {
  bEndpointAddress: number;
  bmAttributes: number;
  wMaxPacketSize: number;
  bInterval: number;
  /** Class-specific descriptors that follow this endpoint (some readers put the CCID one here). */
  extra: Uint8Array[];
}

export interface InterfaceDescriptor {
  bInterfaceNumber: number;
  bAlternateSetting: number;
  bInterfaceClass: number;
  bInterfaceSubClass: number;
  bInterfaceProtocol: number;
  iInterface: number;
  /** Class-specific descriptors between the interface descriptor and its first endpoint. */
  extra: Uint8Array[];
  endpoints: EndpointDescriptor[];
}

export interface ConfigurationDescriptor {
  bConfigurationValue: number;
  bmAttributes: number;
  bMaxPower: number;
  interfaces: InterfaceDescriptor[];
}

export function endpointDirection(endpoint: Pick<EndpointDescriptor, 'bEndpointAddress'>): 'in' | 'out' {
  return (endpoint.bEndpointAddress & 0x80) !== 0 ? 'in' : 'out';
}

export function endpointNumber(endpoint: Pick<EndpointDescriptor, 'bEndpointAddress'>): number {
  return endpoint.bEndpointAddress & 0x0f;
}

export function endpointType(endpoint: Pick<EndpointDescriptor, 'bmAttributes'>): 'control' | 'isochronous' | 'bulk' | 'interrupt' {
  return (['control', 'isochronous', 'bulk', 'interrupt'] as const)[endpoint.bmAttributes & 0x03] ?? 'control';
}

/** wTotalLength from the first 9 bytes of a configuration descriptor. */
export function configurationTotalLength(header: Uint8Array): number {
  if (header.length < 4 || header[1] !== DESCRIPTOR_TYPE.configuration) {
    throw new CcidProtocolError({ detail: 'not a configuration descriptor' });
  }
  return (header[2] ?? 0) | ((header[3] ?? 0) << 8);
}

export function parseConfigurationDescriptor(bytes: Uint8Array): ConfigurationDescriptor {
  const total = configurationTotalLength(bytes);
  if (bytes.length < total || total < 9) throw new CcidProtocolError({ detail: `configuration descriptor: ${bytes.length} of ${total} bytes` });
  const config: ConfigurationDescriptor = { bConfigurationValue: bytes[5] ?? 0, bmAttributes: bytes[7] ?? 0, bMaxPower: bytes[8] ?? 0, interfaces: [] };
  let current: InterfaceDescriptor | undefined;
  let offset = bytes[0] ?? 9;
  while (offset < total) {
    const length = bytes[offset] ?? 0;
    const type = bytes[offset + 1];
    if (length < 2 || offset + length > total) throw new CcidProtocolError({ detail: `descriptor of length ${length} at offset ${offset}` });
    const body = bytes.slice(offset, offset + length);
    if (type === DESCRIPTOR_TYPE.interface) {
      if (length < 9) throw new CcidProtocolError({ detail: `interface descriptor of ${length} bytes` });
      current = {
        bInterfaceNumber: body[2] ?? 0,
        bAlternateSetting: body[3] ?? 0,
        bInterfaceClass: body[5] ?? 0,
        bInterfaceSubClass: body[6] ?? 0,
        bInterfaceProtocol: body[7] ?? 0,
        iInterface: body[8] ?? 0,
        extra: [],
        endpoints: [],
      };
      config.interfaces.push(current);
    } else if (type === DESCRIPTOR_TYPE.endpoint) {
      if (length < 7 || !current) throw new CcidProtocolError({ detail: `endpoint descriptor at offset ${offset} outside an interface` });
      current.endpoints.push({ bEndpointAddress: body[2] ?? 0, bmAttributes: body[3] ?? 0, wMaxPacketSize: ((body[4] ?? 0) | ((body[5] ?? 0) << 8)) & 0x7ff, bInterval: body[6] ?? 0, extra: [] });
    } else if (current) {
      const lastEndpoint = current.endpoints.at(-1);
      (lastEndpoint ? lastEndpoint.extra : current.extra).push(body);
    }
    offset += length;
  }
  return config;
}

export function encodeConfigurationDescriptor(config: ConfigurationDescriptor): Uint8Array<ArrayBuffer> {
  const parts: number[][] = [];
  for (const iface of config.interfaces) {
    parts.push([9, DESCRIPTOR_TYPE.interface, iface.bInterfaceNumber, iface.bAlternateSetting, iface.endpoints.length, iface.bInterfaceClass, iface.bInterfaceSubClass, iface.bInterfaceProtocol, iface.iInterface]);
    for (const extra of iface.extra) parts.push([...extra]);
    for (const ep of iface.endpoints) {
      parts.push([7, DESCRIPTOR_TYPE.endpoint, ep.bEndpointAddress, ep.bmAttributes, ep.wMaxPacketSize & 0xff, ep.wMaxPacketSize >> 8, ep.bInterval]);
      for (const extra of ep.extra) parts.push([...extra]);
    }
  }
  const body = parts.flat();
  const total = 9 + body.length;
  const numInterfaces = new Set(config.interfaces.map((i) => i.bInterfaceNumber)).size;
  return Uint8Array.from([9, DESCRIPTOR_TYPE.configuration, total & 0xff, total >> 8, numInterfaces, config.bConfigurationValue, 0, config.bmAttributes, config.bMaxPower, ...body]);
}

/** A string descriptor (USB 2.0 §9.6.7): UTF-16LE after a 2-byte header. */
export function parseStringDescriptor(bytes: Uint8Array): string {
  if (bytes.length < 2 || bytes[1] !== DESCRIPTOR_TYPE.string) throw new CcidProtocolError({ detail: 'not a string descriptor' });
  const length = Math.min(bytes[0] ?? 0, bytes.length);
  let text = '';
  for (let i = 2; i + 1 < length; i += 2) text += String.fromCharCode((bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8));
  return text;
}

export function encodeStringDescriptor(text: string): Uint8Array<ArrayBuffer> {
  const units = Array.from(text.slice(0, 126), (c) => c.charCodeAt(0));
  return Uint8Array.from([2 + units.length * 2, DESCRIPTOR_TYPE.string, ...units.flatMap((u) => [u & 0xff, u >> 8])]);
}
