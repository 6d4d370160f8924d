/**
 * Randomized fault runs of the whole sync path (device outbox in IndexedDB, HTTP API, storage,
 * revocation packages): lost requests and responses, 5xx, a server that dies mid-transaction,
 * duplicate and replayed old deliveries, devices reloaded mid-sync, device clocks hours off,
 * new revocation lists imported between syncs. On PostgreSQL two server processes share the
 * database and requests (duplicates included) land on either. Every run must end with exactly
 * the events created, each stored once, and every device holding the server's newest list, on
 * both storage engines.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { ephemeralPublishingKey, type PublishingKey } from '../../server/revocation/publishing-key.ts';
import { seededRandom, simulateEvents } from '../../server/sim/event-generator.ts';
import { EventsRepository } from '../../server/storage/events-repository.ts';
import type { Storage } from '../../server/storage/storage.ts';
import { readSetting } from '../../src/db/settings.ts';
import { enrollThisDevice } from '../../src/sync/enrollment.ts';
import { pendingCount } from '../../src/sync/outbox.ts';
import { SyncClient, type FetchFunction } from '../../src/sync/sync-client.ts';
import { runSync } from '../../src/sync/sync-engine.ts';
import type { TrustStore } from '../../src/pki/trust-store.ts';
import { SimulatedDevice } from '../support/device.ts';
import { injectFetch } from '../support/inject-fetch.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';
import { buildTestApp, MovableClock, type TestApp } from '../support/test-app.ts';
import { trainingAuthority, trainingUserAuthCrl } from '../support/training-revocation.ts';

const RUNS = 200;
const SERVER = 'http://shelterkey.test';
/** Successive lists of the training CA, imported one after another across the runs of an engine. */
const LISTS = 120;
let trust: TrustStore;
const lists: Uint8Array[] = [];

beforeAll(async () => {
  const authority = await trainingAuthority();
  trust = authority.trustStore();
  for (let i = 0; i < LISTS; i++) {
    // Each list adds two revocations and releases an older hold.
    const released = Array.from({ length: Math.floor(i / 3) }, (_, k) => k * 3);
    lists.push(await trainingUserAuthCrl(authority, { crlNumber: BigInt(1000 + i), thisUpdate: new Date(Date.UTC(2026, 10, 1) + i * 3600_000), filler: 20 + 2 * i, fillerReleased: released }));
  }
}, 120_000);

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

type Fault = 'requestLost' | 'serverError' | 'responseLost' | 'diedMidTransaction' | 'duplicate' | 'replayedOld' | 'reloadedMidSync' | 'restarted' | 'listImported';
const faults: Record<Fault, number> = { requestLost: 0, serverError: 0, responseLost: 0, diedMidTransaction: 0, duplicate: 0, replayedOld: 0, reloadedMidSync: 0, restarted: 0, listImported: 0 };

/** The server processes of a run: one on SQLite, two sharing the database on PostgreSQL. */
class ServerProcesses {
  apps: TestApp[] = [];
  readonly death = new ProcessDeathPlugin();
  readonly clock = new MovableClock();

  constructor(
    private readonly storages: readonly Storage[],
    private readonly publishingKey: PublishingKey,
  ) {}

  async start(): Promise<void> {
    this.apps = await Promise.all(this.storages.map((_, i) => this.boot(i)));
  }

  private boot(i: number): Promise<TestApp> {
    const storage = this.storages[i] as Storage;
    return buildTestApp({ ...storage, db: storage.db.withPlugin(this.death) }, { clock: this.clock, trustStore: trust, publishingKey: this.publishingKey });
  }

  async restart(i: number): Promise<void> {
    await this.apps[i]?.app.close();
    this.apps[i] = await this.boot(i);
  }

  /** A fetch to process i (as a load balancer would pick it). */
  deliverTo(i: number): FetchFunction {
    return injectFetch(() => (this.apps[i] as TestApp).app);
  }

  async stop(): Promise<void> {
    await Promise.all(this.apps.map((t) => t.app.close()));
  }
}

