import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { EventsRepository } from '../../server/storage/events-repository.ts';
import { simulateEvents } from '../../server/sim/event-generator.ts';
import type { PullResponse, PushResponse, ShelterSummary } from '../../src/protocol/api.ts';
import type { ShelterEvent } from '../../src/protocol/events.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';
import { buildTestApp, type TestApp } from '../support/test-app.ts';

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`sync API on ${engine.engine}`, () => {
    let subject: TestStorage;
    let t: TestApp;

    beforeEach(async () => {
      subject = await engine.open();
      t = await buildTestApp(subject.storage);
    });

    afterEach(async () => {
      await t.app.close();
      await subject.dispose();
    });

    describe('administration and enrollment', () => {
      it('refuses admin calls without the admin token', async () => {
        expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/shelters', payload: { name: 'x' } })).statusCode).toBe(401);
        const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/admin/shelters', payload: { name: 'x' }, headers: { authorization: 'Bearer nope' } });
        expect(wrong.statusCode).toBe(401);
        expect(wrong.json().error.code).toBe('unauthorized');
      });

      it('creates a shelter and a code that enrolls exactly one device', async () => {
        const created = await t.admin('POST', '/api/v1/admin/shelters', { name: '石巻市立中央小学校' });
        expect(created.statusCode).toBe(201);
        const { id } = created.json<{ id: string }>();
        const codeResponse = await t.admin('POST', `/api/v1/admin/shelters/${id}/enrollment-codes`);
        expect(codeResponse.statusCode).toBe(201);
        const { code } = codeResponse.json<{ code: string }>();
        expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

        // People type codes in lower case and without the dash.
        const typed = code.toLowerCase().replace('-', '');
        const enrolled = await t.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code: typed, deviceName: 'タブレット1' } });
        expect(enrolled.statusCode).toBe(201);
        expect(enrolled.json()).toMatchObject({ deviceId: expect.any(String), token: expect.any(String), shelter: { id, name: '石巻市立中央小学校' } });

        const again = await t.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, deviceName: 'タブレット2' } });
        expect(again.statusCode).toBe(400);
        expect(again.json().error.code).toBe('enrollment_code_invalid');
      });

      it('refuses an expired code', async () => {
        const { id } = (await t.admin('POST', '/api/v1/admin/shelters', { name: 'A' })).json<{ id: string }>();
        const { code } = (await t.admin('POST', `/api/v1/admin/shelters/${id}/enrollment-codes`, { ttlMinutes: 5 })).json<{ code: string }>();
        t.clock.advance(6 * 60_000);
        const late = await t.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, deviceName: 'late' } });
        expect(late.statusCode).toBe(400);
      });

      it('answers 404 for codes of a shelter that does not exist', async () => {
        expect((await t.admin('POST', '/api/v1/admin/shelters/nope/enrollment-codes')).statusCode).toBe(404);
      });

      it('stores the device token hashed only', async () => {
        const { devices } = await t.shelterWithDevices(1);
        const rows = await subject.storage.db.selectFrom('devices').select('token_hash').execute();
        expect(rows).toHaveLength(1);
        expect(rows[0]?.token_hash).not.toContain(devices[0]?.token);
        expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
      });

      it('locks out a revoked device', async () => {
        const { devices } = await t.shelterWithDevices(1);
        const [device] = devices;
        if (!device) throw new Error('no device');
        expect((await t.asDevice(device.token, 'GET', '/api/v1/sync/pull')).statusCode).toBe(200);
        expect((await t.admin('POST', `/api/v1/admin/devices/${device.deviceId}/revoke`)).statusCode).toBe(204);
        expect((await t.asDevice(device.token, 'GET', '/api/v1/sync/pull')).statusCode).toBe(401);
      });
    });

    describe('push and pull', () => {
      let shelterId: string;
      let tokens: string[];

      beforeEach(async () => {
        const setup = await t.shelterWithDevices(2);
        shelterId = setup.shelterId;
        tokens = setup.devices.map((d) => d.token);
      });

      const push = (token: string, events: unknown[], deviceTime?: string) =>
        t.asDevice(token, 'POST', '/api/v1/sync/push', { events, ...(deviceTime ? { deviceTime } : {}) });

      it('acknowledges every event and stores each once, however often it is sent', async () => {
        const events = simulateEvents({ shelterId, count: 50 });
        const first = await push(tokens[0] as string, events);
        expect(first.statusCode).toBe(200);
        expect(first.json<PushResponse>().acknowledged).toEqual(events.map((e) => e.id));
        // The response was lost: the device sends the same batch again, plus a duplicate inside it.
        const second = await push(tokens[0] as string, [...events, events[0]]);
        expect(second.json<PushResponse>().acknowledged).toEqual(events.map((e) => e.id));
        expect(await new EventsRepository(subject.storage.db).idsForShelter(shelterId)).toEqual(events.map((e) => e.id));
      });

      it('refuses a malformed batch as a whole, storing nothing', async () => {
        const events: unknown[] = simulateEvents({ shelterId, count: 5 });
        events.push({ ...(events[0] as ShelterEvent), id: uuidv7(), type: 'resident.teleported' });
        const response = await push(tokens[0] as string, events);
        expect(response.statusCode).toBe(400);
        expect(response.json().error.message).toMatch(/events\.5/);
        expect(await new EventsRepository(subject.storage.db).idsForShelter(shelterId)).toEqual([]);
      });

      it('refuses the My Number or any field the protocol does not know', async () => {
        const [event] = simulateEvents({ shelterId, count: 1 });
        const withNumber = { ...event, payload: { ...(event as ShelterEvent).payload, myNumber: '123456789012' } };
        expect((await push(tokens[0] as string, [withNumber])).statusCode).toBe(400);
      });

      it('refuses pushes without a device token', async () => {
        const response = await t.app.inject({ method: 'POST', url: '/api/v1/sync/push', payload: { events: simulateEvents({ shelterId, count: 1 }) } });
        expect(response.statusCode).toBe(401);
      });

      it('refuses events of another shelter', async () => {
        const other = await t.shelterWithDevices(1, '別の避難所');
        const response = await push(tokens[0] as string, simulateEvents({ shelterId: other.shelterId, count: 2 }));
        expect(response.statusCode).toBe(403);
      });

      it('answers 413 to a batch over the limit so the device splits it', async () => {
        const response = await push(tokens[0] as string, simulateEvents({ shelterId, count: 1001 }));
        expect(response.statusCode).toBe(413);
        expect(response.json().error.code).toBe('payload_too_large');
      });

      it('lets the other devices pull what one pushed, page by page, but not their own', async () => {
        const events = simulateEvents({ shelterId, count: 25 });
        await push(tokens[0] as string, events);
        const own = simulateEvents({ shelterId, count: 3, seed: 9 });
        await push(tokens[1] as string, own);

        const seen: string[] = [];
        let cursor = '0';
        for (;;) {
          const page = (await t.asDevice(tokens[1] as string, 'GET', `/api/v1/sync/pull?cursor=${cursor}&limit=10`)).json<PullResponse>();
          seen.push(...page.events.map((e) => e.event.id));
          cursor = page.cursor;
          if (!page.hasMore) break;
        }
        expect(seen).toEqual(events.map((e) => e.id));
        const fromTheOther = (await t.asDevice(tokens[0] as string, 'GET', '/api/v1/sync/pull')).json<PullResponse>();
        expect(fromTheOther.events.map((e) => e.event.id)).toEqual(own.map((e) => e.id));
        expect(fromTheOther.events[0]?.event).toEqual(own[0]);
      });

      it('counts residents and who is checked in, whatever order the events arrive in', async () => {
        const residentId = uuidv7();
        const at = (minutes: number) => new Date(Date.parse('2026-11-20T08:00:00Z') + minutes * 60_000).toISOString();
        const base = { shelterId };
        const registered = { ...base, id: uuidv7(), sequence: 1, occurredAt: at(0), type: 'resident.registered', payload: { residentId, source: 'manual', name: '山田\u3000花子', attributesVerified: false } };
        const checkIn = { ...base, id: uuidv7(), sequence: 2, occurredAt: at(1), type: 'resident.checked_in', payload: { residentId, method: 'manual' } };
        const checkOut = { ...base, id: uuidv7(), sequence: 3, occurredAt: at(30), type: 'resident.checked_out', payload: { residentId } };
        // Device B delivers the later check-out before device A delivers the earlier check-in.
        await push(tokens[1] as string, [checkOut]);
        await push(tokens[0] as string, [registered, checkIn]);
        const summary = (await t.admin('GET', `/api/v1/admin/shelters/${shelterId}/summary`)).json<ShelterSummary>();
        expect(summary).toEqual({ events: 3, residents: 1, checkedIn: 0, devices: 2, alerts: 0 });
      });

      it('shows coordinators each device, its last sync and what it still has to send', async () => {
        await t.asDevice(tokens[0] as string, 'POST', '/api/v1/sync/push', { events: simulateEvents({ shelterId, count: 4 }), pendingAfter: 17 });
        const list = (await t.admin('GET', '/api/v1/admin/shelters')).json<{ shelters: { id: string; events: number; devices: { lastSyncAt: string | null; pendingEvents: number | null }[] }[] }>();
        const shelter = list.shelters.find((s) => s.id === shelterId);
        expect(shelter?.events).toBe(4);
        expect(shelter?.devices).toHaveLength(2);
        expect(shelter?.devices.map((d) => d.pendingEvents)).toEqual([17, null]);
        expect(shelter?.devices[0]?.lastSyncAt).toBe(t.clock.now().toISOString());
        expect(shelter?.devices[1]?.lastSyncAt).toBeNull();
      });

      it('moves event times by the device clock offset for ordering', async () => {
        // The device clock is 5 hours behind the server.
        const deviceNow = new Date(t.clock.now().getTime() - 5 * 3600_000);
        const [event] = simulateEvents({ shelterId, count: 1, start: new Date(deviceNow.getTime() - 60_000) });
        await push(tokens[0] as string, [event], deviceNow.toISOString());
        const row = await subject.storage.db.selectFrom('events').select(['occurred_at', 'corrected_occurred_at']).executeTakeFirstOrThrow();
        expect(row.occurred_at).toBe(event?.occurredAt);
        const shift = Date.parse(row.corrected_occurred_at) - Date.parse(row.occurred_at);
        expect(shift).toBe(5 * 3600_000);
      });

      // The deployment with several server processes is PostgreSQL's; one SQLite file has one server.
      if (engine.engine === 'postgres') it('stores each event once when two server processes receive the same batch at once', async () => {
        const second = await buildTestApp(subject.openAnother(), { clock: t.clock });
        const events = simulateEvents({ shelterId, count: 200 });
        const body = { events };
        const [a, b] = await Promise.all([
          t.asDevice(tokens[0] as string, 'POST', '/api/v1/sync/push', body),
          second.asDevice(tokens[0] as string, 'POST', '/api/v1/sync/push', body),
        ]);
        expect(a.statusCode).toBe(200);
        expect(b.statusCode).toBe(200);
        expect(a.json<PushResponse>().acknowledged).toHaveLength(200);
        expect(b.json<PushResponse>().acknowledged).toHaveLength(200);
        expect(await new EventsRepository(subject.storage.db).idsForShelter(shelterId)).toEqual(events.map((e) => e.id));
        await second.app.close();
      });
    });

    it('serves the OpenAPI description of every route', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      expect(response.statusCode).toBe(200);
      const doc = response.json<{ openapi: string; paths: Record<string, unknown> }>();
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/sync/push',
          '/api/v1/sync/pull',
          '/api/v1/devices/enroll',
          '/api/v1/admin/shelters',
          '/api/v1/admin/shelters/{id}/summary',
          '/api/v1/admin/shelters/{id}/alerts',
          '/api/v1/admin/crls',
          '/api/v1/revocation/packages',
          '/api/v1/revocation/packages/{issuerKeyId}',
        ]),
      );
    });
  });
}
