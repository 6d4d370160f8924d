import { parseArgs } from 'node:util';
import { readConfig } from '../../config.ts';
import type { Command } from '../command.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the server and the app (PORT, DATA_DIR, DATABASE_URL from the environment)',
  usage: 'shelterkey serve [--port N]',
  async run(args) {
    const { values } = parseArgs({ args, options: { port: { type: 'string' } } });
    const env = values.port === undefined ? process.env : { ...process.env, PORT: values.port };
    // Loaded here, not at the top: the other commands start without the HTTP stack.
    const { startServer } = await import('../../main.ts');
    await startServer(readConfig(env));
    // Keep running until a signal stops the server.
    await new Promise<never>(() => {});
    return 0;
  },
};
