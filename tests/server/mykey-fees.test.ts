/**
 * The J-LIS fee report: validity checks per relying system, certificate type and month (Japan
 * time), billable once per person per year for CRL status checks, 20 yen signing and 2 yen
 * user-authentication, as CSV from the admin API and `shelterkey admin fees`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { renewUserAuthCertificate } from '../../src/card/training/renewal.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { myKeyIdOf } from '../../src/pki/mykey-id.ts';
import { base64ToBytes } from '../../src/protocol/encoding.ts';
import { FeeMeter } from '../../server/mykey/fees/fee-meter.ts';
import { feeReportCsv } from '../../server/mykey/fees/fee-report.ts';
import { FeesRepository } from '../../server/storage/mykey-fees-repository.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { buildMyKeyTestApp, CardAtCounter, certificateOf, type MyKeyTestApp } from '../support/mykey.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';

const HEADER = '月 month,利用システムID system id,利用システム system,証明書 certificate,有効性確認 checks,課金対象 billable,単価(円) unit price (yen),金額(円) amount (yen)';

function csvLines(body: string): string[] {
  expect(body.startsWith('\uFEFF')).toBe(true);
  return body.slice(1).split('\r\n').filter((line) => line !== '');
}

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`fee report on ${engine.engine}`, () => {
    let subject: TestStorage;
    let t: MyKeyTestApp;
    let library: { id: string; apiKey: string };

    const validate = (apiKey: string, certificate: string) => t.asSystem(apiKey, '/api/v1/rp/validate', { certificate });
    const report = async (month: string) => {
      const response = await t.admin('GET', `/api/v1/admin/fees.csv?month=${month}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      return csvLines(response.body);
    };

    beforeEach(async () => {
      subject = await engine.open();
      t = await buildMyKeyTestApp(subject.storage);
      library = await t.createSystem('市立図書館');
    });

    afterEach(async () => {
      await t.app.close();
      await subject.dispose();
    });

    it('bills a person\'s CRL status checks once a year per system and certificate type', async () => {
      for (let i = 0; i < 3; i++) await validate(library.apiKey, certificateOf('R01'));
      await validate(library.apiKey, certificateOf('R02'));
      await validate(library.apiKey, certificateOf('R01', 'signing'));
      await validate(library.apiKey, certificateOf('R01', 'signing'));
      // Revoked certificates are answered from the CRL too; an expired one never reaches it.
      await validate(library.apiKey, certificateOf('R03'));
      await validate(library.apiKey, certificateOf('R11'));

      expect(await report('2026-11')).toEqual([
        HEADER,
        `2026-11,${library.id},市立図書館,署名用 digital signature,2,1,20,20`,
        `2026-11,${library.id},市立図書館,利用者証明用 user authentication,5,3,2,6`,
        '2026-11,,合計 total,,7,4,,26',
      ]);

      // Later that year: counted, not billed. From 1 January in Japan (15:00 UTC the day before): billed again.
      t.clock.set(new Date('2026-12-31T14:59:59Z'));
      await validate(library.apiKey, certificateOf('R01'));
      t.clock.set(new Date('2026-12-31T15:00:00Z'));
      await validate(library.apiKey, certificateOf('R01'));
      expect(await report('2026-12')).toEqual([HEADER, `2026-12,${library.id},市立図書館,利用者証明用 user authentication,1,0,2,0`, '2026-12,,合計 total,,1,0,,0']);
      expect(await report('2027-01')).toEqual([HEADER, `2027-01,${library.id},市立図書館,利用者証明用 user authentication,1,1,2,2`, '2027-01,,合計 total,,1,1,,2']);
    });

    it('bills each system for its own checks, the counter apart, and a renewed card as the same person', async () => {
      const relief = await t.createSystem('=HYPERLINK("http://example.invalid")');
      await validate(library.apiKey, certificateOf('R02'));
      await validate(relief.apiKey, certificateOf('R02'));
      const deviceToken = (await t.shelterWithDevices(1)).devices[0]?.token ?? '';
      const card = await CardAtCounter.place(t, deviceToken, 'R02');
      await card.call('/api/v1/counter/me');
      await card.call('/api/v1/counter/me');

      const renewed = await renewUserAuthCertificate(trainingResident('R02'), await trainingAuthority(), { at: new Date('2026-11-20T08:00:00Z') });
      const previousMyKeyId = myKeyIdOf(parseCertificate(base64ToBytes(certificateOf('R02')))).value;
      expect((await t.admin('POST', '/api/v1/admin/mykey/renewals', { certificate: renewed.userAuth.certificate, previousMyKeyId, operatorId: 'staff-1' })).statusCode).toBe(200);
      await validate(library.apiKey, renewed.userAuth.certificate);

      const lines = await report('2026-11');
      expect(lines).toContain(`2026-11,${library.id},市立図書館,利用者証明用 user authentication,2,1,2,2`);
      // A system name that looks like a formula is written as text.
      expect(lines).toContain(`2026-11,${relief.id},"'=HYPERLINK(""http://example.invalid"")",利用者証明用 user authentication,1,1,2,2`);
      // The counter's two checks of one person, and the operator's check of the new card, made
      // before the renewal joined it to that person (so it counts as a card of its own).
      expect(lines).toContain('2026-11,counter,窓口 resident counter,利用者証明用 user authentication,3,2,2,4');
    });

    it('refuses a month that is not YYYY-MM', async () => {
      expect((await t.admin('GET', '/api/v1/admin/fees.csv?month=2026-13')).statusCode).toBe(400);
      expect((await t.admin('GET', '/api/v1/admin/fees.csv')).statusCode).toBe(400);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/fees.csv?month=2026-11' })).statusCode).toBe(401);
    });
  });
}

describe('shelterkey admin rp-create | rps | fees', () => {
  it('creates a system with its key shown once, lists it, and prints the month\'s fee CSV', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shelterkey-fees-'));
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/shelterkey.js', 'admin', ...args], { env, encoding: 'utf8' });
    try {
      const created = cli('rp-create', '福祉課', '--scopes', 'validate,age-check', '--rate-limit', '60');
      expect(created.status).toBe(0);
      const system = JSON.parse(created.stdout) as { id: string; apiKey: string; scopes: string[] };
      expect(system).toMatchObject({ scopes: ['validate', 'age-check'], rateLimitPerMinute: 60, apiKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
      const listed = cli('rps');
      expect(JSON.parse(listed.stdout)).toMatchObject({ relyingParties: [{ id: system.id, name: '福祉課', disabled: false }] });
      expect(listed.stdout).not.toContain(system.apiKey);
      expect(cli('rp-create', 'x', '--scopes', 'everything').status).toBe(2);

      const storage = openSqliteStorage({ dataDir });
      const fees = new FeesRepository(storage.db);
      const meter = new FeeMeter(fees, Buffer.alloc(32, 1));
      await meter.count(system.id, 'user-authentication', { personId: 'p1' }, new Date('2026-11-20T09:00:00Z'));
      await meter.count(system.id, 'user-authentication', { personId: 'p1' }, new Date('2026-11-21T09:00:00Z'));
      await meter.count(system.id, 'digital-signature', { issuerKeyId: 'ab', serial: '01' }, new Date('2026-11-22T09:00:00Z'));
      const expected = feeReportCsv('2026-11', await fees.forMonth('2026-11'));
      await storage.close();

      const printed = cli('fees', '--month', '2026-11');
      expect(printed.status).toBe(0);
      expect(printed.stdout).toBe(expected);
      expect(csvLines(printed.stdout)).toEqual([
        HEADER,
        `2026-11,${system.id},福祉課,署名用 digital signature,1,1,20,20`,
        `2026-11,${system.id},福祉課,利用者証明用 user authentication,2,1,2,2`,
        '2026-11,,合計 total,,3,2,,22',
      ]);
      expect(cli('fees').status).toBe(2);
      expect(cli('rp-disable', system.id).status).toBe(0);
      expect(cli('audit', 'verify').status).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
