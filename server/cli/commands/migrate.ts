import { readConfig } from '../../config.ts';
import type { Command } from '../command.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Create or upgrade the database schema (the server also does this when it starts)',
  usage: 'shelterkey migrate',
  async run(_args, io) {
    const config = readConfig();
    // Loaded here, not at the top: the other commands start without the database drivers.
    const storage = config.databaseUrl
      ? (await import('../../storage/postgres.ts')).openPostgresStorage({ connectionString: config.databaseUrl })
      : (await import('../../storage/sqlite.ts')).openSqliteStorage({ dataDir: config.dataDir });
    try {
      const applied = await storage.migrate();
      const version = await storage.schemaVersion();
      io.stdout(`${JSON.stringify({ engine: storage.engine, applied, schemaVersion: version })}\n`);
      return 0;
    } finally {
      await storage.close();
    }
  },
};
