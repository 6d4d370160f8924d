/**
 * A virtual USB reader built from one corpus file: the configuration descriptor rebuilt from the
 * printed interface fields (endpoints by bNumEndpoints: bulk-OUT, bulk-IN, interrupt-IN), the
 * binary CCID class descriptor from the printed fields, the answers to GET_CLOCK_FREQUENCIES
 * and GET_DATA_RATES the reader gave, and one firmware per CCID interface. Cards are placed
 * into and taken out of its slots.
 */
import type { VirtualMyNumberCard } from '../../card/virtual/virtual-card.ts';
import { encodeCcidClassDescriptor } from '../ccid/class-descriptor.ts';
import { quirkFor } from '../ccid/quirks.ts';
import type { ConfigurationDescriptor, EndpointDescriptor, InterfaceDescriptor } from '../usb/descriptors.ts';
import { VirtualChip, type VirtualChipOptions } from './card/virtual-chip.ts';
import type { DescriptorFile } from './descriptor-file.ts';
import { CcidFirmware } from './firmware/ccid-firmware.ts';
import { VirtualUsbDevice, type VirtualDeviceOptions, type VirtualFunction } from './virtual-usb-device.ts';

const BULK = 0x02;
const INTERRUPT = 0x03;
const FULL_SPEED_PACKET = 64;

export interface VirtualReaderOptions extends VirtualDeviceOptions {
  serialNumber?: string;
}

export interface SlotAddress {
  interfaceNumber?: number;
  slot?: number;
}

export class VirtualReader {
  readonly device: VirtualUsbDevice;
  readonly functions: readonly VirtualFunction[];

  constructor(
    readonly file: DescriptorFile,
    options: VirtualReaderOptions = {},
  ) {
    const quirk = quirkFor(file.vendorId, file.productId);
    const strings = new Map<number, string>();
    if (file.manufacturer) strings.set(1, file.manufacturer);
    if (file.product) strings.set(2, file.product);
    if (options.serialNumber) strings.set(3, options.serialNumber);
    const interfaces: InterfaceDescriptor[] = [];
    const functions: VirtualFunction[] = [];
    file.interfaces.forEach((spec, k) => {
      const base = 1 + 3 * k;
      const slots = spec.ccid.bMaxSlotIndex + 1;
      const endpoint = (address: number, type: number, size: number): EndpointDescriptor => ({ bEndpointAddress: address, bmAttributes: type, wMaxPacketSize: size, bInterval: type === INTERRUPT ? 16 : 0, extra: [] });
      const bulkOut = spec.bNumEndpoints >= 2 ? endpoint(base, BULK, FULL_SPEED_PACKET) : undefined;
      const bulkIn = spec.bNumEndpoints >= 2 ? endpoint(0x80 | (base + 1), BULK, FULL_SPEED_PACKET) : undefined;
      const interrupt = spec.bNumEndpoints === 1 || spec.bNumEndpoints >= 3 ? endpoint(0x80 | (base + 2), INTERRUPT, Math.max(8, 1 + Math.ceil(slots / 4))) : undefined;
      const endpoints = [bulkOut, bulkIn, interrupt].filter((e): e is EndpointDescriptor => e !== undefined);
      const ccid = encodeCcidClassDescriptor(spec.ccid);
      const nameIndex = spec.interfaceName ? 4 + k : 0;
      if (spec.interfaceName) strings.set(nameIndex, spec.interfaceName);
      const afterEndpoints = quirk?.effects.descriptorAfterEndpoints === true && endpoints.length > 0;
      if (afterEndpoints) endpoints.at(-1)?.extra.push(ccid);
      interfaces.push({
        bInterfaceNumber: spec.bInterfaceNumber,
        bAlternateSetting: spec.bAlternateSetting,
        bInterfaceClass: spec.bInterfaceClass,
        bInterfaceSubClass: spec.bInterfaceSubClass,
        bInterfaceProtocol: spec.bInterfaceProtocol,
        iInterface: nameIndex,
        extra: afterEndpoints ? [] : [ccid],
        endpoints,
      });
      functions.push({
        interfaceNumber: spec.bInterfaceNumber,
        interfaceClass: spec.bInterfaceClass,
        firmware: new CcidFirmware(spec.ccid, quirk?.effects.maxMessageLength ?? spec.ccid.dwMaxCCIDMessageLength),
        bulkOut: bulkOut && bulkOut.bEndpointAddress & 0x0f,
        bulkIn: bulkIn && bulkIn.bEndpointAddress & 0x0f,
        interruptIn: interrupt && interrupt.bEndpointAddress & 0x0f,
        clockFrequenciesKHz: spec.clockFrequenciesKHz,
        dataRatesBps: spec.dataRatesBps,
      });
    });
    const configuration: ConfigurationDescriptor = { bConfigurationValue: 1, bmAttributes: 0x80, bMaxPower: 50, interfaces };
    this.functions = functions;
    this.device = new VirtualUsbDevice(
      {
        vendorId: file.vendorId,
        productId: file.productId,
        manufacturerName: file.manufacturer,
        productName: file.product,
        serialNumber: options.serialNumber,
        bcdDevice: file.bcdDevice,
        configuration,
        strings,
        functions,
      },
      options,
    );
  }

  /** Places a card in a slot (default: the first interface's slot 0); returns the chip for inspection. */
  insert(card: VirtualMyNumberCard, where: SlotAddress = {}, chip: VirtualChipOptions = {}): VirtualChip {
    const placed = new VirtualChip(card, chip);
    this.firmware(where).insert(where.slot ?? 0, placed);
    return placed;
  }

  remove(where: SlotAddress = {}): void {
    this.firmware(where).remove(where.slot ?? 0);
  }

  firmware(where: SlotAddress = {}): CcidFirmware {
    const fn = where.interfaceNumber === undefined ? this.functions[0] : this.functions.find((f) => f.interfaceNumber === where.interfaceNumber);
    if (!fn) throw new RangeError(`no interface ${where.interfaceNumber ?? 0}`);
    return fn.firmware;
  }
}
