import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandApdu } from '../../src/card/apdu/command.ts';
import { readBinaryBySfiCommand, readBinaryCommand, selectApplicationCommand, selectFileCommand, verifyCommand } from '../../src/card/apdu/instructions.ts';
import { application, TEXT_EF } from '../../src/card/card-layout.ts';
import { PrivacyGuardRefusalError } from '../../src/card/guard/errors.ts';
import { FORBIDDEN_COMMANDS } from '../../src/card/guard/forbidden-commands.ts';
import { openCardSession } from '../../src/card/session/card-session.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { createVirtualCard } from '../../src/card/training/card-image-builder.ts';
import type { VirtualMyNumberCard } from '../../src/card/virtual/virtual-card.ts';
import { VirtualCardTransport } from '../../src/card/virtual/virtual-transport.ts';
import { bytesToHex, hexToBytes } from '../../src/protocol/encoding.ts';
import { ScriptedTransport, step, type ScriptStep } from '../support/apdu-script.ts';

const SELECT_TEXT = step('00a4040c0a d3921000310001010408', '9000', 'SELECT text AP');
const SELECT_JPKI = step('00a4040c0a d392f000260100000001', '9000', 'SELECT JPKI-AP');
const textAp = (): CommandApdu => selectApplicationCommand(application('text').aid);
const jpkiAp = (): CommandApdu => selectApplicationCommand(application('jpki').aid);

/** Plays `setup` (allowed commands), then expects `forbidden` to be refused with `rule` and nothing more sent. */
async function expectRefused(setup: { script: ScriptStep[]; commands: CommandApdu[] }, forbidden: CommandApdu, rule: string): Promise<void> {
  const transport = new ScriptedTransport(setup.script);
  const session = openCardSession(transport);
  for (const command of setup.commands) await session.transmit(command);
  const error = await session.transmit(forbidden).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PrivacyGuardRefusalError);
  expect((error as PrivacyGuardRefusalError).rule).toBe(rule);
  expect((error as PrivacyGuardRefusalError).code).toBe('privacy_guard_refused');
  expect(transport.received).toHaveLength(setup.script.length);
  transport.assertDone();
}

const inTextAp = { script: [SELECT_TEXT], commands: [textAp()] };
const inJpkiAp = { script: [SELECT_JPKI], commands: [jpkiAp()] };
const nothing = { script: [], commands: [] };

describe('privacy guard: the commands that would read the individual number', () => {
  it('has a rule for each case the law forbids', () => {
    expect(FORBIDDEN_COMMANDS.map((r) => r.id).sort()).toEqual(
      [
        'read-text-ef-0001-by-sfi',
        'read-text-ef-0014-by-sfi',
        'select-juki-ap',
        'select-text-ef-0001',
        'select-text-ef-0014',
        'select-visual-ap',
        'verify-text-ef-0014-by-reference',
      ].sort(),
    );
  });

  it('refuses SELECT of EF 0001 (the individual number) in the text AP', async () => {
    await expectRefused(inTextAp, selectFileCommand(TEXT_EF.myNumber), 'select-text-ef-0001');
  });

  it('refuses SELECT of EF 0014 (照合番号A) in the text AP', async () => {
    await expectRefused(inTextAp, selectFileCommand(TEXT_EF.collationNumberA), 'select-text-ef-0014');
  });

  it('refuses READ BINARY by SFI 1 in the text AP, whatever the offset or Le', async () => {
    await expectRefused(inTextAp, readBinaryBySfiCommand(1, 0, 17), 'read-text-ef-0001-by-sfi');
    await expectRefused(inTextAp, readBinaryBySfiCommand(1, 3, 256), 'read-text-ef-0001-by-sfi');
    await expectRefused(inTextAp, readBinaryBySfiCommand(0x14, 0, 0), 'read-text-ef-0014-by-sfi');
  });

  it('refuses VERIFY with P2 94 (照合番号A by reference) in any application', async () => {
    const verify94 = { ...verifyCommand(hexToBytes('313233343536373839303132')), p2: 0x94 };
    await expectRefused(inTextAp, verify94, 'verify-text-ef-0014-by-reference');
    await expectRefused(inJpkiAp, verify94, 'verify-text-ef-0014-by-reference');
    await expectRefused(nothing, { ...verifyCommand(), p2: 0x94 }, 'verify-text-ef-0014-by-reference');
  });

  it('refuses the 住基AP and the 券面AP', async () => {
    await expectRefused(nothing, selectApplicationCommand(application('juki').aid), 'select-juki-ap');
    await expectRefused(nothing, selectApplicationCommand(application('visual').aid), 'select-visual-ap');
    await expectRefused(inTextAp, selectApplicationCommand(application('juki').aid), 'select-juki-ap');
  });
});

