/**
 * Randomized fault runs of the whole sync path (device outbox in IndexedDB, HTTP API, storage):
 * lost requests and responses, 5xx, a server that dies mid-transaction, duplicate and replayed
 * old deliveries, devices reloaded mid-sync, device clocks hours off. Every run must end with
 * exactly the events created, each stored once, on both storage engines.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { seededRandom, simulateEvents } from '../../server/sim/event-generator.ts';
import { EventsRepository } from '../../server/storage/events-repository.ts';
import type { Storage } from '../../server/storage/storage.ts';
import { readSetting } from '../../src/db/settings.ts';
import { enrollThisDevice } from '../../src/sync/enrollment.ts';
import { pendingCount } from '../../src/sync/outbox.ts';
import { SyncClient, type FetchFunction } from '../../src/sync/sync-client.ts';
import { runSync } from '../../src/sync/sync-engine.ts';
import { SimulatedDevice } from '../support/device.ts';
import { injectFetch } from '../support/inject-fetch.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';
import { buildTestApp, type TestApp } from '../support/test-app.ts';

const RUNS = 200;
const SERVER = 'http://shelterkey.test';

/** Fails the n-th query from the moment it is armed: the transaction rolls back as if the process died. */
class ProcessDeathPlugin implements KyselyPlugin {
  private countdown: number | undefined;
  arm(afterQueries: number): void {
    this.countdown = afterQueries;
  }
  disarm(): void {
    this.countdown = undefined;
  }
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.countdown !== undefined && this.countdown-- <= 0) {
      this.countdown = undefined;
      throw new Error('server process died');
    }
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

class ReloadedMidSync extends Error {}

type Fault = 'requestLost' | 'serverError' | 'responseLost' | 'diedMidTransaction' | 'duplicate' | 'replayedOld' | 'reloadedMidSync' | 'restarted';
const faults: Record<Fault, number> = { requestLost: 0, serverError: 0, responseLost: 0, diedMidTransaction: 0, duplicate: 0, replayedOld: 0, reloadedMidSync: 0, restarted: 0 };

function faultyNetwork(random: () => number, deliver: FetchFunction, death: ProcessDeathPlugin): FetchFunction {
  const pastPushes: { input: string; init: RequestInit }[] = [];
  return async (input, init) => {
    if (init.method === 'POST' && input.endsWith('/sync/push')) pastPushes.push({ input, init: { ...init, signal: undefined } });
    const roll = random();
    if (roll < 0.08) {
      faults.requestLost++;
      throw new TypeError('request lost');
    }
    if (roll < 0.14) {
      faults.serverError++;
      return new Response('{"error":{"code":"internal","message":"x"}}', { status: 503 });
    }
    if (roll < 0.22) {
      faults.responseLost++;
      await deliver(input, init);
      throw new TypeError('response lost');
    }
    if (roll < 0.28) {
      death.arm(Math.floor(random() * 8));
      try {
        const response = await deliver(input, init);
        // A dead process answers nothing.
        if (response.status >= 500) {
          faults.diedMidTransaction++;
          throw new TypeError('connection reset');
        }
        return response;
      } finally {
        death.disarm();
      }
    }
    if (roll < 0.34) {
      faults.duplicate++;
      const [first] = await Promise.all([deliver(input, init), deliver(input, { ...init })]);
      return first;
    }
    if (roll < 0.40 && pastPushes.length > 1) {
      const old = pastPushes[Math.floor(random() * (pastPushes.length - 1))];
      if (old) {
        faults.replayedOld++;
        const [, current] = await Promise.all([deliver(old.input, old.init), deliver(input, init)]);
        return current;
      }
    }
    if (roll < 0.45) {
      faults.reloadedMidSync++;
      await deliver(input, init);
      throw new ReloadedMidSync('tab closed before the answer was applied');
    }
    return deliver(input, init);
  };
}

