/**
 * Sync throughput on this machine: 20 devices x 5,000 events pushed at once to a real server
 * process over loopback, stored and re-checked, on SQLite and on PostgreSQL; the same with one
 * event in ten a card validation (a training resident's certificate) re-checked against a
 * revocation list the server holds; and one device that was offline with 10,000 events syncing
 * from its IndexedDB outbox (fake-indexeddb in Node).
 *
 *   npm run bench:sync            (PostgreSQL from BENCH_DATABASE_URL or the local server if it answers)
 */
import { cpus } from 'node:os';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { simulateEvents } from '../server/sim/event-generator.ts';
import type { PushResponse } from '../src/protocol/api.ts';
import type { ShelterEvent } from '../src/protocol/events.ts';
import { ShelterkeyDatabase } from '../src/db/database.ts';
import { writeSetting } from '../src/db/settings.ts';
import { rowOf } from '../src/sync/event-recorder.ts';
import { SyncClient } from '../src/sync/sync-client.ts';
import { runSync } from '../src/sync/sync-engine.ts';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRAINING_RESIDENTS } from '../src/card/training/committed-data.ts';
import { TRAINING_AUTHORITY_DATA } from '../src/card/training/data/training-authority-data.ts';
import { parseCertificate } from '../src/pki/certificate.ts';
import { parsePem } from '../src/pki/pem.ts';
import { generateCrl } from '../tests/support/crl-generator.ts';
import { validationEvent } from '../tests/support/training-revocation.ts';
import { api, startBenchServer, type BenchServer } from './server-process.ts';
import { benchEngines } from './storage-engines.ts';

const DEVICES = 20;
const EVENTS_PER_DEVICE = 5_000;
const BATCH = 500;
const OFFLINE_EVENTS = 10_000;

async function enrolledDevices(server: BenchServer, count: number): Promise<{ shelterId: string; tokens: string[] }> {
  const { id: shelterId } = await api<{ id: string }>(server, 'POST', '/api/v1/admin/shelters', server.adminToken, { name: 'bench' });
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const { code } = await api<{ code: string }>(server, 'POST', `/api/v1/admin/shelters/${shelterId}/enrollment-codes`, server.adminToken, {});
    const enrolled = await api<{ token: string }>(server, 'POST', '/api/v1/devices/enroll', '', { code, deviceName: `bench-${i}` });
    tokens.push(enrolled.token);
  }
  return { shelterId, tokens };
}

/** Every tenth event a card validation of a training resident, as a shelter's check-ins go. */
function withValidations(events: ShelterEvent[], shelterId: string): ShelterEvent[] {
  const residents = TRAINING_RESIDENTS.filter((r) => r.userAuth.generation === '2023');
  return events.map((event, i) =>
    i % 10 === 9 ? { ...validationEvent(shelterId, (residents[i % residents.length] as (typeof residents)[number]).id, new Date(event.occurredAt), event.sequence), id: event.id } : event,
  );
}

async function manyDevices(server: BenchServer, validations = false): Promise<{ events: number; seconds: number }> {
  const { shelterId, tokens } = await enrolledDevices(server, DEVICES);
  const start = new Date(Date.now() - EVENTS_PER_DEVICE * 5_000);
  const streams = tokens.map((_, i) => {
    const events = simulateEvents({ shelterId, count: EVENTS_PER_DEVICE, seed: 1000 + i, start });
    return validations ? withValidations(events, shelterId) : events;
  });
  const began = performance.now();
  await Promise.all(
    tokens.map(async (token, i) => {
      const events = streams[i] as ShelterEvent[];
      for (let offset = 0; offset < events.length; offset += BATCH) {
        const batch = events.slice(offset, offset + BATCH);
        const result = await api<PushResponse>(server, 'POST', '/api/v1/sync/push', token, { events: batch, deviceTime: new Date().toISOString() });
        if (result.acknowledged.length !== batch.length) throw new Error('not every event acknowledged');
      }
    }),
  );
  return { events: DEVICES * EVENTS_PER_DEVICE, seconds: (performance.now() - began) / 1000 };
}

