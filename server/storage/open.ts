import type { ServerConfig } from '../config.ts';
import { openPostgresStorage } from './postgres.ts';
import { openSqliteStorage } from './sqlite.ts';
import type { Storage } from './storage.ts';

/** PostgreSQL when DATABASE_URL is set, the embedded SQLite file otherwise; migrated and ready. */
export async function openConfiguredStorage(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>): Promise<Storage> {
  const storage = config.databaseUrl
    ? openPostgresStorage({ connectionString: config.databaseUrl })
    : openSqliteStorage({ dataDir: config.dataDir });
  try {
    await storage.migrate();
  } catch (error) {
    await storage.close();
    throw error;
  }
  return storage;
}
