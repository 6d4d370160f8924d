/**
 * Reading one file of the reader corpus: the CCID class descriptor and interface data of a real
 * USB reader as libccid's `parse` tool prints them (one block per CCID interface). Only printed
 * fields are taken; the binary class descriptor is rebuilt from them exactly (every one of its
 * 21 fields is printed). Bounded: files over 256 KiB or with more than 16 blocks are refused.
 */
import { CCID_DESCRIPTOR_TYPE, type CcidClassDescriptor } from '../ccid/class-descriptor.ts';

export interface DescriptorFileInterface {
  bInterfaceNumber: number;
  bAlternateSetting: number;
  bNumEndpoints: number;
  bInterfaceClass: number;
  bInterfaceSubClass: number;
  bInterfaceProtocol: number;
  interfaceName: string | undefined;
  ccid: CcidClassDescriptor;
  /** Answers the reader gave to GET_CLOCK_FREQUENCIES / GET_DATA_RATES, when it gave any. */
  clockFrequenciesKHz: number[];
  dataRatesBps: number[];
}

export interface DescriptorFile {
  fileName: string;
  vendorId: number;
  productId: number;
  manufacturer: string | undefined;
  product: string | undefined;
  bcdDevice: number;
  interfaces: DescriptorFileInterface[];
}

export class DescriptorFileError extends Error {
  override name = 'DescriptorFileError';
}

const MAX_FILE_LENGTH = 256 * 1024;
const MAX_BLOCKS = 16;

type Fields = Map<string, string>;

interface Block {
  device: Fields;
  iface: Fields;
  ccid: Fields;
  clocks: number[];
  rates: number[];
}

function newBlock(): Block {
  return { device: new Map(), iface: new Map(), ccid: new Map(), clocks: [], rates: [] };
}

function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let block: Block | undefined;
  let inCcid = false;
  for (const raw of text.split(/\r?\n/)) {
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    if (line === '') continue;
    if (indent === 1 && line.startsWith('idVendor:')) {
      block = newBlock();
      blocks.push(block);
      if (blocks.length > MAX_BLOCKS) throw new DescriptorFileError(`more than ${MAX_BLOCKS} interface blocks`);
      inCcid = false;
    }
    if (!block) continue;
    if (indent === 1 && line.startsWith('CCID Class Descriptor')) {
      inCcid = true;
      continue;
    }
    const support = /^Support (\d+) (kHz|bps)$/.exec(line);
    if (support && indent === 3) {
      (support[2] === 'kHz' ? block.clocks : block.rates).push(Number(support[1]));
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || indent > 2) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (inCcid && indent === 2) block.ccid.set(key, value);
    else if (indent === 1) (key.startsWith('id') || key === 'bcdDevice' ? block.device : block.iface).set(key, value);
    else if (indent === 2 && (key === 'iManufacturer' || key === 'iProduct')) block.device.set(key, value);
  }
  return blocks;
}

function field(fields: Fields, key: string, what: string): string {
  const value = fields.get(key);
  if (value === undefined) throw new DescriptorFileError(`${what}: "${key}" is missing`);
  return value;
}

/** "0x0B [Chip Card …]", "9", "0x36" → number. */
function integer(fields: Fields, key: string, what: string): number {
  const token = field(fields, key, what).split(/\s+/)[0] ?? '';
  const value = token.startsWith('0x') ? parseInt(token.slice(2), 16) : Number(token);
  if (!Number.isInteger(value) || value < 0) throw new DescriptorFileError(`${what}: "${key}" is not a number`);
  return value;
}

/** "1.10" printed as %X.%02X → 0x0110 (older files print "1.0"). */
function bcd(fields: Fields, key: string, what: string): number {
  const match = /^([0-9A-F]+)\.([0-9A-F]{1,2})\b/i.exec(field(fields, key, what));
  if (!match) throw new DescriptorFileError(`${what}: "${key}" is not a BCD version`);
  return (parseInt(match[1] ?? '0', 16) << 8) | parseInt(match[2] ?? '0', 16);
}

/** "4.000 MHz" printed from kHz / 1000.0 → 4000. */
function kiloHertz(fields: Fields, key: string, what: string): number {
  const match = /^(\d+)\.(\d{3}) MHz$/.exec(field(fields, key, what));
  if (!match) throw new DescriptorFileError(`${what}: "${key}" is not in MHz`);
  return Number(match[1]) * 1000 + Number(match[2]);
}

