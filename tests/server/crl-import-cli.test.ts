/**
 * The other two ways a CRL reaches the server: `shelterkey admin crl import FILE` on the
 * server's own database (with its trust store and publishing key), and CRL_URLS fetched on a
 * schedule, conditionally, under the size limit.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/main.ts';
import { CrlImporter } from '../../server/revocation/crl-import.ts';
import { crlInputFromStream, CrlStalledError } from '../../server/revocation/crl-input.ts';
import { CrlRefresher, type RefreshOutcome } from '../../server/revocation/crl-refresher.ts';
import { ephemeralPublishingKey, loadPublishingKey } from '../../server/revocation/publishing-key.ts';
import { MetaRepository } from '../../server/storage/meta-repository.ts';
import { RevocationRepository } from '../../server/storage/revocation-repository.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import type { EnrollResponse, RevocationPackageList } from '../../src/protocol/api.ts';
import { base64ToBytes } from '../../src/protocol/encoding.ts';
import type { TrustStore } from '../../src/pki/trust-store.ts';
import { openRevocationPackage } from '../../src/revocation/index.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';
import { buildTestApp, MovableClock } from '../support/test-app.ts';
import { allBut, REVOKED_RESIDENT, trainingAuthority, trainingUserAuthCrl } from '../support/training-revocation.ts';

const sqlite = storageEngines.find((e) => e.engine === 'sqlite');
let trust: TrustStore;
let first: Uint8Array;
let second: Uint8Array;

beforeAll(async () => {
  const authority = await trainingAuthority();
  trust = authority.trustStore();
  first = await trainingUserAuthCrl(authority, { crlNumber: 100n, thisUpdate: new Date('2026-11-18T00:00:00Z'), residents: allBut(REVOKED_RESIDENT), filler: 50 });
  second = await trainingUserAuthCrl(authority, { crlNumber: 101n, thisUpdate: new Date('2026-11-19T00:00:00Z'), filler: 50 });
});

describe('shelterkey admin crl import', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'shelterkey-crl-cli-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const bin = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, ['bin/shelterkey.js', 'admin', ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', ...env }, encoding: 'utf8' });
  /** The same command in this process (the environment set for the call): quicker than a new process. */
  async function admin(env: Record<string, string>, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const set = { DATA_DIR: dataDir, DATABASE_URL: '', ...env };
    const saved = new Map(Object.keys(set).map((name) => [name, process.env[name]]));
    Object.assign(process.env, set);
    let stdout = '';
    let stderr = '';
    try {
      const status = await runCli(['admin', ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
      return { status, stdout, stderr };
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) Reflect.deleteProperty(process.env, name);
        else process.env[name] = value;
      }
    }
  }

  it('imports into the server database, publishing under the key the server will use', async () => {
    const file = join(dataDir, 'auth.crl');
    writeFileSync(file, first);
    const training = { SHELTERKEY_MODE: 'training' };
    const imported = bin(training, 'crl', 'import', file);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ status: 'imported', version: 1, crlNumber: '100', entries: 50 });
    expect(existsSync(join(dataDir, 'publishing-key.pem'))).toBe(true);
    expect(JSON.parse((await admin(training, 'crl', 'import', file)).stdout)).toMatchObject({ status: 'unchanged', version: 1 });

    // In production mode the training CA is not trusted.
    const production = await admin({ SHELTERKEY_MODE: 'production' }, 'crl', 'import', file);
    expect(production.status).toBe(1);
    expect(production.stderr).toMatch(/signature does not verify|trusted/);
    const tampered = join(dataDir, 'tampered.crl');
    writeFileSync(tampered, Uint8Array.from(first, (b, i) => (i === first.length - 30 ? b ^ 1 : b)));
    expect((await admin(training, 'crl', 'import', tampered)).status).toBe(1);
    expect((await admin(training, 'crl', 'import')).status).toBe(2);
    expect(JSON.parse((await admin(training, 'crl', 'list')).stdout).crls).toEqual([expect.objectContaining({ crl_number: '100', source: 'cli auth.crl' })]);
    expect(JSON.parse((await admin(training, 'audit', 'verify')).stdout)).toMatchObject({ ok: true });

    // The server on the same data folder serves what the command imported, signed with its key.
    const storage = openSqliteStorage({ dataDir });
    await storage.migrate();
    const { key } = loadPublishingKey(join(dataDir, 'publishing-key.pem'));
    const t = await buildTestApp(storage, { trustStore: trust, publishingKey: key });
    try {
      const { id } = (await t.admin('POST', '/api/v1/admin/shelters', { name: 'A' })).json<{ id: string }>();
      const { code } = (await t.admin('POST', `/api/v1/admin/shelters/${id}/enrollment-codes`)).json<{ code: string }>();
      const device = (await t.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, deviceName: 'x' } })).json<EnrollResponse>();
      const list = (await t.asDevice(device.token, 'GET', '/api/v1/revocation/packages')).json<RevocationPackageList>();
      const issuer = list.issuers[0]?.issuerKeyId ?? '';
      const bytes = new Uint8Array((await t.asDevice(device.token, 'GET', `/api/v1/revocation/packages/${issuer}?since=0`)).rawPayload);
      expect(await openRevocationPackage(bytes, base64ToBytes(device.publishingKey))).toMatchObject({ kind: 'snapshot', header: { version: 1 } });
    } finally {
      await t.app.close();
      await storage.close();
    }
  });
});

