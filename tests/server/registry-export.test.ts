import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { csvCell, toCsv } from '../../server/export/csv.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';
import { buildTestApp, type TestApp } from '../support/test-app.ts';

describe('CSV cells', () => {
  it('quotes separators, quotes and line breaks, and defuses formulas', () => {
    expect(csvCell('山田\u3000花子')).toBe('山田\u3000花子');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell(undefined)).toBe('');
    expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('\uFEFFa,b\r\n1,x\r\n');
  });
});

const sqlite = storageEngines.find((e) => e.engine === 'sqlite');

describe('registry export', () => {
  let subject: TestStorage;
  let t: TestApp;

  beforeEach(async () => {
    if (!sqlite) throw new Error('no sqlite');
    subject = await sqlite.open();
    t = await buildTestApp(subject.storage);
  });

  afterEach(async () => {
    await t.app.close();
    await subject.dispose();
  });

  it('gives coordinators the shelter registry as CSV, admin only', async () => {
    const { shelterId, devices } = await t.shelterWithDevices(1);
    const residentId = uuidv7();
    const at = '2026-11-20T08:00:00.000+09:00';
    const events = [
      { id: uuidv7(), type: 'resident.registered', occurredAt: at, sequence: 1, shelterId, payload: { residentId, source: 'manual', name: '山田\u3000花子', needs: { allergies: 'そば, 卵' }, attributesVerified: false } },
      { id: uuidv7(), type: 'resident.checked_in', occurredAt: at, sequence: 2, shelterId, payload: { residentId, method: 'manual' } },
    ];
    expect((await t.asDevice(devices[0]?.token ?? '', 'POST', '/api/v1/sync/push', { events })).statusCode).toBe(200);

    expect((await t.app.inject({ method: 'GET', url: `/api/v1/admin/shelters/${shelterId}/registry.csv` })).statusCode).toBe(401);
    const response = await t.admin('GET', `/api/v1/admin/shelters/${shelterId}/registry.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = response.body.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^氏名 name,ふりがな kana,/);
    expect(lines[1]).toContain('山田\u3000花子');
    expect(lines[1]).toContain('"そば, 卵"');
    expect(lines[1]).toContain('checked_in');
    expect((await t.admin('GET', '/api/v1/admin/shelters/nope/registry.csv')).statusCode).toBe(404);
  });
});