/** "0x0000 0x0003": the high then the low 16 bits. */
function protocols(fields: Fields, what: string): number {
  const match = /^0x([0-9A-F]{4}) 0x([0-9A-F]{4})$/i.exec(field(fields, 'dwProtocols', what));
  if (!match) throw new DescriptorFileError(`${what}: "dwProtocols" is malformed`);
  return ((parseInt(match[1] ?? '0', 16) << 16) | parseInt(match[2] ?? '0', 16)) >>> 0;
}

function ccidDescriptor(ccid: Fields, what: string): CcidClassDescriptor {
  if (integer(ccid, 'bLength', what) !== 0x36) throw new DescriptorFileError(`${what}: CCID bLength is not 0x36`);
  const int = (key: string): number => integer(ccid, key, what);
  return {
    bDescriptorType: ccid.has('bDescriptorType') ? int('bDescriptorType') : CCID_DESCRIPTOR_TYPE,
    bcdCCID: bcd(ccid, 'bcdCCID', what),
    bMaxSlotIndex: int('bMaxSlotIndex'),
    bVoltageSupport: int('bVoltageSupport'),
    dwProtocols: protocols(ccid, what),
    dwDefaultClock: kiloHertz(ccid, 'dwDefaultClock', what),
    dwMaximumClock: kiloHertz(ccid, 'dwMaximumClock', what),
    bNumClockSupported: int('bNumClockSupported'),
    dwDataRate: int('dwDataRate'),
    dwMaxDataRate: int('dwMaxDataRate'),
    bNumDataRatesSupported: int('bNumDataRatesSupported'),
    dwMaxIFSD: int('dwMaxIFSD'),
    dwSynchProtocols: int('dwSynchProtocols'),
    dwMechanical: int('dwMechanical'),
    dwFeatures: int('dwFeatures'),
    dwMaxCCIDMessageLength: int('dwMaxCCIDMessageLength'),
    bClassGetResponse: int('bClassGetResponse'),
    bClassEnvelope: int('bClassEnvelope'),
    wLcdLayout: int('wLcdLayout'),
    bPINSupport: int('bPINSupport'),
    bMaxCCIDBusySlots: int('bMaxCCIDBusySlots'),
  };
}

export function parseDescriptorFile(fileName: string, text: string): DescriptorFile {
  if (text.length > MAX_FILE_LENGTH) throw new DescriptorFileError(`${fileName}: larger than ${MAX_FILE_LENGTH} characters`);
  const blocks = splitBlocks(text);
  const first = blocks[0];
  if (!first) throw new DescriptorFileError(`${fileName}: no "idVendor" line`);
  const interfaces = blocks.map((block, index): DescriptorFileInterface => {
    const what = `${fileName}, block ${index + 1}`;
    const name = block.iface.get('iInterface');
    return {
      bInterfaceNumber: integer(block.iface, 'bInterfaceNumber', what),
      bAlternateSetting: integer(block.iface, 'bAlternateSetting', what),
      bNumEndpoints: integer(block.iface, 'bNumEndpoints', what),
      bInterfaceClass: integer(block.iface, 'bInterfaceClass', what),
      bInterfaceSubClass: integer(block.iface, 'bInterfaceSubClass', what),
      bInterfaceProtocol: integer(block.iface, 'bInterfaceProtocol', what),
      interfaceName: name === undefined || name === '0' ? undefined : name,
      ccid: ccidDescriptor(block.ccid, what),
      clockFrequenciesKHz: block.clocks,
      dataRatesBps: block.rates,
    };
  });
  renumberDuplicates(interfaces);
  const text0 = (key: string): string | undefined => first.device.get(key);
  return {
    fileName,
    vendorId: integer(first.device, 'idVendor', fileName),
    productId: integer(first.device, 'idProduct', fileName),
    manufacturer: text0('iManufacturer'),
    product: text0('iProduct'),
    bcdDevice: bcd(first.device, 'bcdDevice', fileName),
    interfaces,
  };
}

/**
 * A few files print several interfaces with the same bInterfaceNumber (ELYCTIS CL, HID 5021 CL:
 * different descriptors, so different interfaces). One configuration cannot hold two interfaces
 * with one number, so later duplicates take the next free numbers, in file order.
 */
function renumberDuplicates(interfaces: DescriptorFileInterface[]): void {
  const used = new Set<number>();
  for (const iface of interfaces) {
    let number = iface.bInterfaceNumber;
    while (used.has(number)) number++;
    iface.bInterfaceNumber = number;
    used.add(number);
  }
}

/** "072F:90CC". */
export function vidPid(file: Pick<DescriptorFile, 'vendorId' | 'productId'>): string {
  const hex = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
  return `${hex(file.vendorId)}:${hex(file.productId)}`;
}
