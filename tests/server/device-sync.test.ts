import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { EventsRepository } from '../../server/storage/events-repository.ts';
import { simulateEvents } from '../../server/sim/event-generator.ts';
import { readSetting } from '../../src/db/settings.ts';
import { enrollThisDevice } from '../../src/sync/enrollment.ts';
import { EnrollmentCodeError, SyncUnauthorizedError } from '../../src/sync/errors.ts';
import { pendingCount } from '../../src/sync/outbox.ts';
import { SyncClient, type FetchFunction } from '../../src/sync/sync-client.ts';
import { runSync, type SyncProgress } from '../../src/sync/sync-engine.ts';
import { SyncLoop, type SyncStatus } from '../../src/sync/sync-loop.ts';
import { SimulatedDevice } from '../support/device.ts';
import { injectFetch } from '../support/inject-fetch.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';
import { buildTestApp, type TestApp } from '../support/test-app.ts';

const SERVER = 'http://shelterkey.test';

const sqlite = storageEngines.find((e) => e.engine === 'sqlite');

async function recordActivity(device: SimulatedDevice, count: number, seed: number): Promise<void> {
  for (const event of simulateEvents({ shelterId: 'placeholder', count, seed })) {
    await device.recorder.record(event.type, event.payload as never);
  }
}

