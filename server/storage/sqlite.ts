import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { StorageError } from './errors.ts';
import type { ServerDatabase } from './schema.ts';
import { createStorage, type Storage } from './storage.ts';

export const SQLITE_FILE_NAME = 'shelterkey.sqlite';

/** Opens (creating if needed) the embedded database at DATA_DIR/shelterkey.sqlite, or `:memory:`. */
export function openSqliteStorage(location: { dataDir: string } | { memory: true }): Storage {
  let file = ':memory:';
  if ('dataDir' in location) {
    try {
      mkdirSync(location.dataDir, { recursive: true });
    } catch (cause) {
      throw new StorageError(`Cannot create the data folder ${location.dataDir}.`, { cause });
    }
    file = join(location.dataDir, SQLITE_FILE_NAME);
  }
  const database = new SQLite(file);
  // WAL lets readers (coordinator views) run while a sync batch writes; a busy timeout rides out
  // a second process (the CLI) holding the write lock for a moment.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return createStorage('sqlite', new Kysely<ServerDatabase>({ dialect: new SqliteDialect({ database }) }));
}