async function offlineDevice(server: BenchServer): Promise<{ events: number; seconds: number }> {
  const { shelterId, tokens } = await enrolledDevices(server, 1);
  const db = new ShelterkeyDatabase('bench-device', { indexedDB: new IDBFactory(), IDBKeyRange });
  await writeSetting(db, 'shelter', { id: shelterId, name: 'bench', provisional: false });
  const events = simulateEvents({ shelterId, count: OFFLINE_EVENTS, seed: 7, start: new Date(Date.now() - OFFLINE_EVENTS * 5_000) });
  await db.events.bulkAdd(events.map((event) => rowOf(event, 'pending', event.sequence)));
  const began = performance.now();
  const report = await runSync(db, new SyncClient({ serverUrl: server.url, token: tokens[0] }), { batchSize: BATCH });
  const seconds = (performance.now() - began) / 1000;
  if (report.sent !== OFFLINE_EVENTS) throw new Error(`sent ${report.sent}`);
  db.close();
  return { events: report.sent, seconds };
}

const rows: string[] = [];
const engines = await benchEngines('shelterkey_bench');

/**
 * A 100,000-entry list of the 2023 training user-authentication CA, from the fast generator
 * (streamed to a file, so making it does not load this process's heap while it measures).
 */
async function trainingCrl(): Promise<Uint8Array<ArrayBuffer>> {
  const record = TRAINING_AUTHORITY_DATA.cas.find((ca) => ca.kind === 'user-authentication' && ca.generation === '2023');
  const [block] = parsePem(record?.certificatePem ?? '');
  if (!record || !block) throw new Error('no 2023 training user-authentication CA');
  const ca = parseCertificate(block.der);
  const dir = mkdtempSync(join(tmpdir(), 'shelterkey-bench-crl-'));
  try {
    const path = join(dir, 'auth.crl');
    await generateCrl(path, {
      entries: 100_000,
      issuerName: ca.subject.der,
      issuerKeyId: ca.subjectKeyIdentifier ?? new Uint8Array(20),
      key: createPrivateKey(record.privateKeyPem),
      thisUpdate: new Date(Date.now() - 3600_000),
      nextUpdate: new Date(Date.now() + 86_400_000),
      crlNumber: 1,
    });
    return new Uint8Array(readFileSync(path));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const revocationList = await trainingCrl();

for (const engine of engines) {
  const server = await startBenchServer({ ...engine.env, SHELTERKEY_MODE: 'training' });
  try {
    const many = await manyDevices(server);
    const offline = await offlineDevice(server);
    const imported = await fetch(`${server.url}/api/v1/admin/crls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/pkix-crl' },
      body: revocationList,
    });
    if (imported.status !== 201) throw new Error(`CRL import: ${imported.status}`);
    const checked = await manyDevices(server, true);
    rows.push(
      `| ${engine.name} | ${DEVICES} devices x ${EVENTS_PER_DEVICE} events, batches of ${BATCH} | ${many.seconds.toFixed(2)} s | ${Math.round(many.events / many.seconds)} events/s |`,
      `| ${engine.name} | the same, 1 event in 10 a card validation re-checked against the stored list | ${checked.seconds.toFixed(2)} s | ${Math.round(checked.events / checked.seconds)} events/s |`,
      `| ${engine.name} | 1 device, ${OFFLINE_EVENTS} events from its outbox | ${offline.seconds.toFixed(2)} s | ${Math.round(offline.events / offline.seconds)} events/s |`,
    );
  } finally {
    await server.stop();
  }
}

console.log(`\nmachine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
console.log('| storage | scenario | wall time | throughput |\n|---|---|---|---|');
for (const row of rows) console.log(row);
