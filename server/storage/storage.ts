/**
 * The one storage contract of the server. SQLite (embedded, the default) and PostgreSQL (set
 * DATABASE_URL) sit behind the same Kysely query builder; engine differences stay in the
 * `open*` functions of this folder, so repositories and tests are written once.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { StorageError } from './errors.ts';
import { migrationProvider } from './migrations/index.ts';
import type { ServerDatabase } from './schema.ts';

export type StorageEngine = 'sqlite' | 'postgres';

export interface Storage {
  readonly engine: StorageEngine;
  readonly db: Kysely<ServerDatabase>;
  /** Applies pending migrations; returns the names applied by this call. */
  migrate(): Promise<string[]>;
  /** The newest applied migration, or undefined on an empty database. */
  schemaVersion(): Promise<string | undefined>;
  /** Round-trips a trivial query; throws StorageError when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `migrationSchema` names the PostgreSQL schema of Kysely's own migration tables: without it,
 * Kysely takes a kysely_migration table in any schema of the database for its own (another
 * test's schema, another installation), skips creating it and then fails.
 */
export function createStorage(engine: StorageEngine, db: Kysely<ServerDatabase>, migrationSchema?: string): Storage {
  // Unordered: migrations are numbered when their work starts, and a lower number may be merged
  // after a higher one was applied (0005 after 0006); each one stands on its own.
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    allowUnorderedMigrations: true,
    ...(migrationSchema ? { migrationTableSchema: migrationSchema } : {}),
  });
  // Kysely quietly reconnects after destroy(); a closed storage must stay closed.
  let closed = false;
  return {
    engine,
    db,
    async migrate() {
      const { error, results = [] } = await migrator.migrateToLatest();
      if (error) throw new StorageError(`Database migration failed on ${engine}.`, { cause: error });
      return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
    },
    async schemaVersion() {
      const applied = (await migrator.getMigrations()).filter((m) => m.executedAt !== undefined);
      return applied.at(-1)?.name;
    },
    async ping() {
      if (closed) throw new StorageError(`The ${engine} database does not answer: the connection is closed.`);
      try {
        await sql`select 1`.execute(db);
      } catch (cause) {
        throw new StorageError(`The ${engine} database does not answer.`, { cause });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
