import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../server/audit/audit-log.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';
import { buildTestApp, type TestApp } from '../support/test-app.ts';

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`audit log on ${engine.engine}`, () => {
    let subject: TestStorage;
    let t: TestApp;
    let audit: AuditLog;

    beforeEach(async () => {
      subject = await engine.open();
      t = await buildTestApp(subject.storage);
      audit = new AuditLog(subject.storage.db);
      // Activity: shelters, codes, an enrollment, refused calls.
      await t.shelterWithDevices(2);
      await t.app.inject({ method: 'GET', url: '/api/v1/admin/shelters', headers: { authorization: 'Bearer wrong' } });
      await t.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code: 'ZZZZ-ZZZZ', deviceName: 'x' } });
    });

    afterEach(async () => {
      await t.app.close();
      await subject.dispose();
    });

    it('records every admin call and enrollment attempt, with results and no personal data', async () => {
      const rows = await subject.storage.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
      expect(rows.map((r) => [r.actor.split(':')[0], r.action, r.result])).toEqual([
        ['admin', 'POST /api/v1/admin/shelters', 'ok'],
        ['admin', 'POST /api/v1/admin/shelters/:id/enrollment-codes', 'ok'],
        ['device', 'POST /api/v1/devices/enroll', 'ok'],
        ['admin', 'POST /api/v1/admin/shelters/:id/enrollment-codes', 'ok'],
        ['device', 'POST /api/v1/devices/enroll', 'ok'],
        ['anonymous', 'GET /api/v1/admin/shelters', 'refused:401'],
        ['anonymous', 'POST /api/v1/devices/enroll', 'refused:400'],
      ]);
      expect(rows[0]?.object_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(rows)).not.toContain('市立第一小学校');
      expect(await audit.verify()).toEqual({ ok: true, entries: 7 });
    });

    it('detects an edited entry', async () => {
      await subject.storage.db.updateTable('audit_log').set({ result: 'ok' }).where('seq', '=', 6).execute();
      expect(await audit.verify()).toMatchObject({ ok: false, problem: { seq: 6, kind: 'edited' } });
    });

    it('detects a deleted entry in the middle', async () => {
      await subject.storage.db.deleteFrom('audit_log').where('seq', '=', 3).execute();
      expect(await audit.verify()).toMatchObject({ ok: false, problem: { seq: 3, kind: 'missing' } });
    });

    it('detects entries cut off the end', async () => {
      await subject.storage.db.deleteFrom('audit_log').where('seq', '>=', 6).execute();
      expect(await audit.verify()).toMatchObject({ ok: false, problem: { kind: 'head-mismatch' } });
    });

    it('detects a deleted entry whose successors were renumbered', async () => {
      await subject.storage.db.deleteFrom('audit_log').where('seq', '=', 2).execute();
      await sql`update audit_log set seq = seq - 1 where seq > 2`.execute(subject.storage.db);
      expect(await audit.verify()).toMatchObject({ ok: false, problem: { seq: 2, kind: 'missing' } });
    });

    // Two connections in one process cannot both wait on SQLite's lock (better-sqlite3 blocks the
    // thread); for SQLite the separate-process case is tested with the CLI below.
    if (engine.engine === 'postgres') it('keeps one chain when two server processes append at once', async () => {
      const other = new AuditLog(subject.openAnother().db);
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? audit : other).append({ actor: 'cli', action: `test ${i}`, result: 'ok' })));
      expect(await audit.verify()).toEqual({ ok: true, entries: 27 });
    });
  });
}

describe('shelterkey admin audit verify', () => {
  it('exits 0 for an intact log and 1 after tampering', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shelterkey-audit-'));
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/shelterkey.js', 'admin', ...args], { env, encoding: 'utf8' });
    try {
      execFileSync(process.execPath, ['bin/shelterkey.js', 'admin', 'shelter-create', 'A'], { env });
      execFileSync(process.execPath, ['bin/shelterkey.js', 'admin', 'shelter-create', 'B'], { env });
      const intact = cli('audit', 'verify');
      expect(intact.status).toBe(0);
      expect(JSON.parse(intact.stdout)).toEqual({ ok: true, entries: 2 });
      const file = new Database(join(dataDir, 'shelterkey.sqlite'));
      file.prepare("update audit_log set actor = 'someone' where seq = 1").run();
      file.close();
      const tampered = cli('audit', 'verify');
      expect(tampered.status).toBe(1);
      expect(JSON.parse(tampered.stdout)).toMatchObject({ ok: false, problem: { seq: 1, kind: 'edited' } });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps one chain when several processes append to one SQLite file at once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shelterkey-audit-'));
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    const run = promisify(execFile);
    try {
      await run(process.execPath, ['bin/shelterkey.js', 'migrate'], { env });
      await Promise.all(Array.from({ length: 4 }, (_, i) => run(process.execPath, ['bin/shelterkey.js', 'admin', 'shelter-create', `S${i}`], { env })));
      const verify = spawnSync(process.execPath, ['bin/shelterkey.js', 'admin', 'audit', 'verify'], { env, encoding: 'utf8' });
      expect(JSON.parse(verify.stdout)).toEqual({ ok: true, entries: 4 });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