describe('a CRL arriving as a stream', () => {
  it('ends an upload that stopped sending, so later imports are not held up', async () => {
    const silent = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(first.subarray(0, 100));
      },
    });
    const input = await crlInputFromStream(silent, 1 << 20, 50);
    const importer = new CrlImporter({ repository: new RevocationRepository(subject().storage.db), trustStore: trust, publishingKey: ephemeralPublishingKey(), clock: new MovableClock() });
    await expect(importer.import(input, 'upload')).rejects.toThrow(CrlStalledError);
    // The next import runs.
    expect(await importer.import(first, 'upload')).toMatchObject({ status: 'imported', version: 1 });
  });

  let opened: TestStorage | undefined;
  const subject = (): TestStorage => opened as TestStorage;
  beforeEach(async () => {
    opened = await sqlite?.open();
  });
  afterEach(async () => {
    await opened?.dispose();
  });
});


describe('CRL_URLS fetched on a schedule', () => {
  let server: Server;
  let url: string;
  let body: Uint8Array;
  let status = 200;
  const conditional: (string | undefined)[] = [];
  let subject: TestStorage;
  let refresher: CrlRefresher;
  const logged: { level: string; fields: object }[] = [];

  beforeEach(async () => {
    if (!sqlite) throw new Error('no sqlite');
    subject = await sqlite.open();
    body = first;
    status = 200;
    conditional.length = 0;
    server = createServer((request, response) => {
      conditional.push(request.headers['if-none-match']);
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      if (status !== 200) return void response.writeHead(status).end();
      if (request.headers['if-none-match'] === etag) return void response.writeHead(304).end();
      response.writeHead(200, { 'content-type': 'application/pkix-crl', etag }).end(Buffer.from(body));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/crl/auth.crl?token=secret`;
    refresher = newRefresher(64 * 1024);
  });

  afterEach(async () => {
    await refresher.stop();
    await new Promise((ok) => server.close(ok));
    await subject.dispose();
  });

  function newRefresher(maxBytes: number): CrlRefresher {
    const repository = new RevocationRepository(subject.storage.db);
    return new CrlRefresher({
      urls: [url],
      intervalMs: 3_600_000,
      importer: new CrlImporter({ repository, trustStore: trust, publishingKey: ephemeralPublishingKey(), clock: new MovableClock() }),
      meta: new MetaRepository(subject.storage.db),
      maxBytes,
      log: {
        info: (fields: object) => void logged.push({ level: 'info', fields }),
        warn: (fields: object) => void logged.push({ level: 'warn', fields }),
      } as never,
    });
  }

  it('imports what changed, skips what the source says is the same, and survives a failing source', async () => {
    const source = url.replace('?token=secret', '');
    expect(await refresher.refreshAll()).toEqual([{ source, status: 'imported', version: 1 }]);
    expect(await refresher.refreshAll()).toEqual([{ source, status: 'not-modified' }]);
    expect(conditional[1]).toMatch(/^"[0-9a-f]{16}"$/);

    body = second;
    expect(await refresher.refreshAll()).toEqual([{ source, status: 'imported', version: 2 }]);
    status = 503;
    const failed = await refresher.refreshAll();
    expect(failed).toEqual([{ source, status: 'failed', error: 'HTTP 503' }]);
    // The credential in the address is never logged.
    expect(JSON.stringify(logged)).not.toContain('secret');
    expect(logged.at(-1)).toMatchObject({ level: 'warn', fields: { source } });
    const rows = await new RevocationRepository(subject.storage.db).list();
    expect(rows.map((r) => [r.version, r.crl_number, r.source])).toEqual([[2, '101', `url ${source}`]]);
  });

  it('refuses a list over CRL_MAX_MB while it downloads', async () => {
    await refresher.stop();
    refresher = newRefresher(1000);
    const [outcome] = await refresher.refreshAll();
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringMatching(/larger than the limit/) } satisfies Partial<RefreshOutcome>);
    expect(await new RevocationRepository(subject.storage.db).list()).toEqual([]);
  });

  it('runs on its own once started', async () => {
    const done = new Promise<void>((resolve) => {
      const poll = setInterval(async () => {
        if ((await new RevocationRepository(subject.storage.db).list()).length > 0) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    refresher.start(0);
    await done;
    expect(logged.some((l) => l.level === 'info')).toBe(true);
  });
});
