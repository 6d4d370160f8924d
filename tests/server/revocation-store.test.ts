/**
 * The server's revocation store on both engines: CRLs uploaded by coordinators are verified
 * against the trust store, indexed and kept as shard blobs; devices list and download signed
 * snapshot and delta packages; and the sync re-check answers from the store, so a card seen
 * after its certificate was revoked becomes an alert once the list arrives.
 */
import { Readable } from 'node:stream';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ephemeralPublishingKey, pinPublishingKey } from '../../server/revocation/publishing-key.ts';
import { ConfigError } from '../../server/config.ts';
import { MetaRepository } from '../../server/storage/meta-repository.ts';
import type { CrlImportResponse, CrlListResponse, EnrollResponse, PushResponse, RevocationPackageList, ShelterAlerts, ShelterSummary } from '../../src/protocol/api.ts';
import { base64ToBytes } from '../../src/protocol/encoding.ts';
import type { TrustStore } from '../../src/pki/trust-store.ts';
import { applyRevocationPackage, findInShard, openRevocationPackage, shardOf, type RevocationIndex } from '../../src/revocation/index.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';
import { buildTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/test-app.ts';
import { allBut, REVOKED_AT, REVOKED_RESIDENT, trainingAuthority, trainingUserAuthCrl, VALID_RESIDENT, validationEvent } from '../support/training-revocation.ts';
import { trainingResident } from '../../src/card/training/committed-data.ts';

const DAY = 86_400_000;
let trust: TrustStore;
let listWithoutR07: Uint8Array;
let listWithR07: Uint8Array;
let olderList: Uint8Array;

beforeAll(async () => {
  const authority = await trainingAuthority();
  trust = authority.trustStore();
  olderList = await trainingUserAuthCrl(authority, { crlNumber: 90n, thisUpdate: new Date('2026-11-10T00:00:00Z'), residents: allBut(REVOKED_RESIDENT) });
  // 300 other revocations, of which the newer list releases two holds.
  listWithoutR07 = await trainingUserAuthCrl(authority, { crlNumber: 100n, thisUpdate: new Date('2026-11-18T00:00:00Z'), residents: allBut(REVOKED_RESIDENT), filler: 300 });
  listWithR07 = await trainingUserAuthCrl(authority, { crlNumber: 101n, thisUpdate: new Date('2026-11-19T00:00:00Z'), filler: 300, fillerReleased: [3, 7] });
});

const serialOf = (residentId: string) => parseCertificate(base64ToBytes(trainingResident(residentId).userAuth.certificate)).serialNumber;

function lookup(index: RevocationIndex, residentId: string) {
  const serial = serialOf(residentId);
  return findInShard(index.shards[shardOf(index.manifest, serial)] as RevocationIndex['shards'][number], serial);
}

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`revocation store on ${engine.engine}`, () => {
    let subject: TestStorage;
    let t: TestApp;

    beforeEach(async () => {
      subject = await engine.open();
      t = await buildTestApp(subject.storage, { trustStore: trust });
    });

    afterEach(async () => {
      await t.app.close();
      await subject.dispose();
    });

    const upload = (der: Uint8Array, headers: Record<string, string> = {}, app = t.app) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/admin/crls',
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/pkix-crl', ...headers },
        payload: Buffer.from(der),
      });

    async function enrolledDevice(): Promise<{ shelterId: string; token: string; publishingKey: Uint8Array }> {
      const shelter = (await t.admin('POST', '/api/v1/admin/shelters', { name: '石巻市立中央小学校' })).json<{ id: string }>();
      const { code } = (await t.admin('POST', `/api/v1/admin/shelters/${shelter.id}/enrollment-codes`)).json<{ code: string }>();
      const enrolled = (await t.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, deviceName: '受付1' } })).json<EnrollResponse>();
      return { shelterId: shelter.id, token: enrolled.token, publishingKey: base64ToBytes(enrolled.publishingKey) };
    }

    it('imports an uploaded CRL once, lists it, and keeps its shards as blobs', async () => {
      const first = await upload(listWithoutR07);
      expect(first.statusCode).toBe(201);
      const imported = first.json<CrlImportResponse>();
      expect(imported).toMatchObject({ status: 'imported', version: 1, crlNumber: '100', delta: false, deltaPublished: false });
      expect(imported.issuer).toMatch(/JPKI TRAINING/);
      const again = await upload(listWithoutR07);
      expect(again.statusCode).toBe(200);
      expect(again.json<CrlImportResponse>()).toMatchObject({ status: 'unchanged', version: 1 });

      const list = (await t.admin('GET', '/api/v1/admin/crls')).json<CrlListResponse>();
      expect(list.crls).toEqual([expect.objectContaining({ issuerKeyId: imported.issuerKeyId, version: 1, crlNumber: '100', entries: imported.entries, source: 'upload' })]);
      const shards = await subject.storage.db.selectFrom('revocation_shards').select(['version', 'bytes']).execute();
      expect(shards.length).toBeGreaterThanOrEqual(1);
      expect(shards.every((s) => s.version === 1 && s.bytes.length >= 14)).toBe(true);
    });

    it('refuses a tampered, an older, an oversized and an unauthenticated list, storing nothing of it', async () => {
      const tampered = Uint8Array.from(listWithoutR07);
      tampered[tampered.length - 20] ^= 0xff;
      const refused = await upload(tampered);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe('crl_signature_invalid');
      expect((await subject.storage.db.selectFrom('revocation_indexes').selectAll().execute()).length).toBe(0);

      expect((await upload(listWithoutR07)).statusCode).toBe(201);
      const older = await upload(olderList);
      expect(older.statusCode).toBe(409);
      expect(older.json().error.code).toBe('crl_older_than_stored');

      const noToken = await t.app.inject({ method: 'POST', url: '/api/v1/admin/crls', headers: { 'content-type': 'application/pkix-crl' }, payload: Buffer.from(listWithR07) });
      expect(noToken.statusCode).toBe(401);

      const small = await buildTestApp(subject.openAnother(), { trustStore: trust, crlMaxBytes: 4000 });
      try {
        const announced = await upload(listWithR07, {}, small.app);
        expect(announced.statusCode).toBe(413);
        // No length announced: counted as it streams.
        const streamed = await small.app.inject({
          method: 'POST',
          url: '/api/v1/admin/crls',
          headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/pkix-crl' },
          payload: Readable.from([Buffer.from(listWithR07.subarray(0, 3000)), Buffer.from(listWithR07.subarray(3000))]),
        });
        expect(streamed.statusCode).toBe(413);
        expect(streamed.json().error.code).toBe('payload_too_large');
      } finally {
        await small.app.close();
      }
      const held = (await t.admin('GET', '/api/v1/admin/crls')).json<CrlListResponse>();
      expect(held.crls.map((c) => c.crlNumber)).toEqual(['100']);
    });

    it('accepts the list as PEM too', async () => {
      const pem = `-----BEGIN X509 CRL-----\n${Buffer.from(listWithoutR07).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END X509 CRL-----\n`;
      const response = await upload(new TextEncoder().encode(pem), { 'content-type': 'application/x-pem-file' });
      expect(response.statusCode).toBe(201);
      expect(response.json<CrlImportResponse>().crlNumber).toBe('100');
    });

    it('publishes a signed snapshot and, for the next list, a delta that devices verify and apply', async () => {
      const device = await enrolledDevice();
      expect(device.publishingKey).toEqual(t.revocation.publishingKey.publicKey);
      const fetchPackage = async (issuerKeyId: string, since: number) => {
        const response = await t.asDevice(device.token, 'GET', `/api/v1/revocation/packages/${issuerKeyId}?since=${since}`);
        return { status: response.statusCode, version: response.headers['x-package-version'], bytes: new Uint8Array(response.rawPayload) };
      };

      const { issuerKeyId } = (await upload(listWithoutR07)).json<CrlImportResponse>();
      const first = await fetchPackage(issuerKeyId, 0);
      expect(first).toMatchObject({ status: 200, version: '1' });
      const v1 = applyRevocationPackage(undefined, await openRevocationPackage(first.bytes, device.publishingKey)) as RevocationIndex;
      expect(lookup(v1, REVOKED_RESIDENT)).toBeUndefined();
      expect(v1.manifest.crlNumber).toBe(100n);

      const v2 = (await upload(listWithR07)).json<CrlImportResponse>();
      expect(v2).toMatchObject({ status: 'imported', version: 2, crlNumber: '101', deltaPublished: true });
      const list = (await t.asDevice(device.token, 'GET', '/api/v1/revocation/packages')).json<RevocationPackageList>();
      expect(list.publishingKey).toBe(Buffer.from(device.publishingKey).toString('base64'));
      const [listed] = list.issuers;
      expect(listed).toMatchObject({ issuerKeyId, version: 2, crlNumber: '101', deltas: [{ fromVersion: 1, toVersion: 2 }] });
      expect(listed?.deltas[0]?.bytes).toBeLessThan(listed?.snapshotBytes ?? 0);

      // The device holding version 1 gets the delta, and ends with the newer list.
      const delta = await fetchPackage(issuerKeyId, 1);
      expect(delta).toMatchObject({ status: 200, version: '2' });
      const openedDelta = await openRevocationPackage(delta.bytes, device.publishingKey);
      expect(openedDelta).toMatchObject({ kind: 'delta', header: { version: 2, fromVersion: 1 } });
      const updated = applyRevocationPackage({ index: v1, version: 1 }, openedDelta) as RevocationIndex;
      expect(lookup(updated, REVOKED_RESIDENT)?.revokedAt.toISOString()).toBe(REVOKED_AT);
      expect(updated.manifest.entryCount).toBe(v1.manifest.entryCount - 2 + 1);
      expect(updated.manifest.crlNumber).toBe(101n);

      // A new device gets the snapshot of version 2, the same list.
      const snapshot = await fetchPackage(issuerKeyId, 0);
      expect(delta.bytes.length).toBeLessThan(snapshot.bytes.length);
      const latest = applyRevocationPackage(undefined, await openRevocationPackage(snapshot.bytes, device.publishingKey)) as RevocationIndex;
      expect(latest.manifest.entryCount).toBe(updated.manifest.entryCount);
      expect(lookup(latest, REVOKED_RESIDENT)).toEqual(lookup(updated, REVOKED_RESIDENT));

      expect((await fetchPackage(issuerKeyId, 2)).status).toBe(204);
      expect((await t.asDevice(device.token, 'GET', '/api/v1/revocation/packages/abcdef?since=0')).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/revocation/packages/${issuerKeyId}` })).statusCode).toBe(401);
      // A device pinned to another server's key refuses these packages.
      await expect(openRevocationPackage(snapshot.bytes, ephemeralPublishingKey().publicKey)).rejects.toThrow(/another key/);
    });

    it('re-checks a check-in against the store: revoked before the check-in becomes an alert', async () => {
      const device = await enrolledDevice();
      const push = async (events: unknown[]) => (await t.asDevice(device.token, 'POST', '/api/v1/sync/push', { events })).json<PushResponse>();
      const seenAt = new Date('2026-11-19T08:00:00Z');
      // Before any list: the server cannot tell.
      const before = await push([validationEvent(device.shelterId, REVOKED_RESIDENT, seenAt, 1)]);
      expect(before.verdicts[0]).toMatchObject({ status: 'unknown', reason: 'no-revocation-data', revokedAtCheckIn: false });

      // The shelter was offline; meanwhile the list naming R07 (on hold since 11-02) arrives, and
      // with it the validation already synced turns out revoked at check-in.
      expect((await upload(listWithR07)).json<CrlImportResponse>()).toMatchObject({ rechecked: 1, newAlerts: 1 });
      const lateCheckIn = validationEvent(device.shelterId, REVOKED_RESIDENT, seenAt, 2);
      const earlyCheckIn = validationEvent(device.shelterId, REVOKED_RESIDENT, new Date(Date.parse(REVOKED_AT) - DAY), 3);
      const validCard = validationEvent(device.shelterId, VALID_RESIDENT, seenAt, 4);
      const after = await push([lateCheckIn, earlyCheckIn, validCard]);
      const verdict = (id: string) => after.verdicts.find((v) => v.eventId === id);
      expect(verdict(lateCheckIn.id)).toMatchObject({
        status: 'revoked',
        reason: 'certificateHold',
        revokedAt: REVOKED_AT,
        revokedAtCheckIn: true,
        changed: true,
        meaning: { ja: 'カードの紛失届（一時停止中）' },
      });
      expect(verdict(earlyCheckIn.id)).toMatchObject({ status: 'valid', revokedAtCheckIn: false, changed: false });
      expect(verdict(validCard.id)).toMatchObject({ status: 'valid', revokedAtCheckIn: false });

      const summary = (await t.admin('GET', `/api/v1/admin/shelters/${device.shelterId}/summary`)).json<ShelterSummary>();
      expect(summary.alerts).toBe(2);
      const { alerts } = (await t.admin('GET', `/api/v1/admin/shelters/${device.shelterId}/alerts`)).json<ShelterAlerts>();
      expect(alerts.find((a) => a.eventId === lateCheckIn.id)).toEqual(
        expect.objectContaining({ kind: 'revoked_at_check_in', deviceName: '受付1', reason: 'certificateHold', revokedAt: REVOKED_AT, occurredAt: seenAt.toISOString() }),
      );
      expect(alerts.map((a) => a.eventId).sort()).toEqual([lateCheckIn.id, before.verdicts[0]?.eventId].sort());
    });

    it('re-checks validations already synced when a newer list arrives: a card revoked before it was seen becomes an alert', async () => {
      const device = await enrolledDevice();
      const push = async (events: unknown[]) => (await t.asDevice(device.token, 'POST', '/api/v1/sync/push', { events })).json<PushResponse>();
      const beforeAnyList = validationEvent(device.shelterId, REVOKED_RESIDENT, new Date('2026-11-19T08:00:00Z'), 1);
      expect((await push([beforeAnyList])).verdicts[0]?.status).toBe('unknown');

      // The first list: what was unknown is now known (valid: R07 is not on it yet).
      expect((await upload(listWithoutR07)).json<CrlImportResponse>()).toMatchObject({ status: 'imported', rechecked: 1, newAlerts: 0 });
      const withFirstList = validationEvent(device.shelterId, REVOKED_RESIDENT, new Date('2026-11-19T09:00:00Z'), 2);
      const beforeRevocation = validationEvent(device.shelterId, REVOKED_RESIDENT, new Date(Date.parse(REVOKED_AT) - DAY), 3);
      const other = validationEvent(device.shelterId, VALID_RESIDENT, new Date('2026-11-19T09:00:00Z'), 4);
      expect((await push([withFirstList, beforeRevocation, other])).verdicts.map((v) => v.status)).toEqual(['valid', 'valid', 'valid']);
      expect((await t.admin('GET', `/api/v1/admin/shelters/${device.shelterId}/summary`)).json<ShelterSummary>().alerts).toBe(0);

      // The next list names R07, on hold since before both check-ins of the 19th.
      expect((await upload(listWithR07)).json<CrlImportResponse>()).toMatchObject({ status: 'imported', rechecked: 3, newAlerts: 2 });
      const { alerts } = (await t.admin('GET', `/api/v1/admin/shelters/${device.shelterId}/alerts`)).json<ShelterAlerts>();
      expect(alerts.map((a) => a.eventId).sort()).toEqual([beforeAnyList.id, withFirstList.id].sort());
      expect(alerts.every((a) => a.reason === 'certificateHold' && a.revokedAt === REVOKED_AT)).toBe(true);
      const verdicts = await subject.storage.db.selectFrom('verdicts').select(['event_id', 'status', 'revoked_at_check_in']).execute();
      const statusOf = (id: string) => verdicts.find((v) => v.event_id === id);
      expect(statusOf(beforeRevocation.id)).toMatchObject({ status: 'valid', revoked_at_check_in: 0 });
      expect(statusOf(other.id)).toMatchObject({ status: 'valid' });
      expect(statusOf(withFirstList.id)).toMatchObject({ status: 'revoked', revoked_at_check_in: 1 });
      // The same list again changes nothing.
      expect((await upload(listWithR07)).json<CrlImportResponse>()).toMatchObject({ status: 'unchanged', rechecked: 0, newAlerts: 0 });
    });

    if (engine.engine === 'postgres')
      it('lets a second server process on the same database re-check with a list the first one imported', async () => {
        const device = await enrolledDevice();
        const second = await buildTestApp(subject.openAnother(), { trustStore: trust, publishingKey: t.revocation.publishingKey, clock: t.clock });
        try {
          const push = async (app: TestApp, sequence: number) =>
            (await app.asDevice(device.token, 'POST', '/api/v1/sync/push', { events: [validationEvent(device.shelterId, REVOKED_RESIDENT, new Date('2026-11-19T08:00:00Z'), sequence)] })).json<PushResponse>();
          expect((await push(second, 1)).verdicts[0]?.status).toBe('unknown');
          expect((await upload(listWithoutR07)).statusCode).toBe(201);
          expect((await push(second, 2)).verdicts[0]?.status).toBe('valid');
          expect((await upload(listWithR07)).statusCode).toBe(201);
          expect((await push(second, 3)).verdicts[0]).toMatchObject({ status: 'revoked', revokedAtCheckIn: true });
          const list = (await second.asDevice(device.token, 'GET', '/api/v1/revocation/packages')).json<RevocationPackageList>();
          expect(list.issuers[0]?.version).toBe(2);
        } finally {
          await second.app.close();
        }
      });

    it('keeps one publishing key per database', async () => {
      const meta = new MetaRepository(subject.storage.db);
      const key = ephemeralPublishingKey();
      await pinPublishingKey(meta, key);
      await pinPublishingKey(meta, key);
      await expect(pinPublishingKey(meta, ephemeralPublishingKey())).rejects.toThrow(ConfigError);
    });
  });
}
