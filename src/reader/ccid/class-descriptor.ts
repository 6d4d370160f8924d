/**
 * The CCID class descriptor (USB CCID Rev 1.1 §5.1, Table 5.1-1): 54 bytes, type 0x21, found
 * in the configuration descriptor after the interface descriptor. WebUSB does not expose class
 * descriptors, so the driver reads the configuration descriptor itself and parses this.
 * Field names are the specification's. Multi-byte fields are little-endian.
 */
import { CcidProtocolError } from '../errors.ts';

export const CCID_DESCRIPTOR_TYPE = 0x21;
/** Some vendor-class readers (Dell keyboards, Gemplus tokens) label the same 54 bytes 0xFF. */
export const CCID_DESCRIPTOR_TYPE_VENDOR = 0xff;
export const CCID_DESCRIPTOR_LENGTH = 54;

export interface CcidClassDescriptor {
  bcdCCID: number;
  bMaxSlotIndex: number;
  /** Bit 0 5.0 V, bit 1 3.0 V, bit 2 1.8 V. */
  bVoltageSupport: number;
  /** Bit 0 T=0, bit 1 T=1. */
  dwProtocols: number;
  /** kHz. */
  dwDefaultClock: number;
  dwMaximumClock: number;
  bNumClockSupported: number;
  /** bps. */
  dwDataRate: number;
  dwMaxDataRate: number;
  bNumDataRatesSupported: number;
  dwMaxIFSD: number;
  dwSynchProtocols: number;
  dwMechanical: number;
  dwFeatures: number;
  dwMaxCCIDMessageLength: number;
  bClassGetResponse: number;
  bClassEnvelope: number;
  wLcdLayout: number;
  bPINSupport: number;
  bMaxCCIDBusySlots: number;
  /** 0x21, or 0xFF on some vendor-class readers. */
  bDescriptorType: number;
}

/** dwFeatures bits (CCID §5.1, dwFeatures). */
export const CCID_FEATURE = {
  autoParameterConfigurationFromAtr: 0x0000_0002,
  autoActivationOnInsert: 0x0000_0004,
  autoVoltageSelection: 0x0000_0008,
  autoClockChange: 0x0000_0010,
  autoBaudRateChange: 0x0000_0020,
  /** The reader negotiates parameters itself: no PPS and no SetParameters from the host. */
  autoParameterNegotiation: 0x0000_0040,
  /** The reader makes the PPS according to the parameters the host sets. */
  autoPps: 0x0000_0080,
  clockStop: 0x0000_0100,
  nadOtherThanZero: 0x0000_0200,
  /** The reader sends S(IFS request) itself as the first T=1 exchange. */
  autoIfsd: 0x0000_0400,
  iccdToken: 0x0000_0800,
  exchangeLevelMask: 0x0007_0000,
  usbWakeUp: 0x0010_0000,
} as const;

export type ExchangeLevel = 'character' | 'tpdu' | 'short-apdu' | 'extended-apdu';

export function exchangeLevelOf(dwFeatures: number): ExchangeLevel | undefined {
  switch (dwFeatures & CCID_FEATURE.exchangeLevelMask) {
    case 0x0000_0000:
      return 'character';
    case 0x0001_0000:
      return 'tpdu';
    case 0x0002_0000:
      return 'short-apdu';
    case 0x0004_0000:
      return 'extended-apdu';
    default:
      return undefined;
  }
}

export const EXCHANGE_LEVEL_BITS: Readonly<Record<ExchangeLevel, number>> = {
  character: 0x0000_0000,
  tpdu: 0x0001_0000,
  'short-apdu': 0x0002_0000,
  'extended-apdu': 0x0004_0000,
};

export function supportsT0(descriptor: Pick<CcidClassDescriptor, 'dwProtocols'>): boolean {
  return (descriptor.dwProtocols & 0x1) !== 0;
}

export function supportsT1(descriptor: Pick<CcidClassDescriptor, 'dwProtocols'>): boolean {
  return (descriptor.dwProtocols & 0x2) !== 0;
}

export function hasFeature(descriptor: Pick<CcidClassDescriptor, 'dwFeatures'>, feature: number): boolean {
  return (descriptor.dwFeatures & feature) === feature;
}

const u16 = (b: Uint8Array, o: number): number => (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, o: number): number => (u16(b, o) | (u16(b, o + 2) << 16)) >>> 0;

export function parseCcidClassDescriptor(bytes: Uint8Array): CcidClassDescriptor {
  if (bytes.length < CCID_DESCRIPTOR_LENGTH || bytes[0] !== CCID_DESCRIPTOR_LENGTH) {
    throw new CcidProtocolError({ detail: `CCID class descriptor: bLength ${bytes[0]} over ${bytes.length} bytes, expected 54` });
  }
  const type = bytes[1] ?? 0;
  if (type !== CCID_DESCRIPTOR_TYPE && type !== CCID_DESCRIPTOR_TYPE_VENDOR) {
    throw new CcidProtocolError({ detail: `CCID class descriptor: bDescriptorType 0x${type.toString(16)}` });
  }
  return {
    bDescriptorType: type,
    bcdCCID: u16(bytes, 2),
    bMaxSlotIndex: bytes[4] ?? 0,
    bVoltageSupport: bytes[5] ?? 0,
    dwProtocols: u32(bytes, 6),
    dwDefaultClock: u32(bytes, 10),
    dwMaximumClock: u32(bytes, 14),
    bNumClockSupported: bytes[18] ?? 0,
    dwDataRate: u32(bytes, 19),
    dwMaxDataRate: u32(bytes, 23),
    bNumDataRatesSupported: bytes[27] ?? 0,
    dwMaxIFSD: u32(bytes, 28),
    dwSynchProtocols: u32(bytes, 32),
    dwMechanical: u32(bytes, 36),
    dwFeatures: u32(bytes, 40),
    dwMaxCCIDMessageLength: u32(bytes, 44),
    bClassGetResponse: bytes[48] ?? 0,
    bClassEnvelope: bytes[49] ?? 0,
    wLcdLayout: u16(bytes, 50),
    bPINSupport: bytes[52] ?? 0,
    bMaxCCIDBusySlots: bytes[53] ?? 0,
  };
}

export function encodeCcidClassDescriptor(d: CcidClassDescriptor): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(CCID_DESCRIPTOR_LENGTH);
  const view = new DataView(bytes.buffer);
  bytes[0] = CCID_DESCRIPTOR_LENGTH;
  bytes[1] = d.bDescriptorType;
  view.setUint16(2, d.bcdCCID, true);
  bytes[4] = d.bMaxSlotIndex;
  bytes[5] = d.bVoltageSupport;
  view.setUint32(6, d.dwProtocols, true);
  view.setUint32(10, d.dwDefaultClock, true);
  view.setUint32(14, d.dwMaximumClock, true);
  bytes[18] = d.bNumClockSupported;
  view.setUint32(19, d.dwDataRate, true);
  view.setUint32(23, d.dwMaxDataRate, true);
  bytes[27] = d.bNumDataRatesSupported;
  view.setUint32(28, d.dwMaxIFSD, true);
  view.setUint32(32, d.dwSynchProtocols, true);
  view.setUint32(36, d.dwMechanical, true);
  view.setUint32(40, d.dwFeatures, true);
  view.setUint32(44, d.dwMaxCCIDMessageLength, true);
  bytes[48] = d.bClassGetResponse;
  bytes[49] = d.bClassEnvelope;
  view.setUint16(50, d.wLcdLayout, true);
  bytes[52] = d.bPINSupport;
  bytes[53] = d.bMaxCCIDBusySlots;
  return bytes;
}
