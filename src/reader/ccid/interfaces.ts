/**
 * Finding the CCID functions of a USB device in its configuration descriptor: interfaces of
 * class 0x0B (Smart Card), and vendor-class (0xFF) interfaces that carry a 54-byte CCID class
 * descriptor (the NTT Communications SCR3310 and other readers built so that ordinary web pages
 * may claim them). Like libccid, the descriptor is also looked for after the last endpoint,
 * where some chipsets (O2Micro OZ776, Reiner SCT, BLUDRIVE II) put it.
 */
import { endpointDirection, endpointType, type ConfigurationDescriptor, type EndpointDescriptor, type InterfaceDescriptor } from '../usb/descriptors.ts';
import { CCID_DESCRIPTOR_LENGTH, CCID_DESCRIPTOR_TYPE, CCID_DESCRIPTOR_TYPE_VENDOR, parseCcidClassDescriptor, type CcidClassDescriptor } from './class-descriptor.ts';

export const SMART_CARD_CLASS = 0x0b;
export const VENDOR_CLASS = 0xff;

/** bInterfaceProtocol of a CCID interface (CCID §4.3, ICCD §4.2). */
export type CcidTransportProtocol = 'bulk' | 'iccd-a' | 'iccd-b' | 'unknown';

export interface CcidFunction {
  interfaceNumber: number;
  alternateSetting: number;
  interfaceClass: number;
  interfaceSubClass: number;
  transport: CcidTransportProtocol;
  iInterface: number;
  descriptor: CcidClassDescriptor;
  descriptorLocation: 'interface' | 'after-endpoints';
  bulkIn: EndpointDescriptor | undefined;
  bulkOut: EndpointDescriptor | undefined;
  interruptIn: EndpointDescriptor | undefined;
}

function transportOf(protocol: number): CcidTransportProtocol {
  return (['bulk', 'iccd-a', 'iccd-b'] as const)[protocol] ?? 'unknown';
}

function isCcidDescriptor(bytes: Uint8Array, interfaceClass: number): boolean {
  if (bytes.length !== CCID_DESCRIPTOR_LENGTH || bytes[0] !== CCID_DESCRIPTOR_LENGTH) return false;
  return bytes[1] === CCID_DESCRIPTOR_TYPE || (interfaceClass === VENDOR_CLASS && bytes[1] === CCID_DESCRIPTOR_TYPE_VENDOR);
}

function findDescriptor(iface: InterfaceDescriptor): { bytes: Uint8Array; location: CcidFunction['descriptorLocation'] } | undefined {
  const inInterface = iface.extra.find((d) => isCcidDescriptor(d, iface.bInterfaceClass));
  if (inInterface) return { bytes: inInterface, location: 'interface' };
  const afterEndpoints = iface.endpoints.at(-1)?.extra.find((d) => isCcidDescriptor(d, iface.bInterfaceClass));
  return afterEndpoints ? { bytes: afterEndpoints, location: 'after-endpoints' } : undefined;
}

/** The CCID functions of a configuration, first alternate setting of each interface. */
export function findCcidFunctions(config: ConfigurationDescriptor): CcidFunction[] {
  const functions: CcidFunction[] = [];
  for (const iface of config.interfaces) {
    if (iface.bAlternateSetting !== 0) continue;
    if (iface.bInterfaceClass !== SMART_CARD_CLASS && iface.bInterfaceClass !== VENDOR_CLASS) continue;
    const found = findDescriptor(iface);
    if (!found) continue;
    const pick = (direction: 'in' | 'out', type: 'bulk' | 'interrupt'): EndpointDescriptor | undefined =>
      iface.endpoints.find((ep) => endpointDirection(ep) === direction && endpointType(ep) === type);
    functions.push({
      interfaceNumber: iface.bInterfaceNumber,
      alternateSetting: iface.bAlternateSetting,
      interfaceClass: iface.bInterfaceClass,
      interfaceSubClass: iface.bInterfaceSubClass,
      transport: transportOf(iface.bInterfaceProtocol),
      iInterface: iface.iInterface,
      descriptor: parseCcidClassDescriptor(found.bytes),
      descriptorLocation: found.location,
      bulkIn: pick('in', 'bulk'),
      bulkOut: pick('out', 'bulk'),
      interruptIn: pick('in', 'interrupt'),
    });
  }
  return functions;
}
