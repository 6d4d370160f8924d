/**
 * The storage engines every server test runs against. PostgreSQL joins when TEST_DATABASE_URL
 * points at a server (`npm test` and `.ci/run` set it when the machine's PostgreSQL answers);
 * each test gets its own schema there, dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStorage } from '../../server/storage/postgres.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import type { Storage, StorageEngine } from '../../server/storage/storage.ts';

export const postgresUrl = process.env.TEST_DATABASE_URL || undefined;

export interface TestStorage {
  storage: Storage;
  /** Opens a second, independent connection to the same database (a second server process). */
  openAnother(): Storage;
  dispose(): Promise<void>;
}

export interface StorageEngineUnderTest {
  engine: StorageEngine;
  available: boolean;
  open(): Promise<TestStorage>;
}

async function openSqlite(): Promise<TestStorage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shelterkey-test-'));
  const storage = openSqliteStorage({ dataDir });
  await storage.migrate();
  const extra: Storage[] = [];
  return {
    storage,
    openAnother() {
      const another = openSqliteStorage({ dataDir });
      extra.push(another);
      return another;
    },
    async dispose() {
      await Promise.all([storage, ...extra].map((s) => s.close()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(): Promise<TestStorage> {
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const storage = openPostgresStorage({ connectionString: postgresUrl, schema });
  await storage.migrate();
  const extra: Storage[] = [];
  return {
    storage,
    openAnother() {
      const another = openPostgresStorage({ connectionString: postgresUrl, schema });
      extra.push(another);
      return another;
    },
    async dispose() {
      await Promise.all([storage, ...extra].map((s) => s.close()));
      const cleanup = new pg.Client({ connectionString: postgresUrl });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}

export const storageEngines: StorageEngineUnderTest[] = [
  { engine: 'sqlite', available: true, open: openSqlite },
  { engine: 'postgres', available: postgresUrl !== undefined, open: openPostgres },
];