describe('a device syncing with the server', () => {
  let subject: TestStorage;
  let t: TestApp;
  let fetch: FetchFunction;
  let devices: SimulatedDevice[];

  beforeEach(async () => {
    if (!sqlite) throw new Error('no sqlite');
    subject = await sqlite.open();
    t = await buildTestApp(subject.storage);
    fetch = injectFetch(() => t.app);
    devices = [];
  });

  afterEach(async () => {
    await Promise.all(devices.map((d) => d.dispose()));
    await t.app.close();
    await subject.dispose();
  });

  async function enrolledDevice(shelterId: string, name: string): Promise<SimulatedDevice> {
    const device = new SimulatedDevice(`${name}-${uuidv7()}`);
    devices.push(device);
    await device.nameShelter(uuidv7(), '仮の避難所', true);
    const { code } = (await t.admin('POST', `/api/v1/admin/shelters/${shelterId}/enrollment-codes`)).json<{ code: string }>();
    await enrollThisDevice(device.db, { serverUrl: SERVER, code, deviceName: name }, { fetch });
    return device;
  }

  it('records offline before enrollment, then enrolls and sends everything once', async () => {
    const { id: shelterId } = (await t.admin('POST', '/api/v1/admin/shelters', { name: '中央公民館' })).json<{ id: string }>();
    const device = new SimulatedDevice(`early-${uuidv7()}`);
    devices.push(device);
    const provisionalId = uuidv7();
    await device.nameShelter(provisionalId, '中央公民館', true);
    await recordActivity(device, 30, 1);

    const { code } = (await t.admin('POST', `/api/v1/admin/shelters/${shelterId}/enrollment-codes`)).json<{ code: string }>();
    await enrollThisDevice(device.db, { serverUrl: SERVER, code, deviceName: 'タブレットA' }, { fetch });
    expect(await readSetting(device.db, 'shelter')).toEqual({ id: shelterId, name: '中央公民館', provisional: false, provisionalId });
    await recordActivity(device, 10, 2);

    const enrollment = await readSetting(device.db, 'enrollment');
    const client = new SyncClient({ serverUrl: SERVER, token: enrollment?.token, fetch });
    const progress: SyncProgress[] = [];
    const report = await runSync(device.db, client, { batchSize: 7, onProgress: (p) => progress.push(p) });
    expect(report.sent).toBe(40);
    expect(await pendingCount(device.db)).toBe(0);
    expect(await new EventsRepository(subject.storage.db).idsForShelter(shelterId)).toEqual(await device.localEventIds());
    expect(progress.filter((p) => p.phase === 'push').map((p) => p.sent)).toEqual([0, 7, 14, 21, 28, 35, 40]);
    expect(progress.every((p) => p.total === 40)).toBe(true);
  });

  it('starts pulling from the beginning when the tablet is enrolled into another shelter', async () => {
    const { id: first } = (await t.admin('POST', '/api/v1/admin/shelters', { name: '第一避難所' })).json<{ id: string }>();
    const { id: second } = (await t.admin('POST', '/api/v1/admin/shelters', { name: '第二避難所' })).json<{ id: string }>();
    const firstOther = await enrolledDevice(first, 'first-other');
    const secondOther = await enrolledDevice(second, 'second-other');
    await recordActivity(firstOther, 20, 3);
    await recordActivity(secondOther, 5, 4);
    for (const other of [firstOther, secondOther]) {
      const token = (await readSetting(other.db, 'enrollment'))?.token;
      await runSync(other.db, new SyncClient({ serverUrl: SERVER, token, fetch }));
    }

    const moved = await enrolledDevice(first, 'moved');
    const syncAs = async () => runSync(moved.db, new SyncClient({ serverUrl: SERVER, token: (await readSetting(moved.db, 'enrollment'))?.token, fetch }));
    expect((await syncAs()).received).toBe(20);

    const { code } = (await t.admin('POST', `/api/v1/admin/shelters/${second}/enrollment-codes`)).json<{ code: string }>();
    await enrollThisDevice(moved.db, { serverUrl: SERVER, code, deviceName: 'moved' }, { fetch });
    expect((await syncAs()).received).toBe(5);
  });

  it('pulls the events of the other tablets of the shelter', async () => {
    const { id: shelterId } = (await t.admin('POST', '/api/v1/admin/shelters', { name: '第二体育館' })).json<{ id: string }>();
    const a = await enrolledDevice(shelterId, 'A');
    const b = await enrolledDevice(shelterId, 'B');
    await recordActivity(a, 12, 3);
    await recordActivity(b, 5, 4);
    const clientOf = async (d: SimulatedDevice) => new SyncClient({ serverUrl: SERVER, token: (await readSetting(d.db, 'enrollment'))?.token, fetch });
    await runSync(a.db, await clientOf(a));
    const report = await runSync(b.db, await clientOf(b), { pullPageSize: 5 });
    expect(report.received).toBe(12);
    const remote = (await b.db.events.toArray()).filter((r) => r.syncState === 'remote').map((r) => r.id);
    expect(remote.sort()).toEqual((await a.localEventIds()).sort());
    // Pulling again brings nothing new.
    expect((await runSync(b.db, await clientOf(b))).received).toBe(0);
  });

  it('halves the batch when a proxy refuses large bodies (413)', async () => {
    const { id: shelterId } = (await t.admin('POST', '/api/v1/admin/shelters', { name: 'X' })).json<{ id: string }>();
    const device = await enrolledDevice(shelterId, 'A');
    await recordActivity(device, 90, 5);
    const sizes: number[] = [];
    const strictProxy: FetchFunction = async (input, init) => {
      if (init.method === 'POST' && typeof init.body === 'string' && input.endsWith('/push')) {
        const size = (JSON.parse(init.body) as { events: unknown[] }).events.length;
        sizes.push(size);
        if (size > 20) return new Response('too large', { status: 413 });
      }
      return fetch(input, init);
    };
    const client = new SyncClient({ serverUrl: SERVER, token: (await readSetting(device.db, 'enrollment'))?.token, fetch: strictProxy });
    expect((await runSync(device.db, client, { batchSize: 80 })).sent).toBe(90);
    expect(sizes.slice(0, 4)).toEqual([80, 40, 20, 20]);
    expect(await pendingCount(device.db)).toBe(0);
  });

  it('stops and asks for re-enrollment when the server revoked the device, keeping the outbox', async () => {
    const { id: shelterId } = (await t.admin('POST', '/api/v1/admin/shelters', { name: 'Y' })).json<{ id: string }>();
    const device = await enrolledDevice(shelterId, 'A');
    await recordActivity(device, 4, 6);
    const enrollment = await readSetting(device.db, 'enrollment');
    await t.admin('POST', `/api/v1/admin/devices/${enrollment?.deviceId}/revoke`);

    const statuses: SyncStatus[] = [];
    const loop = new SyncLoop({ db: device.db, fetch, network: { isOnline: () => true, onChange: () => () => {} } });
    loop.subscribe((s) => statuses.push(s));
    loop.start();
    await loop.settled();
    loop.stop();
    expect(loop.status).toEqual({ state: 'needs-enrollment', pending: 4 });
    await expect(runSync(device.db, new SyncClient({ serverUrl: SERVER, token: enrollment?.token, fetch }))).rejects.toThrow(SyncUnauthorizedError);

    // A new code: the same outbox goes out under the new enrollment.
    const { code } = (await t.admin('POST', `/api/v1/admin/shelters/${shelterId}/enrollment-codes`)).json<{ code: string }>();
    await enrollThisDevice(device.db, { serverUrl: SERVER, code, deviceName: 'A again' }, { fetch });
    const fresh = await readSetting(device.db, 'enrollment');
    expect((await runSync(device.db, new SyncClient({ serverUrl: SERVER, token: fresh?.token, fetch }))).sent).toBe(4);
  });

  it('says so when the enrollment code is wrong', async () => {
    const device = new SimulatedDevice(`bad-${uuidv7()}`);
    devices.push(device);
    await expect(enrollThisDevice(device.db, { serverUrl: SERVER, code: 'ZZZZ-ZZZZ', deviceName: 'x' }, { fetch })).rejects.toThrow(EnrollmentCodeError);
    expect(await readSetting(device.db, 'enrollment')).toBeUndefined();
  });

  it('waits offline and syncs when the network returns', async () => {
    const { id: shelterId } = (await t.admin('POST', '/api/v1/admin/shelters', { name: 'Z' })).json<{ id: string }>();
    const device = await enrolledDevice(shelterId, 'A');
    await recordActivity(device, 3, 7);
    let online = false;
    let notify = () => {};
    const loop = new SyncLoop({ db: device.db, fetch, network: { isOnline: () => online, onChange: (l) => ((notify = l), () => {}) } });
    loop.start();
    await loop.settled();
    expect(loop.status).toEqual({ state: 'offline', pending: 3 });
    online = true;
    notify();
    await loop.settled();
    loop.stop();
    expect(loop.status).toMatchObject({ state: 'idle', pending: 0 });
  });

  it('backs off after a server error and retries on its own', async () => {
    const { id: shelterId } = (await t.admin('POST', '/api/v1/admin/shelters', { name: 'W' })).json<{ id: string }>();
    const device = await enrolledDevice(shelterId, 'A');
    await recordActivity(device, 2, 8);
    let failures = 1;
    const flaky: FetchFunction = async (input, init) => (failures-- > 0 ? new Response('', { status: 503 }) : fetch(input, init));
    const loop = new SyncLoop({ db: device.db, fetch: flaky, network: { isOnline: () => true, onChange: () => () => {} }, random: () => 0 });
    loop.start();
    await loop.settled();
    expect(loop.status).toMatchObject({ state: 'waiting', pending: 2 });
    // random() = 0 gives the shortest wait: a tenth of the 2 s base.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await loop.settled();
    loop.stop();
    expect(loop.status).toMatchObject({ state: 'idle', pending: 0 });
  });
});
