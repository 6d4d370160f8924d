/**
 * The server process killed outright (SIGKILL) in the middle of a device's sync over real HTTP,
 * twice, and started again on the same data folder: the device's outbox ends stored exactly once.
 * (The randomized fault test kills the server in process, at random queries, many times; this
 * one kills the operating-system process with its database file open.)
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { simulateEvents } from '../../server/sim/event-generator.ts';
import { EventsRepository } from '../../server/storage/events-repository.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { readSetting, writeSetting } from '../../src/db/settings.ts';
import { enrollThisDevice } from '../../src/sync/enrollment.ts';
import { rowOf } from '../../src/sync/event-recorder.ts';
import { SyncNetworkError } from '../../src/sync/errors.ts';
import { pendingCount } from '../../src/sync/outbox.ts';
import { SyncClient } from '../../src/sync/sync-client.ts';
import { runSync } from '../../src/sync/sync-engine.ts';
import { SimulatedDevice } from '../support/device.ts';
import { freePort, startServerProcess } from '../support/server-process.ts';

const ADMIN = 'kill-test-admin-token-0123';
const EVENTS = 3000;
const dataDir = mkdtempSync(join(tmpdir(), 'shelterkey-kill-'));
let child: ChildProcess | undefined;

async function startServer(port: number): Promise<string> {
  const server = await startServerProcess({ DATA_DIR: dataDir, ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'silent', STATIC_DIR: join(dataDir, 'no-app') }, { port, stdio: 'ignore' });
  child = server.child;
  return server.url;
}

function kill(): Promise<void> {
  const running = child;
  if (!running || running.exitCode !== null || running.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    running.once('exit', () => resolve());
    running.kill('SIGKILL');
  });
}

afterAll(async () => {
  await kill();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the server process killed mid-sync', () => {
  it('ends with the outbox stored exactly once after two SIGKILLs and restarts', async () => {
    const port = await freePort();
    const url = await startServer(port);
    const admin = async (path: string, body: unknown = {}) =>
      (await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, string>>;
    const { id: shelterId } = await admin('/api/v1/admin/shelters', { name: '体育館' });
    const device = new SimulatedDevice(`kill-${uuidv7()}`);
    try {
      await device.nameShelter(shelterId as string, '体育館', false);
      const { code } = await admin(`/api/v1/admin/shelters/${shelterId}/enrollment-codes`);
      await enrollThisDevice(device.db, { serverUrl: url, code: code as string, deviceName: 'A' });
      const events = simulateEvents({ shelterId: shelterId as string, count: EVENTS, seed: 11, start: new Date(Date.now() - EVENTS * 5000) });
      await device.db.events.bulkAdd(events.map((event) => rowOf(event, 'pending', event.sequence)));
      await writeSetting(device.db, 'nextSequence', EVENTS + 1);
      const client = new SyncClient({ serverUrl: url, token: (await readSetting(device.db, 'enrollment'))?.token, timeoutMs: 10_000 });

      // Killed once 600 events are in, and again after 1,800: the batch under way is cut off.
      for (const killAt of [600, 1800]) {
        let killing: Promise<void> | undefined;
        const run = runSync(device.db, client, {
          batchSize: 200,
          onProgress: (p) => {
            if (p.phase === 'push' && EVENTS - (p.total - p.sent) >= killAt) killing ??= kill();
          },
        });
        await expect(run).rejects.toThrow(SyncNetworkError);
        await killing;
        expect(await pendingCount(device.db)).toBeGreaterThan(0);
        await startServer(port);
      }
      expect((await runSync(device.db, client, { batchSize: 200 })).conflicts).toBe(0);
      expect(await pendingCount(device.db)).toBe(0);
      await kill();

      const storage = openSqliteStorage({ dataDir });
      try {
        const held = await new EventsRepository(storage.db).idsForShelter(shelterId as string);
        expect(held).toHaveLength(EVENTS);
        expect([...held].sort()).toEqual(events.map((e) => e.id).sort());
      } finally {
        await storage.close();
      }
    } finally {
      await device.dispose();
    }
  }, 120_000);
});
