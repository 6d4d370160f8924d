import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { ServerDatabase } from './schema.ts';
import { createStorage, type Storage } from './storage.ts';

export interface PostgresOptions {
  connectionString: string;
  /** A schema to work in instead of `public` (tests isolate themselves this way). */
  schema?: string;
  maxConnections?: number;
}

export function openPostgresStorage({ connectionString, schema, maxConnections = 10 }: PostgresOptions): Storage {
  const pool = new pg.Pool({
    connectionString,
    max: maxConnections,
    connectionTimeoutMillis: 10_000,
    ...(schema ? { options: `-c search_path=${quoteIdentifier(schema)}` } : {}),
  });
  return createStorage('postgres', new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool }) }), schema ?? 'public');
}

function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Unsafe PostgreSQL schema name: ${name}`);
  return name;
}
