/** The `shelterkey` command line: one sub-command per job, listed by `shelterkey help`. */
import { SERVER_VERSION } from '../version.ts';
import { processIo, UsageError, type CliIo, type Command } from './command.ts';
import { adminCommand } from './commands/admin.ts';
import { cardCommand } from './commands/card.ts';
import { migrateCommand } from './commands/migrate.ts';
import { serveCommand } from './commands/serve.ts';
import { simCommand } from './commands/sim.ts';

export const commands: readonly Command[] = [serveCommand, migrateCommand, adminCommand, simCommand, cardCommand];

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `shelterkey ${SERVER_VERSION}\n\nUsage: shelterkey <command> [options]\n\nCommands:\n${lines.join('\n')}\n  ${'help'.padEnd(width)}  Show this list\n  ${'version'.padEnd(width)}  Print the version\n`;
}

export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === 'version' || name === '--version') {
    io.stdout(`${SERVER_VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`Unknown command "${name}".\n\n${helpText()}`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`${error.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