describe('privacy guard: what it cannot place, it refuses', () => {
  it('refuses an AID it does not know, including a partial one that could match the 住基AP', async () => {
    await expectRefused(nothing, { cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: hexToBytes('d392100031000101') }, 'unknown-application');
    await expectRefused(nothing, { cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: hexToBytes('a000000003000000') }, 'unknown-application');
  });

  it('refuses SELECT forms other than by AID and by EF identifier', async () => {
    await expectRefused(inTextAp, { cla: 0, ins: 0xa4, p1: 0x08, p2: 0x0c, data: hexToBytes('0001') }, 'unsupported-select');
    await expectRefused(inTextAp, { cla: 0, ins: 0xa4, p1: 0x00, p2: 0x0c, data: hexToBytes('3f00') }, 'unsupported-select');
    await expectRefused(inTextAp, { cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: hexToBytes('000100') }, 'unsupported-select');
  });

  it('refuses file commands while no known application is current', async () => {
    await expectRefused(nothing, selectFileCommand(TEXT_EF.attributes), 'no-current-application');
    await expectRefused(nothing, readBinaryCommand(0, 8), 'no-current-application');
    const failedSelect = { script: [step('00a4040c0a d3921000310001010408', '6a82', 'SELECT text AP fails')], commands: [textAp()] };
    await expectRefused(failedSelect, selectFileCommand(TEXT_EF.attributes), 'no-current-application');
  });

  it('refuses EFs that are not in the layout and reads with no known current EF', async () => {
    await expectRefused(inTextAp, selectFileCommand(0x0005), 'unknown-file');
    await expectRefused(inTextAp, readBinaryBySfiCommand(5, 0, 8), 'unknown-file');
    await expectRefused(inTextAp, readBinaryCommand(0, 8), 'no-current-file');
  });

  it('refuses VERIFY other than on the current PIN EF', async () => {
    await expectRefused(inTextAp, { ...verifyCommand(), p2: 0x00 }, 'unsupported-verify');
    await expectRefused(inTextAp, { ...verifyCommand(), p2: 0x91 }, 'unsupported-verify');
    const onAttributes = { script: [SELECT_TEXT, step('00a4020c02 0002', '9000', 'SELECT EF 0002')], commands: [textAp(), selectFileCommand(TEXT_EF.attributes)] };
    await expectRefused(onAttributes, verifyCommand(), 'no-current-pin');
  });

  it('refuses instructions the product never sends', async () => {
    const cases: CommandApdu[] = [
      { cla: 0x00, ins: 0xd6, p1: 0, p2: 0, data: new Uint8Array([1]) }, // UPDATE BINARY
      { cla: 0x00, ins: 0x24, p1: 0, p2: 0x80, data: new Uint8Array(8) }, // CHANGE REFERENCE DATA
      { cla: 0x00, ins: 0x2c, p1: 0, p2: 0x80 }, // RESET RETRY COUNTER
      { cla: 0x00, ins: 0xca, p1: 0, p2: 0, ne: 256 }, // GET DATA
      { cla: 0x00, ins: 0xb2, p1: 1, p2: 0x0c, ne: 256 }, // READ RECORD
      { cla: 0x10, ins: 0xb0, p1: 0, p2: 0, ne: 8 }, // command chaining
      { cla: 0x0c, ins: 0xa4, p1: 4, p2: 0x0c, data: application('text').aid }, // secure messaging
    ];
    for (const command of cases) await expectRefused(inTextAp, command, 'instruction-not-allowed');
  });

  it('refuses COMPUTE DIGITAL SIGNATURE unless a key EF is current', async () => {
    await expectRefused(inTextAp, { cla: 0x80, ins: 0x2a, p1: 0, p2: 0x80, data: new Uint8Array(51), ne: 256 }, 'no-current-key');
  });
});

describe('privacy guard in front of a card that would answer', () => {
  let card: VirtualMyNumberCard;
  beforeAll(async () => {
    card = await createVirtualCard(trainingResident('R01'), await trainingAuthority());
  });

  it('the virtual card itself holds a number in EF 0001 and hands it out after the PIN', async () => {
    const run = async (hex: string): Promise<string> => bytesToHex(await card.process(hexToBytes(hex)));
    card.reset();
    expect(await run('00a4040c0ad3921000310001010408')).toBe('9000');
    expect(await run('00a4020c020011')).toBe('9000');
    expect(await run('002000800431323334')).toBe('9000');
    const number = await run('00b0810011');
    expect(number.endsWith('9000')).toBe(true);
    expect(number.startsWith('ff100c')).toBe(true);
    card.reset();
  });

  it('but through a session nothing of it is ever sent', async () => {
    card.reset();
    const transport = new VirtualCardTransport(card);
    const session = openCardSession(transport);
    await session.transmit(textAp());
    await session.transmit(selectFileCommand(TEXT_EF.pin));
    await session.transmit(verifyCommand(new Uint8Array([0x31, 0x32, 0x33, 0x34])));
    const before = transport.exchanges;
    for (const forbidden of [selectFileCommand(TEXT_EF.myNumber), readBinaryBySfiCommand(1, 0, 17), selectFileCommand(TEXT_EF.collationNumberA), { ...verifyCommand(), p2: 0x94 }]) {
      await expect(session.transmit(forbidden)).rejects.toBeInstanceOf(PrivacyGuardRefusalError);
    }
    expect(transport.exchanges).toBe(before);
  });
});
