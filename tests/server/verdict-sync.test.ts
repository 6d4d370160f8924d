/**
 * Tablets receiving the shelter's verdict feed in their sync run (the app's Dexie database over
 * fake-indexeddb, the real server in process): the verdicts of the other tablets' check-ins,
 * then a verdict a later list changed, kept through the same code as a push's verdicts, so the
 * alert appears on every tablet of the shelter and one acknowledged (on any tablet) stays acknowledged.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { trainingResident } from '../../src/card/training/committed-data.ts';
import { readSetting, writeSetting } from '../../src/db/settings.ts';
import { enrollThisDevice } from '../../src/sync/enrollment.ts';
import { applyPushResult } from '../../src/sync/outbox.ts';
import { SyncClient, type FetchFunction } from '../../src/sync/sync-client.ts';
import { runSync } from '../../src/sync/sync-engine.ts';
import { acknowledgeAlert, alertIdOf } from '../../src/sync/alert-acknowledgements.ts';
import { SimulatedDevice } from '../support/device.ts';
import { injectFetch } from '../support/inject-fetch.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';
import { buildTestApp, type TestApp } from '../support/test-app.ts';
import { listsAroundR07, REVOKED_AT, REVOKED_RESIDENT, type ListsAroundR07, VALID_RESIDENT } from '../support/training-revocation.ts';

const SERVER = 'http://shelterkey.test';
const DEVICE_TIME = () => new Date('2026-11-20T08:30:00Z');
let lists: ListsAroundR07;

beforeAll(async () => {
  lists = await listsAroundR07();
});

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`tablets receiving the verdict feed on ${engine.engine}`, () => {
    let subject: TestStorage;
    let t: TestApp;
    let fetch: FetchFunction;
    let devices: SimulatedDevice[];
    let shelterId: string;

    beforeEach(async () => {
      subject = await engine.open();
      t = await buildTestApp(subject.storage, { trustStore: lists.trust });
      fetch = injectFetch(() => t.app);
      devices = [];
      shelterId = (await t.admin('POST', '/api/v1/admin/shelters', { name: '中央公民館' })).json<{ id: string }>().id;
    });

    afterEach(async () => {
      await Promise.all(devices.map((d) => d.dispose()));
      await t.app.close();
      await subject.dispose();
    });

    async function tablet(name: string): Promise<SimulatedDevice> {
      const device = new SimulatedDevice(`${name}-${uuidv7()}`, DEVICE_TIME);
      devices.push(device);
      await device.nameShelter(uuidv7(), '中央公民館', true);
      const { code } = (await t.admin('POST', `/api/v1/admin/shelters/${shelterId}/enrollment-codes`)).json<{ code: string }>();
      await enrollThisDevice(device.db, { serverUrl: SERVER, code, deviceName: name }, { fetch });
      return device;
    }
    const sync = async (device: SimulatedDevice) =>
      runSync(device.db, new SyncClient({ serverUrl: SERVER, token: (await readSetting(device.db, 'enrollment'))?.token, fetch }), { clock: device.clock });
    const checkIn = (device: SimulatedDevice, residentId: string) =>
      device.recorder.record('card.validated', { certificate: trainingResident(residentId).userAuth.certificate, verdict: { status: 'valid' }, revocationData: null });
    const openAlerts = async (device: SimulatedDevice) => (await device.db.alerts.where('acknowledged').equals(0).toArray()).map((a) => a.eventId);
    /** Tablet A accepted a card revoked already; both tablets synced and show the alert. */
    const alertOnTwoTablets = async () => {
      const a = await tablet('A');
      const b = await tablet('B');
      await t.importCrl(lists.withR07);
      const event = await checkIn(a, REVOKED_RESIDENT);
      await sync(a);
      await sync(b);
      expect(await openAlerts(b)).toEqual([event.id]);
      return { a, b, event };
    };

    it("receives the other tablet's verdicts, then the one a later list changed, as an alert on both tablets", async () => {
      const a = await tablet('A');
      const b = await tablet('B');
      await t.importCrl(lists.withoutR07);
      const revokedLater = await checkIn(a, REVOKED_RESIDENT);
      const valid = await checkIn(a, VALID_RESIDENT);
      expect((await sync(a)).verdicts).toBe(2);

      const first = await sync(b);
      expect(first).toMatchObject({ received: 2, verdicts: 2 });
      expect(await b.db.verdicts.get(revokedLater.id)).toMatchObject({ status: 'valid', revokedAtCheckIn: false });
      expect(await b.db.verdicts.get(valid.id)).toMatchObject({ status: 'valid' });
      expect(await openAlerts(b)).toEqual([]);
      expect((await sync(b)).verdicts).toBe(0);

      // The list naming R07 (on hold since 11-02) reaches the server after the check-in synced.
      expect(await t.importCrl(lists.withR07)).toMatchObject({ rechecked: 1, newAlerts: 1 });
      expect((await sync(b)).verdicts).toBe(1);
      expect(await b.db.verdicts.get(revokedLater.id)).toMatchObject({
        status: 'revoked',
        reason: 'certificateHold',
        revokedAt: REVOKED_AT,
        revokedAtCheckIn: true,
        meaning: { ja: 'カードの紛失届（一時停止中）', en: expect.any(String) },
      });
      expect(await openAlerts(b)).toEqual([revokedLater.id]);
      await sync(a);
      expect(await openAlerts(a)).toEqual([revokedLater.id]);
    });

    it('keeps an acknowledged alert acknowledged when the verdict comes again, by feed or by push answer', async () => {
      const { b, event } = await alertOnTwoTablets();
      const alert = await b.db.alerts.where('eventId').equals(event.id).first();
      await acknowledgeAlert(b.db, b.recorder, alert?.id ?? '');
      expect(await openAlerts(b)).toEqual([]);

      // The whole feed again (a cursor lost), then the same verdict as a push answer brings.
      await writeSetting(b.db, 'verdictCursor', '0');
      expect((await sync(b)).verdicts).toBe(1);
      const verdict = await b.db.verdicts.get(event.id);
      if (!verdict) throw new Error('verdict missing');
      await applyPushResult(b.db, [], [], [verdict]);
      expect(await openAlerts(b)).toEqual([]);
      expect(await b.db.alerts.count()).toBe(1);
    });

    it("shares an acknowledgement: the shelter's other tablets and the coordinators see the alert closed", async () => {
      const { a, b, event } = await alertOnTwoTablets();

      // Tablet A acknowledges with no network; the flag is kept at once, the event waits in the outbox.
      await acknowledgeAlert(a.db, a.recorder, alertIdOf(event.id));
      expect(await openAlerts(a)).toEqual([]);
      expect((await a.db.events.where('type').equals('alert.acknowledged').toArray()).map((row) => [row.syncState, row.event.payload])).toEqual([
        ['pending', { validationEventId: event.id }],
      ]);
      expect((await sync(a)).sent).toBe(1);
      const shelters = (await t.admin('GET', '/api/v1/admin/shelters')).json<{ shelters: { id: string; openAlerts: number }[] }>().shelters;
      expect(shelters.find((s) => s.id === shelterId)?.openAlerts).toBe(0);

      await sync(b);
      expect(await openAlerts(b)).toEqual([]);
      expect(await b.db.alerts.get(alertIdOf(event.id))).toMatchObject({ acknowledged: 1 });
      // A tablet that hears of the alert only now (events first, then the verdict feed) gets it closed.
      const c = await tablet('C');
      await sync(c);
      expect(await c.db.alerts.get(alertIdOf(event.id))).toMatchObject({ acknowledged: 1 });
      // Acknowledging again records nothing more.
      await acknowledgeAlert(a.db, a.recorder, alertIdOf(event.id));
      expect(await a.db.events.where('type').equals('alert.acknowledged').count()).toBe(1);
    });

    it("brings a coordinator's acknowledgement to the shelter's tablets", async () => {
      const { a, b, event } = await alertOnTwoTablets();
      const [alert] = (await t.admin('GET', `/api/v1/admin/shelters/${shelterId}/alerts`)).json<{ alerts: { id: string; eventId: string }[] }>().alerts;
      expect(alert?.eventId).toBe(event.id);
      expect((await t.admin('POST', `/api/v1/admin/alerts/${alert?.id}/acknowledge`)).statusCode).toBe(200);

      for (const device of [a, b]) {
        expect(await openAlerts(device)).toEqual([event.id]);
        await sync(device);
        expect(await openAlerts(device)).toEqual([]);
      }
      // A tablet enrolled later receives the alert closed.
      const c = await tablet('C');
      await sync(c);
      expect(await c.db.alerts.get(alertIdOf(event.id))).toMatchObject({ acknowledged: 1 });
    });

    it('keeps a revoked verdict when an older answer arrives late', async () => {
      const a = await tablet('A');
      await t.importCrl(lists.withoutR07);
      const event = await checkIn(a, REVOKED_RESIDENT);
      await sync(a);
      const earlier = await a.db.verdicts.get(event.id);
      await t.importCrl(lists.withR07);
      await sync(a);
      if (!earlier) throw new Error('verdict missing');
      // A push answer that was on its way before the list arrived.
      await applyPushResult(a.db, [], [], [earlier]);
      expect(await a.db.verdicts.get(event.id)).toMatchObject({ status: 'revoked', revokedAtCheckIn: true });
    });
  });
}
