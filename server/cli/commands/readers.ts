/**
 * `shelterkey readers simulate FILE... [--json]`: each reader descriptor file (the format of
 * libccid's `parse`, as in the reader corpus) becomes a virtual USB reader holding a training
 * card, and the product's whole read runs through the real WebUSB CCID driver. With --json, one
 * JSON object per file and line: { file, ok: true, exchangeLevel, protocol, apdus, usbTransfers,
 * ms } or { file, ok: false, reason }. Exit code 1 when any file was refused or failed.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { UsageError, type CliIo, type Command } from '../command.ts';

const USAGE = 'shelterkey readers simulate FILE... [--json] [--resident R01]';

async function simulate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false }, resident: { type: 'string', default: 'R01' } } });
  if (positionals.length === 0) throw new UsageError('give at least one reader descriptor file');
  const { simulateReader, simulationContext } = await import('../../../src/reader/virtual/simulate.ts');
  const context = await simulationContext(values.resident);
  let failures = 0;
  for (const file of positionals) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      failures++;
      const reason = `cannot read the file: ${error instanceof Error ? error.message : String(error)}`;
      io.stdout(values.json ? `${JSON.stringify({ file, ok: false, reason })}\n` : `FAIL ${file}: ${reason}\n`);
      continue;
    }
    const result = await simulateReader(file, text, context);
    if (!result.ok) failures++;
    if (values.json) io.stdout(`${JSON.stringify(result)}\n`);
    else if (result.ok) io.stdout(`ok   ${file}: ${result.exchangeLevel} ${result.protocol}, ${result.apdus} APDUs, ${result.usbTransfers} USB transfers, ${result.ms} ms\n`);
    else io.stdout(`FAIL ${file}: ${result.reason}\n`);
  }
  return failures === 0 ? 0 : 1;
}

export const readersCommand: Command = {
  name: 'readers',
  summary: 'Card readers: `readers simulate FILE...` reads a training card through virtual USB readers built from descriptor files',
  usage: USAGE,
  async run(args, io) {
    const [action, ...rest] = args;
    if (action !== 'simulate') throw new UsageError('Say what to do: "simulate".');
    return simulate(rest, io);
  },
};