async function runScenario(storage: Storage, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const death = new ProcessDeathPlugin();
  let t: TestApp = await buildTestApp({ ...storage, db: storage.db.withPlugin(death) });
  const deliver = injectFetch(() => t.app);
  const network = faultyNetwork(random, deliver, death);
  const { id: shelterId } = (await t.admin('POST', '/api/v1/admin/shelters', { name: `run ${seed}` })).json<{ id: string }>();

  const devices: SimulatedDevice[] = [];
  for (let i = 0, n = 1 + Math.floor(random() * 3); i < n; i++) {
    const offset = Math.round((random() - 0.5) * 24 * 3600_000);
    const device = new SimulatedDevice(`${seed}-${i}-${uuidv7()}`, () => new Date(Date.now() + offset));
    await device.nameShelter(uuidv7(), `run ${seed}`, true);
    devices.push(device);
  }
  const record = async (device: SimulatedDevice, count: number) => {
    for (const event of simulateEvents({ shelterId: 'x', count, seed: Math.floor(random() * 1e9) })) {
      await device.recorder.record(event.type, event.payload as never);
    }
  };
  const clientOf = async (device: SimulatedDevice, fetch: FetchFunction) =>
    new SyncClient({ serverUrl: SERVER, token: (await readSetting(device.db, 'enrollment'))?.token, fetch });

  try {
    for (const device of devices) {
      if (random() < 0.5) await record(device, 1 + Math.floor(random() * 10));
      const { code } = (await t.admin('POST', `/api/v1/admin/shelters/${shelterId}/enrollment-codes`)).json<{ code: string }>();
      await enrollThisDevice(device.db, { serverUrl: SERVER, code, deviceName: device.name }, { fetch: deliver });
    }
    for (let step = 0, steps = 8 + Math.floor(random() * 10); step < steps; step++) {
      const device = devices[Math.floor(random() * devices.length)] as SimulatedDevice;
      const action = random();
      if (action < 0.45) {
        await record(device, 1 + Math.floor(random() * 15));
      } else if (action < 0.9) {
        try {
          await runSync(device.db, await clientOf(device, network), { batchSize: 1 + Math.floor(random() * 12), clock: device.clock });
        } catch (error) {
          if (error instanceof ReloadedMidSync) device.reload();
        }
      } else {
        // The server restarts between requests.
        faults.restarted++;
        await t.app.close();
        t = await buildTestApp({ ...storage, db: storage.db.withPlugin(death) }, { clock: t.clock });
      }
    }
    // The network settles: every device syncs until its outbox is empty, then pulls once more.
    for (const device of devices) {
      for (let attempt = 0; attempt < 3 && (await pendingCount(device.db)) > 0; attempt++) {
        await runSync(device.db, await clientOf(device, deliver), { clock: device.clock });
      }
    }
    for (const device of devices) await runSync(device.db, await clientOf(device, deliver), { clock: device.clock });

    const created = (await Promise.all(devices.map((d) => d.localEventIds()))).flat();
    const held = await new EventsRepository(storage.db).idsForShelter(shelterId);
    expect(new Set(created).size, `seed ${seed}: ids made on devices are distinct`).toBe(created.length);
    expect(held.length, `seed ${seed}: each event stored once`).toBe(new Set(held).size);
    expect([...held].sort(), `seed ${seed}: exactly the events created`).toEqual([...created].sort());
    for (const device of devices) {
      const rows = await device.db.events.toArray();
      expect(rows.filter((r) => r.syncState === 'pending' || r.syncState === 'conflict'), `seed ${seed}: outbox of ${device.name}`).toEqual([]);
      expect(rows.length, `seed ${seed}: ${device.name} holds every event of the shelter`).toBe(created.length);
    }
  } finally {
    await t.app.close();
    await Promise.all(devices.map((d) => d.dispose()));
  }
}

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`sync under faults on ${engine.engine}`, () => {
    let subject: TestStorage;
    beforeAll(async () => {
      subject = await engine.open();
    });
    afterAll(async () => {
      await subject.dispose();
    });

    it(`ends every one of ${RUNS} randomized runs with exactly the events created, once each`, async () => {
      for (const fault of Object.keys(faults) as Fault[]) faults[fault] = 0;
      for (let seed = 1; seed <= RUNS; seed++) await runScenario(subject.storage, seed);
      // Every kind of fault really happened, many times over.
      for (const [fault, count] of Object.entries(faults)) expect(count, fault).toBeGreaterThan(20);
    }, 600_000);
  });
}
