/**
 * `shelterkey card demo [--trace] [--resident ID]`: reads a training resident's virtual My Number
 * Card end to end through the real card layer (user-authentication certificate, a signature
 * after the training PIN, the 4 attributes opened with 照合番号B) and prints one JSON object.
 * With --trace every command APDU goes to stderr as `> hex` and every response as `< hex`
 * (PINs and personal data redacted as `**`).
 */
import { parseArgs } from 'node:util';
import {
  formatTraceLine,
  openCardSession,
  readTrainingCardEndToEnd,
  trainingAuthority,
  trainingCardTransport,
  trainingResident,
} from '../../../src/card/index.ts';
import { bytesToBase64 } from '../../../src/protocol/encoding.ts';
import { UsageError, type CliIo, type Command } from '../command.ts';

export interface CardDemoResult {
  mykeyId: { randomString: string; terminalCode: string };
  userAuthCertificate: string;
  signature: { verified: boolean };
  attributes: { name: string; address: string; birthDate: string; sex: string; integrityVerified: boolean };
}

export async function runCardDemo(options: { residentId: string; trace?: (line: string) => void }): Promise<CardDemoResult> {
  const resident = trainingResident(options.residentId);
  const authority = await trainingAuthority();
  const transport = await trainingCardTransport(resident);
  const trace = options.trace;
  const session = openCardSession(transport, trace ? { trace: (entry) => trace(formatTraceLine(entry)) } : {});
  const reading = await readTrainingCardEndToEnd(session, resident, authority);
  return { ...reading, userAuthCertificate: bytesToBase64(reading.userAuthCertificate) };
}

async function demo(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { trace: { type: 'boolean', default: false }, resident: { type: 'string', default: 'R01' } } });
  const result = await runCardDemo({ residentId: values.resident, ...(values.trace ? { trace: (line: string) => io.stderr(`${line}\n`) } : {}) });
  io.stdout(`${JSON.stringify(result)}\n`);
  return 0;
}

export const cardCommand: Command = {
  name: 'card',
  summary: 'My Number Card tools: `card demo [--trace]` reads a training virtual card end to end',
  usage: 'shelterkey card demo [--trace] [--resident R01..R16]',
  async run(args, io) {
    const [what, ...rest] = args;
    if (what !== 'demo') throw new UsageError('Say what to do: "demo".');
    return demo(rest, io);
  },
};
