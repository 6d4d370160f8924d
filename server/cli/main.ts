/**
 * The `shelterkey` command line: one sub-command per job, listed by `shelterkey help`. Each
 * command's module is loaded only when it runs (or for the help list), so a command does not
 * pay for the HTTP stack, database drivers or PKI code of the others at start-up.
 */
import { SERVER_VERSION } from '../version.ts';
import { processIo, UsageError, type CliIo, type Command } from './command.ts';

const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  serve: async () => (await import('./commands/serve.ts')).serveCommand,
  migrate: async () => (await import('./commands/migrate.ts')).migrateCommand,
  admin: async () => (await import('./commands/admin.ts')).adminCommand,
  sim: async () => (await import('./commands/sim.ts')).simCommand,
  card: async () => (await import('./commands/card.ts')).cardCommand,
  crl: async () => (await import('./commands/crl.ts')).crlCommand,
  check: async () => (await import('./commands/check.ts')).checkCommand,
  readers: async () => (await import('./commands/readers.ts')).readersCommand,
};

export const commandNames: readonly string[] = Object.keys(COMMANDS);

export async function loadCommands(): Promise<Command[]> {
  return Promise.all(Object.values(COMMANDS).map((load) => load()));
}

async function helpText(): Promise<string> {
  const commands = await loadCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `shelterkey ${SERVER_VERSION}\n\nUsage: shelterkey <command> [options]\n\nCommands:\n${lines.join('\n')}\n  ${'help'.padEnd(width)}  Show this list\n  ${'version'.padEnd(width)}  Print the version\n`;
}

export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(await helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === 'version' || name === '--version') {
    io.stdout(`${SERVER_VERSION}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`Unknown command "${name}".\n\n${await helpText()}`);
    return 2;
  }
  const command = await load();
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
