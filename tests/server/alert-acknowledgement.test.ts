/**
 * Acknowledging an alert on both engines: a tablet's `alert.acknowledged` event closes the
 * shelter's open alert and its count (once, whatever the duplicates; never another shelter's;
 * also when it arrived before a later list raised the alert), and a coordinator can close one
 * through the admin API, audited.
 */
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertAcknowledged, PushResponse, ShelterAlerts, ShelterSummary, VerdictFeedResponse } from '../../src/protocol/api.ts';
import type { EventOf } from '../../src/protocol/events.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';
import { buildTestApp, type TestApp } from '../support/test-app.ts';
import { listsAroundR07, REVOKED_RESIDENT, type ListsAroundR07, validationEvent } from '../support/training-revocation.ts';

let lists: ListsAroundR07;

beforeAll(async () => {
  lists = await listsAroundR07();
});

const SEEN_AT = new Date('2026-11-19T08:00:00Z');
const ACKNOWLEDGED_AT = new Date('2026-11-20T08:45:00Z');

function acknowledgement(shelterId: string, validationEventId: string, sequence: number): EventOf<'alert.acknowledged'> {
  return {
    id: uuidv7({ msecs: ACKNOWLEDGED_AT.getTime() }),
    type: 'alert.acknowledged',
    occurredAt: ACKNOWLEDGED_AT.toISOString(),
    sequence,
    shelterId,
    payload: { validationEventId },
  };
}

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`alert acknowledgement on ${engine.engine}`, () => {
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

    const push = async (token: string, events: unknown[]) => {
      const response = await t.asDevice(token, 'POST', '/api/v1/sync/push', { events });
      expect(response.statusCode).toBe(200);
      return response.json<PushResponse>();
    };
    const openAlerts = async (shelterId: string) => (await t.admin('GET', `/api/v1/admin/shelters/${shelterId}/alerts`)).json<ShelterAlerts>().alerts;
    const openCount = async (shelterId: string) => (await t.admin('GET', `/api/v1/admin/shelters/${shelterId}/summary`)).json<ShelterSummary>().alerts;
    const acknowledgedAt = async (validationEventId: string) =>
      (await subject.storage.db.selectFrom('alerts').select('acknowledged_at').where('event_id', '=', validationEventId).executeTakeFirstOrThrow()).acknowledged_at;
    /** A shelter with two tablets, and a card tablet A accepted that was revoked already (known once `list` is held). */
    const revokedCheckIn = async (list = lists.withR07) => {
      const { shelterId, devices } = await t.shelterWithDevices(2);
      const [a, b] = devices;
      if (!a || !b) throw new Error('two tablets expected');
      await t.importCrl(list);
      const validation = validationEvent(shelterId, REVOKED_RESIDENT, SEEN_AT, 1);
      await push(a.token, [validation]);
      return { shelterId, a, b, validation };
    };

    it("closes the open alert and its count when another tablet's acknowledgement arrives, once", async () => {
      const { shelterId, b, validation } = await revokedCheckIn();
      expect((await openAlerts(shelterId)).map((a) => a.eventId)).toEqual([validation.id]);
      expect(await openCount(shelterId)).toBe(1);

      const ack = acknowledgement(shelterId, validation.id, 1);
      expect((await push(b.token, [ack])).acknowledged).toEqual([ack.id]);
      expect(await openAlerts(shelterId)).toEqual([]);
      expect(await openCount(shelterId)).toBe(0);
      const shelters = (await t.admin('GET', '/api/v1/admin/shelters')).json<{ shelters: { id: string; openAlerts: number }[] }>().shelters;
      expect(shelters.find((s) => s.id === shelterId)?.openAlerts).toBe(0);
      expect(await acknowledgedAt(validation.id)).toBe(ACKNOWLEDGED_AT.toISOString());

      // The same event again (a lost answer), and a second acknowledgement from another tablet.
      t.clock.advance(60_000);
      expect((await push(b.token, [ack])).acknowledged).toEqual([ack.id]);
      await push(b.token, [{ ...acknowledgement(shelterId, validation.id, 2), id: uuidv7(), occurredAt: '2026-11-20T08:59:00.000Z' }]);
      expect(await acknowledgedAt(validation.id)).toBe(ACKNOWLEDGED_AT.toISOString());
      expect(await subject.storage.db.selectFrom('alerts').select('id').execute()).toHaveLength(1);
    });

    it("cannot close another shelter's alert", async () => {
      const { shelterId, validation } = await revokedCheckIn();
      const elsewhere = await t.shelterWithDevices(1, '第二中学校');
      await push(elsewhere.devices[0]?.token ?? '', [acknowledgement(elsewhere.shelterId, validation.id, 1)]);
      expect((await openAlerts(shelterId)).map((a) => a.eventId)).toEqual([validation.id]);
      expect(await openCount(shelterId)).toBe(1);
      expect(await acknowledgedAt(validation.id)).toBeNull();
    });

    it('counts an acknowledgement that arrived before a later list raised the alert', async () => {
      const { shelterId, b, validation } = await revokedCheckIn(lists.withoutR07);
      await push(b.token, [acknowledgement(shelterId, validation.id, 1)]);
      expect(await openCount(shelterId)).toBe(0);

      expect(await t.importCrl(lists.withR07)).toMatchObject({ rechecked: 1, newAlerts: 1 });
      expect(await acknowledgedAt(validation.id)).toBe(ACKNOWLEDGED_AT.toISOString());
      expect(await openAlerts(shelterId)).toEqual([]);
      expect(await openCount(shelterId)).toBe(0);
    });

    it('lets a coordinator acknowledge an alert, idempotently and audited', async () => {
      const { shelterId, b, validation } = await revokedCheckIn();
      const [alert] = await openAlerts(shelterId);
      if (!alert) throw new Error('alert expected');
      const url = `/api/v1/admin/alerts/${alert.id}/acknowledge`;
      const opened = (await t.asDevice(b.token, 'GET', '/api/v1/sync/verdicts')).json<VerdictFeedResponse>();
      expect(opened.verdicts.map((v) => [v.eventId, v.alertAcknowledgedAt])).toEqual([[validation.id, undefined]]);
      const cursorBefore = opened.cursor;

      expect((await t.app.inject({ method: 'POST', url })).statusCode).toBe(401);
      expect(await openCount(shelterId)).toBe(1);

      const first = await t.admin('POST', url);
      expect(first.statusCode).toBe(200);
      expect(first.json<AlertAcknowledged>()).toEqual({ id: alert.id, acknowledgedAt: t.clock.now().toISOString() });
      expect(await openAlerts(shelterId)).toEqual([]);
      expect(await openCount(shelterId)).toBe(0);

      t.clock.advance(60_000);
      const again = await t.admin('POST', url);
      expect(again.statusCode).toBe(200);
      expect(again.json<AlertAcknowledged>()).toEqual(first.json<AlertAcknowledged>());
      expect((await t.admin('POST', `/api/v1/admin/alerts/${uuidv7()}/acknowledge`)).statusCode).toBe(404);

      // The shelter's tablets hear of it through the verdict feed: the verdict comes again, acknowledged.
      const feed = (await t.asDevice(b.token, 'GET', `/api/v1/sync/verdicts?cursor=${cursorBefore}`)).json<VerdictFeedResponse>();
      expect(feed.verdicts.map((v) => [v.eventId, v.status, v.revokedAtCheckIn, v.alertAcknowledgedAt])).toEqual([
        [validation.id, 'revoked', true, first.json<AlertAcknowledged>().acknowledgedAt],
      ]);
      const after = (await t.asDevice(b.token, 'GET', `/api/v1/sync/verdicts?cursor=${feed.cursor}`)).json<VerdictFeedResponse>();
      expect(after.verdicts).toEqual([]);

      const audited = await subject.storage.db
        .selectFrom('audit_log')
        .select(['actor', 'object_id', 'result'])
        .where('action', '=', 'POST /api/v1/admin/alerts/:id/acknowledge')
        .orderBy('seq')
        .execute();
      expect(audited.map((row) => [row.actor.split(':')[0], row.object_id === alert.id, row.result])).toEqual([
        ['anonymous', true, 'refused:401'],
        ['admin', true, 'ok'],
        ['admin', true, 'ok'],
        ['admin', false, 'refused:404'],
      ]);
    });
  });
}
