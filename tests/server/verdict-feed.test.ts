/**
 * The shelter's verdict feed on both engines: every tablet of a shelter hears the final verdicts
 * of the others' check-ins, and hears again when a later list changes one; other shelters never
 * see them; a cursor pages through in change order, also with two server processes writing.
 */
import { sql } from 'kysely';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../server/storage/migrations/index.ts';
import type { PushResponse, VerdictFeedResponse } from '../../src/protocol/api.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';
import { buildTestApp, type TestApp } from '../support/test-app.ts';
import { listsAroundR07, REVOKED_AT, REVOKED_RESIDENT, type ListsAroundR07, VALID_RESIDENT, validationEvent } from '../support/training-revocation.ts';

let lists: ListsAroundR07;

beforeAll(async () => {
  lists = await listsAroundR07();
});

const SEEN_AT = new Date('2026-11-19T08:00:00Z');

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`verdict feed on ${engine.engine}`, () => {
    let subject: TestStorage;
    let t: TestApp;

    beforeEach(async () => {
      subject = await engine.open();
      t = await buildTestApp(subject.storage, { trustStore: lists.trust });
    });

    afterEach(async () => {
      await t.app.close();
      await subject.dispose();
    });

    const twoTablets = async () => {
      const { shelterId, devices } = await t.shelterWithDevices(2);
      const [a, b] = devices.map((d) => ({ token: d.token }));
      if (!a || !b) throw new Error('two tablets expected');
      return { shelterId, a, b };
    };
    const push = async (token: string, events: unknown[], app = t) => {
      const response = await app.asDevice(token, 'POST', '/api/v1/sync/push', { events });
      expect(response.statusCode).toBe(200);
      return response.json<PushResponse>();
    };
    const feed = async (token: string, cursor = '0', limit?: number) => {
      const response = await t.asDevice(token, 'GET', `/api/v1/sync/verdicts?cursor=${cursor}${limit ? `&limit=${limit}` : ''}`);
      expect(response.statusCode).toBe(200);
      return response.json<VerdictFeedResponse>();
    };

    it("gives a tablet the verdicts of the other tablets' check-ins, and again when a later list changes one", async () => {
      const { shelterId, a, b } = await twoTablets();
      await t.importCrl(lists.withoutR07);
      const revokedLater = validationEvent(shelterId, REVOKED_RESIDENT, SEEN_AT, 1);
      const valid = validationEvent(shelterId, VALID_RESIDENT, SEEN_AT, 2);
      await push(a.token, [revokedLater, valid]);

      const first = await feed(b.token);
      expect(first.hasMore).toBe(false);
      expect(first.verdicts.map((v) => [v.eventId, v.status, v.revokedAtCheckIn])).toEqual([
        [revokedLater.id, 'valid', false],
        [valid.id, 'valid', false],
      ]);
      expect((await feed(b.token, first.cursor)).verdicts).toEqual([]);

      // The list naming R07 (on hold since before the check-in) arrives: the verdict comes again.
      expect(await t.importCrl(lists.withR07)).toMatchObject({ rechecked: 1, newAlerts: 1 });
      const changed = await feed(b.token, first.cursor);
      expect(changed.verdicts).toEqual([
        expect.objectContaining({
          eventId: revokedLater.id,
          status: 'revoked',
          reason: 'certificateHold',
          revokedAt: REVOKED_AT,
          revokedAtCheckIn: true,
          changed: true,
          meaning: { ja: 'カードの紛失届（一時停止中）', en: expect.any(String) },
        }),
      ]);
      expect(Number(changed.cursor)).toBeGreaterThan(Number(first.cursor));
      // The tablet that checked the card in hears it the same way.
      expect((await feed(a.token, first.cursor)).verdicts.map((v) => v.eventId)).toEqual([revokedLater.id]);
      // From the start, each verdict appears once, as it stands now.
      expect((await feed(b.token)).verdicts.map((v) => [v.eventId, v.status])).toEqual([
        [valid.id, 'valid'],
        [revokedLater.id, 'revoked'],
      ]);
    });

    it("never shows a verdict to another shelter's tablet", async () => {
      const here = await t.shelterWithDevices(1, '第一小学校');
      const elsewhere = await t.shelterWithDevices(1, '第二中学校');
      await push(here.devices[0]?.token ?? '', [validationEvent(here.shelterId, REVOKED_RESIDENT, SEEN_AT, 1)]);
      await t.importCrl(lists.withR07);
      expect((await feed(elsewhere.devices[0]?.token ?? '')).verdicts).toEqual([]);
      expect((await feed(here.devices[0]?.token ?? '')).verdicts).toHaveLength(1);
    });

    it('pages by cursor in change order', async () => {
      const { shelterId, a, b } = await twoTablets();
      const events = Array.from({ length: 7 }, (_, i) => validationEvent(shelterId, VALID_RESIDENT, new Date(SEEN_AT.getTime() + i * 60_000), i + 1));
      await push(a.token, events.slice(0, 4));
      await push(b.token, events.slice(4));
      const seen: string[] = [];
      let cursor = '0';
      const pages: boolean[] = [];
      for (;;) {
        const page = await feed(b.token, cursor, 3);
        seen.push(...page.verdicts.map((v) => v.eventId));
        pages.push(page.hasMore);
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      expect(pages).toEqual([true, true, false]);
      expect(seen).toEqual(events.map((e) => e.id));
    });

    it('numbers the verdicts of two server processes writing at once without a gap in what a cursor sees', async () => {
      const { shelterId, a, b } = await twoTablets();
      const second = await buildTestApp(subject.openAnother(), { trustStore: lists.trust, publishingKey: t.revocation.publishingKey, clock: t.clock });
      try {
        const batch = (first: number) => Array.from({ length: 5 }, (_, i) => validationEvent(shelterId, VALID_RESIDENT, new Date(SEEN_AT.getTime() + (first + i) * 1000), first + i));
        const batches = [batch(1), batch(6), batch(11), batch(16)];
        await Promise.all([push(a.token, batches[0] ?? []), push(b.token, batches[1] ?? [], second), push(a.token, batches[2] ?? [], second), push(b.token, batches[3] ?? [])]);
        const all = await feed(a.token, '0', 1000);
        expect(all.verdicts.map((v) => v.eventId).sort()).toEqual(batches.flat().map((e) => e.id).sort());
      } finally {
        await second.app.close();
      }
    });

    it('refuses a call without a device token', async () => {
      const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/sync/verdicts?cursor=0' });
      expect(anonymous.statusCode).toBe(401);
      const admin = await t.admin('GET', '/api/v1/sync/verdicts?cursor=0');
      expect(admin.statusCode).toBe(401);
    });

    it('gives the verdicts stored before the feed existed a place in it (migration 0007)', async () => {
      const { shelterId, devices } = await t.shelterWithDevices(1);
      const token = devices[0]?.token ?? '';
      const events = [1, 2, 3].map((n) => validationEvent(shelterId, VALID_RESIDENT, new Date(SEEN_AT.getTime() + n * 1000), n));
      await push(token, events);
      const migration = migrations['0007-verdict-feed'];
      if (!migration) throw new Error('migration 0007 missing');
      await migration.down?.(subject.storage.db);
      await migration.up(subject.storage.db);

      const rows = await sql<{ event_id: string; shelter_id: string; change_seq: number }>`select event_id, shelter_id, change_seq from verdicts order by change_seq`.execute(subject.storage.db);
      expect(rows.rows.map((r) => [r.event_id, r.shelter_id, Number(r.change_seq)])).toEqual(events.map((e, i) => [e.id, shelterId, i + 1]));
      const before = await feed(token);
      expect(before.verdicts.map((v) => v.eventId)).toEqual(events.map((e) => e.id));
      // Numbers handed out after the migration come after every existing one.
      const later = validationEvent(shelterId, VALID_RESIDENT, new Date(SEEN_AT.getTime() + 10_000), 4);
      await push(token, [later]);
      expect((await feed(token, before.cursor)).verdicts.map((v) => v.eventId)).toEqual([later.id]);
    });
  });
}
