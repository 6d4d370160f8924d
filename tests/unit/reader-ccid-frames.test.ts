/**
 * Recorded CCID frame scripts, one per exchange level, replayed at the lowest boundary (the bulk
 * pipes): the driver must write exactly the recorded commands and make the recorded APDU
 * answers out of the recorded replies. A mismatch fails with "step N (what the step is):
 * expected X, got Y".
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createVirtualCard } from '../../src/card/training/card-image-builder.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { bytesToHex, hexToBytes } from '../../src/protocol/encoding.ts';
import { parseDescriptorFile } from '../../src/reader/virtual/descriptor-file.ts';
import { VirtualReader } from '../../src/reader/virtual/virtual-reader.ts';
import { CcidDevice } from '../../src/reader/webusb/ccid-device.ts';
import { ScriptedCcidDevice, type CcidScript } from '../support/ccid-script-device.ts';
import { extendedApdu } from './ccid-scripts/extended-apdu.ts';
import { shortApdu } from './ccid-scripts/short-apdu.ts';
import { tpduT0 } from './ccid-scripts/tpdu-t0.ts';
import { tpduT1 } from './ccid-scripts/tpdu-t1.ts';

const CORPUS = new URL('../../corpus/ccid-readers', import.meta.url).pathname;

async function replay(script: CcidScript): Promise<{ device: ScriptedCcidDevice; answers: string[] }> {
  const file = parseDescriptorFile(script.reader, readFileSync(`${CORPUS}/${script.reader}`, 'utf8'));
  const virtual = new VirtualReader(file);
  virtual.insert(await createVirtualCard(trainingResident('R01'), await trainingAuthority()));
  const device = new ScriptedCcidDevice(virtual.device, script.steps);
  const ccid = await CcidDevice.open(device, { timing: { commandTimeoutMs: 500, replyTimeoutMs: 500 } });
  device.startScript();
  const answers: string[] = [];
  try {
    const [reader] = ccid.readers;
    if (!reader) throw new Error('no reader');
    const connection = await reader.connect();
    for (const [apdu] of script.apdus) answers.push(bytesToHex(await connection.transmit(hexToBytes(apdu))));
  } catch (error) {
    if (!device.failure) throw error;
  }
  await ccid.close();
  return { device, answers };
}

describe.each([
  ['extended APDU', extendedApdu],
  ['short APDU', shortApdu],
  ['TPDU, T=1', tpduT1],
  ['TPDU, T=0', tpduT0],
])('recorded CCID frames: %s', (_, script) => {
  it(`${script.reader}: every frame as recorded, every APDU answered as recorded`, async () => {
    const { device, answers } = await replay(script);
    expect(device.failure).toBeUndefined();
    expect(device.remaining, 'steps left unplayed').toBe(0);
    expect(answers).toEqual(script.apdus.map(([, response]) => response));
  });
});

describe('a script that does not match', () => {
  it('fails with the step number, what the step is, and both frames', async () => {
    const steps = tpduT1.steps.map((step, i) => (i === 4 ? (['>', '6f 05000000 00 02 00 0000 00 c1 01 fe 3e', step[2]] as const) : step));
    const { device } = await replay({ ...tpduT1, steps });
    expect(device.failure).toBe('step 5 (XfrBlock S(IFS request, IFSD 252): dwMaxIFSD, the reader does not negotiate it (no 0x400)): expected 6f050000000002000000' + '00c101fe3e' + ', got 6f05000000000200000000c101fc3c');
  });
});
