/**
 * Relying-system and counter calls in the hash-chained audit log (actor, action, time, result;
 * never the person or the certificate), tampering with those entries detected, and no usage
 * history anywhere: repeating a call leaves no trace but counters.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../server/audit/audit-log.ts';
import { buildMyKeyTestApp, CardAtCounter, certificateOf, type MyKeyTestApp } from '../support/mykey.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';

/** Every MyKey table except the fee counters, as JSON, to compare before and after calls. */
async function myKeyState(subject: TestStorage): Promise<string> {
  const db = subject.storage.db;
  return JSON.stringify(
    await Promise.all([
      db.selectFrom('mykey_persons').selectAll().orderBy('id').execute(),
      db.selectFrom('mykey_certificates').selectAll().orderBy('certificate_hash').execute(),
      db.selectFrom('mykey_links').selectAll().orderBy('service_id').execute(),
      db.selectFrom('mykey_consents').selectAll().orderBy('id').execute(),
      db.selectFrom('mykey_person_attributes').selectAll().orderBy('person_id').execute(),
      db.selectFrom('mykey_fee_subjects').selectAll().orderBy('subject_digest').execute(),
    ]),
  );
}

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`MyKey audit and privacy on ${engine.engine}`, () => {
    let subject: TestStorage;
    let t: MyKeyTestApp;
    let library: { id: string; apiKey: string };
    let audit: AuditLog;

    beforeEach(async () => {
      subject = await engine.open();
      t = await buildMyKeyTestApp(subject.storage);
      audit = new AuditLog(subject.storage.db);
      library = await t.createSystem('市立図書館');
    });

    afterEach(async () => {
      await t.app.close();
      await subject.dispose();
    });

    it('records every relying-system call, refused ones too, with no person, certificate or service ID', async () => {
      await t.asSystem(library.apiKey, '/api/v1/rp/validate', { certificate: certificateOf('R01') });
      await t.asSystem(library.apiKey, '/api/v1/rp/links', { certificate: certificateOf('R01'), serviceId: 'LIB-31337' });
      await t.asSystem(library.apiKey, '/api/v1/rp/links', { certificate: certificateOf('R01'), serviceId: 'LIB-31337' });
      await t.asSystem('wrong-key', '/api/v1/rp/validate', { certificate: certificateOf('R01') });
      await t.asSystem(library.apiKey, '/api/v1/rp/validate', { certificate: 'bm90IGEgY2VydA==' });

      const rows = await subject.storage.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
      expect(rows.map((r) => [r.actor, r.action, r.object_id, r.result])).toEqual([
        ['admin', 'POST /api/v1/admin/relying-parties', library.id, 'ok'],
        [`rp:${library.id}`, 'POST /api/v1/rp/validate', null, 'ok'],
        [`rp:${library.id}`, 'POST /api/v1/rp/links', null, 'ok'],
        [`rp:${library.id}`, 'POST /api/v1/rp/links', null, 'refused:409'],
        ['anonymous', 'POST /api/v1/rp/validate', null, 'refused:401'],
        [`rp:${library.id}`, 'POST /api/v1/rp/validate', null, 'refused:400'],
      ]);
      const text = JSON.stringify(rows);
      const persons = await subject.storage.db.selectFrom('mykey_persons').select('id').execute();
      for (const forbidden of ['LIB-31337', certificateOf('R01').slice(0, 40), ...persons.map((p) => p.id)]) expect(text).not.toContain(forbidden);
      expect(await audit.verify()).toEqual({ ok: true, entries: 6 });
    });

    it('records counter calls by device, never by resident', async () => {
      const deviceToken = (await t.shelterWithDevices(1)).devices[0]?.token ?? '';
      const card = await CardAtCounter.place(t, deviceToken, 'R02');
      await card.call('/api/v1/counter/links', { relyingPartyId: library.id, serviceId: 'LIB-2' });
      const rows = await subject.storage.db.selectFrom('audit_log').selectAll().where('action', 'like', '%/counter/%').orderBy('seq').execute();
      expect(rows.map((r) => [r.actor.split(':')[0], r.action, r.object_id, r.result])).toEqual([
        ['device', 'POST /api/v1/counter/challenges', null, 'ok'],
        ['device', 'POST /api/v1/counter/links', library.id, 'ok'],
      ]);
      expect(await audit.verify()).toMatchObject({ ok: true });
    });

    it('detects an edited, a deleted and a cut-off relying-system entry', async () => {
      for (let i = 0; i < 3; i++) await t.asSystem(library.apiKey, '/api/v1/rp/validate', { certificate: certificateOf('R01') });
      expect(await audit.verify()).toEqual({ ok: true, entries: 4 });

      // Rewriting who made a call.
      await subject.storage.db.updateTable('audit_log').set({ actor: 'admin' }).where('seq', '=', 3).execute();
      expect(await audit.verify()).toMatchObject({ ok: false, problem: { seq: 3, kind: 'edited' } });
      await subject.storage.db.updateTable('audit_log').set({ actor: `rp:${library.id}` }).where('seq', '=', 3).execute();
      expect(await audit.verify()).toEqual({ ok: true, entries: 4 });

      await subject.storage.db.deleteFrom('audit_log').where('seq', '=', 2).execute();
      expect(await audit.verify()).toMatchObject({ ok: false, problem: { seq: 2, kind: 'missing' } });
    });

    it('detects relying-system entries cut off the end of the log', async () => {
      for (let i = 0; i < 2; i++) await t.asSystem(library.apiKey, '/api/v1/rp/validate', { certificate: certificateOf('R01') });
      await subject.storage.db.deleteFrom('audit_log').where('seq', '=', 3).execute();
      expect(await audit.verify()).toMatchObject({ ok: false, problem: { kind: 'head-mismatch' } });
    });

    it('keeps no usage history: checking and looking up again changes nothing but the counters', async () => {
      await t.asSystem(library.apiKey, '/api/v1/rp/links', { certificate: certificateOf('R01'), serviceId: 'LIB-1' });
      await t.asSystem(library.apiKey, '/api/v1/rp/validate', { certificate: certificateOf('R01') });
      const before = await myKeyState(subject);
      t.clock.advance(86_400_000);
      for (let i = 0; i < 5; i++) {
        await t.asSystem(library.apiKey, '/api/v1/rp/validate', { certificate: certificateOf('R01') });
        await t.asSystem(library.apiKey, '/api/v1/rp/links/lookup', { certificate: certificateOf('R01') });
      }
      expect(await myKeyState(subject)).toBe(before);
      const counts = await subject.storage.db.selectFrom('mykey_fee_counts').select(['month', 'checks', 'billable']).execute();
      expect(counts).toEqual([{ month: '2026-11', checks: 12, billable: 1 }]);
    });
  });
}
