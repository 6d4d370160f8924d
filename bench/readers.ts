/**
 * Reader transports on this machine: USB transfers, CCID messages and APDUs per check-in (the
 * certificate read, from power-on) and per full JPKI read (certificate, PIN, signature, 4
 * attributes), at each exchange level, through the real WebUSB CCID driver and virtual readers
 * built from the corpus; the same reads through the Web Smart Card API (a fake PC/SC service,
 * so APDUs only); then the whole corpus through `readers simulate`. Fewer round trips is
 * faster at a shelter: on a real reader each USB transfer costs at least one 1 ms frame.
 *
 *   npm run bench:readers
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { openCardSession } from '../src/card/session/card-session.ts';
import { readUserAuthCertificate } from '../src/card/jpki/user-auth.ts';
import { createVirtualCard } from '../src/card/training/card-image-builder.ts';
import { trainingAuthority, trainingResident } from '../src/card/training/committed-data.ts';
import { readTrainingCardEndToEnd } from '../src/card/training/end-to-end-read.ts';
import type { VirtualChipOptions } from '../src/reader/virtual/card/virtual-chip.ts';
import { parseDescriptorFile } from '../src/reader/virtual/descriptor-file.ts';
import { simulateReader, simulationContext } from '../src/reader/virtual/simulate.ts';
import { VirtualReader } from '../src/reader/virtual/virtual-reader.ts';
import { WebSmartCardReaderSource } from '../src/reader/smart-card/smart-card-reader-source.ts';
import { CcidDevice } from '../src/reader/webusb/ccid-device.ts';
import { FakeSmartCard } from '../tests/support/fake-smart-card.ts';

const RUNS = 20;
const CORPUS = new URL('../corpus/ccid-readers/', import.meta.url);

const authority = await trainingAuthority();
const resident = trainingResident('R01');
const card = await createVirtualCard(resident, authority);

interface Figures {
  apdus: number;
  transfers: number;
  messages: number;
  blocks: number;
  ms: number;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function viaUsb(file: string, full: boolean, chip: VirtualChipOptions = {}): Promise<Figures> {
  const descriptor = parseDescriptorFile(file, readFileSync(new URL(file, CORPUS), 'utf8'));
  const times: number[] = [];
  let last: Omit<Figures, 'ms'> = { apdus: 0, transfers: 0, messages: 0, blocks: 0 };
  for (let run = 0; run < RUNS; run++) {
    const virtual = new VirtualReader(descriptor);
    virtual.insert(card, {}, chip);
    const device = await CcidDevice.open(virtual.device);
    const [reader] = device.readers;
    if (!reader) throw new Error(`${file}: no reader`);
    const transfers = virtual.device.totalTransfers;
    const messages = reader.ccidMessages;
    const started = performance.now();
    const connection = await reader.connect();
    if (full) await readTrainingCardEndToEnd(openCardSession(connection), resident, authority);
    else await readUserAuthCertificate(openCardSession(connection));
    times.push(performance.now() - started);
    last = { apdus: connection.apdus, transfers: virtual.device.totalTransfers - transfers, messages: reader.ccidMessages - messages, blocks: connection.t1Blocks };
    await device.close();
  }
  return { ...last, ms: median(times) };
}

async function viaSmartCard(full: boolean): Promise<Figures> {
  const times: number[] = [];
  let apdus = 0;
  for (let run = 0; run < RUNS; run++) {
    const system = new FakeSmartCard();
    system.addReader('PC/SC reader 00 00');
    system.insert('PC/SC reader 00 00', card);
    const [reader] = await new WebSmartCardReaderSource({ smartCard: system }).list();
    if (!reader) throw new Error('no reader');
    const started = performance.now();
    const connection = await reader.connect();
    if (full) await readTrainingCardEndToEnd(openCardSession(connection), resident, authority);
    else await readUserAuthCertificate(openCardSession(connection));
    times.push(performance.now() - started);
    apdus = system.transmits;
    await reader.close();
  }
  return { apdus, transfers: NaN, messages: NaN, blocks: 0, ms: median(times) };
}

const scenarios: [string, (full: boolean) => Promise<Figures>][] = [
  ['extended APDU, 522-byte messages (Sony RC-S300/S)', (full) => viaUsb('SONY_FeliCa_RC-S300_S.txt', full)],
  ['extended APDU, 1034-byte messages (Identiv uTrust 3700 F)', (full) => viaUsb('Identiv_uTrust_3700_F_CL_Reader.txt', full)],
  ['extended APDU, 64-byte messages (FSIJ Gnuk, chaining)', (full) => viaUsb('Fsij_gnuk.txt', full)],
  ['short APDU (ACS ACR3901U)', (full) => viaUsb('ACS_ACR3901U_ICC_Reader.txt', full)],
  ['TPDU, T=1 (NTT Communications SCR3310)', (full) => viaUsb('SCR3310-NTTCom.txt', full)],
  ['TPDU, T=1, no automatic voltage (ACS ACR39U)', (full) => viaUsb('ACS_ACR39U_ICC_Reader.txt', full)],
  ['TPDU, T=0 card (NTT Communications SCR3310)', (full) => viaUsb('SCR3310-NTTCom.txt', full, { atr: Uint8Array.of(0x3b, 0x00) })],
  ['Web Smart Card API (PC/SC, fake service)', (full) => viaSmartCard(full)],
];

const cell = (n: number): string => (Number.isNaN(n) ? '—' : String(n));
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; median of ${RUNS} runs\n`);
console.log('| reader (level) | read | APDUs | USB transfers | CCID messages | T=1 blocks | in-process time |');
console.log('|---|---|---|---|---|---|---|');
for (const [label, run] of scenarios) {
  for (const full of [false, true]) {
    const f = await run(full);
    console.log(`| ${label} | ${full ? 'full JPKI read' : 'check-in (certificate)'} | ${f.apdus} | ${cell(f.transfers)} | ${cell(f.messages)} | ${f.blocks || '—'} | ${f.ms.toFixed(1)} ms |`);
  }
}

const names = readdirSync(CORPUS)
  .filter((n) => n.endsWith('.txt') && n !== 'supported_readers.txt')
  .sort();
const context = await simulationContext();
const started = performance.now();
let ok = 0;
for (const name of names) if ((await simulateReader(name, readFileSync(new URL(name, CORPUS), 'utf8'), context)).ok) ok++;
const seconds = (performance.now() - started) / 1000;
console.log(`\nwhole corpus through readers simulate: ${names.length} readers (${ok} complete the read) in ${seconds.toFixed(1)} s, ${((seconds * 1000) / names.length).toFixed(1)} ms per reader`);
