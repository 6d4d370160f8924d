/** Virtual USB readers from the committed corpus, with training cards, for the reader tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createVirtualCard } from '../../src/card/training/card-image-builder.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import type { VirtualMyNumberCard } from '../../src/card/virtual/virtual-card.ts';
import { bytesToHex } from '../../src/protocol/encoding.ts';
import type { VirtualChipOptions } from '../../src/reader/virtual/card/virtual-chip.ts';
import { parseDescriptorFile, type DescriptorFile } from '../../src/reader/virtual/descriptor-file.ts';
import { VirtualReader, type VirtualReaderOptions } from '../../src/reader/virtual/virtual-reader.ts';
import { CcidDevice, type CcidDeviceOptions } from '../../src/reader/webusb/ccid-device.ts';
import type { CcidReader } from '../../src/reader/webusb/ccid-reader.ts';

export const CORPUS_DIR = fileURLToPath(new URL('../../corpus/ccid-readers', import.meta.url));

export function corpusFileNames(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.txt') && f !== 'supported_readers.txt')
    .sort();
}

export function corpusText(name: string): string {
  return readFileSync(`${CORPUS_DIR}/${name}`, 'utf8');
}

export function corpusFile(name: string): DescriptorFile {
  return parseDescriptorFile(name, corpusText(name));
}

export async function trainingCard(id = 'R01'): Promise<VirtualMyNumberCard> {
  return createVirtualCard(trainingResident(id), await trainingAuthority());
}

/** Short waits: virtual readers answer at once, so only the fault tests ever wait. */
export const FAST_TIMING: CcidDeviceOptions['timing'] = { commandTimeoutMs: 300, replyTimeoutMs: 300, abortTimeoutMs: 200, pollIntervalMs: 5, connectTimeoutMs: 2_000 };

export interface OpenedVirtualReader {
  virtual: VirtualReader;
  device: CcidDevice;
  reader: CcidReader;
  /** Every bulk-OUT frame the driver wrote, as hex. */
  frames: string[];
}

export async function openVirtualReader(
  name: string,
  options: { reader?: VirtualReaderOptions; card?: VirtualMyNumberCard | null; chip?: VirtualChipOptions; driver?: CcidDeviceOptions } = {},
): Promise<OpenedVirtualReader> {
  const virtual = new VirtualReader(corpusFile(name), options.reader);
  if (options.card !== null) virtual.insert(options.card ?? (await trainingCard()), {}, options.chip);
  const frames: string[] = [];
  const write = virtual.device.transferOut.bind(virtual.device);
  virtual.device.transferOut = (endpoint, data) => {
    frames.push(bytesToHex(data instanceof Uint8Array ? data : new Uint8Array(data as ArrayBuffer)));
    return write(endpoint, data);
  };
  const device = await CcidDevice.open(virtual.device, { timing: FAST_TIMING, ...options.driver });
  const [reader] = device.readers;
  if (!reader) throw new Error(`${name}: no reader`);
  return { virtual, device, reader, frames };
}