function faultyNetwork(random: () => number, servers: ServerProcesses): FetchFunction {
  const death = servers.death;
  const pick = () => servers.deliverTo(Math.floor(random() * servers.apps.length));
  const pastPushes: { input: string; init: RequestInit }[] = [];
  return async (input, init) => {
    if (init.method === 'POST' && input.endsWith('/sync/push')) pastPushes.push({ input, init: { ...init, signal: undefined } });
    const deliver = pick();
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
      // The copy may reach the other server process.
      const [first] = await Promise.all([deliver(input, init), pick()(input, { ...init })]);
      return first;
    }
    if (roll < 0.40 && pastPushes.length > 1) {
      const old = pastPushes[Math.floor(random() * (pastPushes.length - 1))];
      if (old) {
        faults.replayedOld++;
        const [, current] = await Promise.all([pick()(old.input, old.init), deliver(input, init)]);
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

interface EngineState {
  storages: Storage[];
  publishingKey: PublishingKey;
  /** Lists imported so far on this engine's database. */
  imported: number;
}

async function runScenario(engine: EngineState, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const servers = new ServerProcesses(engine.storages, engine.publishingKey);
  await servers.start();
  const deliver = servers.deliverTo(0);
  const network = faultyNetwork(random, servers);
  const admin = () => servers.apps[0] as TestApp;
  const { id: shelterId } = (await admin().admin('POST', '/api/v1/admin/shelters', { name: `run ${seed}` })).json<{ id: string }>();

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
  const sync = async (device: SimulatedDevice, fetch: FetchFunction, batchSize?: number) =>
    runSync(device.db, await clientOf(device, fetch), { batchSize, clock: device.clock, revocation: device.revocation });

  try {
    for (const device of devices) {
      if (random() < 0.5) await record(device, 1 + Math.floor(random() * 10));
      const { code } = (await admin().admin('POST', `/api/v1/admin/shelters/${shelterId}/enrollment-codes`)).json<{ code: string }>();
      await enrollThisDevice(device.db, { serverUrl: SERVER, code, deviceName: device.name }, { fetch: deliver });
    }
    for (let step = 0, steps = 8 + Math.floor(random() * 10); step < steps; step++) {
      const device = devices[Math.floor(random() * devices.length)] as SimulatedDevice;
      const action = random();
      if (action < 0.4) {
        await record(device, 1 + Math.floor(random() * 15));
      } else if (action < 0.85) {
        try {
          await sync(device, network, 1 + Math.floor(random() * 12));
        } catch (error) {
          if (error instanceof ReloadedMidSync) device.reload();
        }
      } else if (action < 0.93 && engine.imported < lists.length) {
        // The coordinators import the next revocation list.
        faults.listImported++;
        await admin().revocation.importer.import(lists[engine.imported++] as Uint8Array, 'fault test');
      } else {
        // A server process restarts between requests.
        faults.restarted++;
        await servers.restart(Math.floor(random() * servers.apps.length));
      }
    }
    // The network settles: every device syncs until its outbox is empty, then pulls once more.
    for (const device of devices) {
      for (let attempt = 0; attempt < 3 && (await pendingCount(device.db)) > 0; attempt++) await sync(device, deliver);
    }
    for (const device of devices) await sync(device, deliver);

    const created = (await Promise.all(devices.map((d) => d.localEventIds()))).flat();
    const held = await new EventsRepository(engine.storages[0]?.db as Storage['db']).idsForShelter(shelterId);
    expect(new Set(created).size, `seed ${seed}: ids made on devices are distinct`).toBe(created.length);
    expect(held.length, `seed ${seed}: each event stored once`).toBe(new Set(held).size);
    expect([...held].sort(), `seed ${seed}: exactly the events created`).toEqual([...created].sort());
    const published = (await admin().revocation.repository.list()).map((r) => ({ crlNumber: r.crl_number, packageVersion: Number(r.version) }));
    for (const device of devices) {
      const rows = await device.db.events.toArray();
      expect(rows.filter((r) => r.syncState === 'pending' || r.syncState === 'conflict'), `seed ${seed}: outbox of ${device.name}`).toEqual([]);
      expect(rows.length, `seed ${seed}: ${device.name} holds every event of the shelter`).toBe(created.length);
      const lists = (await device.revocationStore.list()).map((r) => ({ crlNumber: r.crlNumber, packageVersion: r.packageVersion }));
      expect(lists, `seed ${seed}: ${device.name} holds the newest revocation list`).toEqual(published);
    }
  } finally {
    await servers.stop();
    await Promise.all(devices.map((d) => d.dispose()));
  }
}

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`sync under faults on ${engine.engine}`, () => {
    let subject: TestStorage;
    let state: EngineState;
    beforeAll(async () => {
      subject = await engine.open();
      // The deployment with several server processes is PostgreSQL's; one SQLite file has one server.
      const storages = engine.engine === 'postgres' ? [subject.storage, subject.openAnother()] : [subject.storage];
      state = { storages, publishingKey: ephemeralPublishingKey(), imported: 0 };
    });
    afterAll(async () => {
      await subject.dispose();
    });

    it(`ends every one of ${RUNS} randomized runs with exactly the events created, once each`, async () => {
      for (const fault of Object.keys(faults) as Fault[]) faults[fault] = 0;
      for (let seed = 1; seed <= RUNS; seed++) await runScenario(state, seed);
      // Every kind of fault really happened, many times over.
      for (const [fault, count] of Object.entries(faults)) expect(count, fault).toBeGreaterThan(20);
    }, 600_000);
  });
}
