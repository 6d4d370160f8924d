import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { LATEST_SCHEMA_VERSION } from '../../server/storage/migrations/index.ts';
import type { HealthReport } from '../../src/protocol/health.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';
import { systemClock } from '../../server/clock.ts';
import { ephemeralPublishingKey } from '../../server/revocation/publishing-key.ts';
import { createRevocationServices } from '../../server/revocation/revocation-services.ts';
import type { Storage } from '../../server/storage/storage.ts';
import { TrustStore } from '../../src/pki/trust-store.ts';

const appConfig = { logLevel: 'silent' as const, adminToken: undefined, enrollmentCodeTtlMinutes: 30, crlMaxBytes: 1024 * 1024 };
const revocationOf = (storage: Storage) => createRevocationServices({ storage, trustStore: new TrustStore([]), publishingKey: ephemeralPublishingKey(), clock: systemClock });

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`HTTP app on ${engine.engine}`, () => {
    let subject: TestStorage;
    let app: FastifyInstance;
    let staticDir: string;

    beforeEach(async () => {
      subject = await engine.open();
      staticDir = mkdtempSync(join(tmpdir(), 'shelterkey-static-'));
      writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app shell</title>');
      writeFileSync(join(staticDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
      app = await buildApp({ config: { ...appConfig, staticDir }, storage: subject.storage, revocation: revocationOf(subject.storage) });
    });

    afterEach(async () => {
      await app.close();
      await subject.dispose();
      rmSync(staticDir, { recursive: true, force: true });
    });

    it('GET /api/v1/health reports the engine and schema version', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(response.statusCode).toBe(200);
      const report = response.json<HealthReport>();
      expect(report.status).toBe('ok');
      expect(report.storage).toEqual({ engine: engine.engine, reachable: true, schemaVersion: LATEST_SCHEMA_VERSION });
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('GET /api/v1/health answers 503 when the database is gone', async () => {
      await subject.storage.close();
      const response = await app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(response.statusCode).toBe(503);
      expect(response.json<HealthReport>().storage.reachable).toBe(false);
    });

    it('serves the app shell, with the service worker never cached', async () => {
      const page = await app.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('app shell');
      const sw = await app.inject({ method: 'GET', url: '/sw.js' });
      expect(sw.headers['cache-control']).toBe('no-cache');
    });

    it('answers app routes with index.html and unknown API paths with a JSON 404', async () => {
      const route = await app.inject({ method: 'GET', url: '/roster', headers: { accept: 'text/html' } });
      expect(route.statusCode).toBe(200);
      expect(route.body).toContain('app shell');
      const api = await app.inject({ method: 'GET', url: '/api/v1/nothing', headers: { accept: 'text/html' } });
      expect(api.statusCode).toBe(404);
      expect(api.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    });
  });
}

describe('HTTP app without a built app', () => {
  it('explains how to build it', async () => {
    const sqlite = storageEngines.find((e) => e.engine === 'sqlite');
    if (!sqlite) throw new Error('SQLite engine missing');
    const subject = await sqlite.open();
    const app = await buildApp({ config: { ...appConfig, staticDir: join(tmpdir(), 'no-such-dist') }, storage: subject.storage, revocation: revocationOf(subject.storage) });
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.message).toMatch(/npm run build/);
    await app.close();
    await subject.dispose();
  });
});
