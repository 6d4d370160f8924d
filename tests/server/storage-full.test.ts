/**
 * A server whose disk fills up mid-outage: SQLite's page limit stands in for the disk (the same
 * SQLITE_FULL the engine returns when the file system has no room). The push must fail as a
 * whole with a clear 507, keep nothing half-written, and succeed once there is room again.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { storageFaultOf, StorageError } from '../../server/storage/errors.ts';
import type { Storage } from '../../server/storage/storage.ts';
import { simulateEvents } from '../../server/sim/event-generator.ts';
import type { PushResponse } from '../../src/protocol/api.ts';
import { SyncServerError } from '../../src/sync/errors.ts';
import { buildTestApp, type TestApp } from '../support/test-app.ts';

describe('a full disk on the server', () => {
  let storage: Storage;
  let t: TestApp;

  beforeEach(async () => {
    storage = openSqliteStorage({ memory: true });
    await storage.migrate();
    t = await buildTestApp(storage);
  });

  afterEach(async () => {
    await t.app.close();
    await storage.close();
  });

  async function eventCount(): Promise<number> {
    const row = await storage.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('answers 507 storage_full, stores nothing of the batch, and takes it whole once there is room', async () => {
    const { shelterId, devices } = await t.shelterWithDevices(1);
    const token = devices[0]?.token as string;
    const events = simulateEvents({ shelterId, count: 400 });

    const { page_count: pages } = (await sql<{ page_count: number }>`pragma page_count`.execute(storage.db)).rows[0] as { page_count: number };
    await sql.raw(`pragma max_page_count = ${pages}`).execute(storage.db);

    const refused = await t.asDevice(token, 'POST', '/api/v1/sync/push', { events });
    expect(refused.statusCode).toBe(507);
    expect(refused.json().error.code).toBe('storage_full');
    expect(refused.json().error.message).toMatch(/no room/);
    expect(await eventCount()).toBe(0);

    await sql.raw('pragma max_page_count = 1073741823').execute(storage.db);
    const accepted = await t.asDevice(token, 'POST', '/api/v1/sync/push', { events });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json<PushResponse>().acknowledged).toEqual(events.map((e) => e.id));
    expect(await eventCount()).toBe(400);
  });

  it('tells the device staff in plain words that the data stays on the device', () => {
    const error = new SyncServerError(507);
    expect(error.retryable).toBe(true);
    expect(error.userMessage.en).toMatch(/stays on this device/);
    expect(error.userMessage.ja).toMatch(/この端末に残っています/);
  });
});

describe('storageFaultOf', () => {
  const withCode = (code: string) => Object.assign(new Error('driver'), { code });

  it('reads full and unavailable from driver codes, also inside a cause chain', () => {
    expect(storageFaultOf(withCode('SQLITE_FULL'))).toBe('full');
    expect(storageFaultOf(withCode('53100'))).toBe('full');
    expect(storageFaultOf(new Error('wrapped', { cause: withCode('ENOSPC') }))).toBe('full');
    expect(storageFaultOf(withCode('57P01'))).toBe('unavailable');
    expect(storageFaultOf(new StorageError('gone', { cause: new Error('x') }))).toBe('unavailable');
  });

  it('leaves other errors to be logged as bugs', () => {
    expect(storageFaultOf(withCode('SQLITE_CONSTRAINT_UNIQUE'))).toBeUndefined();
    expect(storageFaultOf(new TypeError('x'))).toBeUndefined();
    expect(storageFaultOf('not an error')).toBeUndefined();
  });
});
