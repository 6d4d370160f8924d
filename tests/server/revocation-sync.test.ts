/**
 * A device bringing its revocation lists up to date in its sync run: the publishing key pinned at
 * enrollment, a snapshot first, then deltas; packages refused (altered on the way, or signed by
 * another key) change nothing; a newer list imported on the device stays.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { trainingResident } from '../../src/card/training/committed-data.ts';
import { readSetting } from '../../src/db/settings.ts';
import type { CrlImportResponse } from '../../src/protocol/api.ts';
import { base64ToBytes, bytesToBase64 } from '../../src/protocol/encoding.ts';
import type { TrustStore } from '../../src/pki/trust-store.ts';
import { createRevocationChecker, ingestCrl } from '../../src/revocation/index.ts';
import { enrollThisDevice } from '../../src/sync/enrollment.ts';
import { RevocationUpdateError } from '../../src/sync/errors.ts';
import { SyncClient, type FetchFunction } from '../../src/sync/sync-client.ts';
import { runSync, type SyncProgress } from '../../src/sync/sync-engine.ts';
import { SyncLoop } from '../../src/sync/sync-loop.ts';
import { ephemeralPublishingKey } from '../../server/revocation/publishing-key.ts';
import { SimulatedDevice } from '../support/device.ts';
import { injectFetch } from '../support/inject-fetch.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';
import { buildTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/test-app.ts';
import { allBut, REVOKED_AT, REVOKED_RESIDENT, trainingAuthority, trainingUserAuthCrl, VALID_RESIDENT } from '../support/training-revocation.ts';

const SERVER = 'http://shelterkey.test';
const sqlite = storageEngines.find((e) => e.engine === 'sqlite');
let trust: TrustStore;
const lists: Uint8Array[] = [];

beforeAll(async () => {
  const authority = await trainingAuthority();
  trust = authority.trustStore();
  lists.push(await trainingUserAuthCrl(authority, { crlNumber: 100n, thisUpdate: new Date('2026-11-18T00:00:00Z'), residents: allBut(REVOKED_RESIDENT), filler: 400 }));
  lists.push(await trainingUserAuthCrl(authority, { crlNumber: 101n, thisUpdate: new Date('2026-11-19T00:00:00Z'), filler: 400, fillerReleased: [5] }));
  lists.push(await trainingUserAuthCrl(authority, { crlNumber: 102n, thisUpdate: new Date('2026-11-20T00:00:00Z'), filler: 405, fillerReleased: [5] }));
});

describe('revocation lists reaching a device', () => {
  let subject: TestStorage;
  let t: TestApp;
  let device: SimulatedDevice;
  let deliver: FetchFunction;

  beforeEach(async () => {
    if (!sqlite) throw new Error('no sqlite');
    subject = await sqlite.open();
    t = await buildTestApp(subject.storage, { trustStore: trust });
    deliver = injectFetch(() => t.app);
    device = new SimulatedDevice(`revocation-${uuidv7()}`);
    await device.nameShelter(uuidv7(), '中央公民館', true);
    const { id } = (await t.admin('POST', '/api/v1/admin/shelters', { name: '中央公民館' })).json<{ id: string }>();
    const { code } = (await t.admin('POST', `/api/v1/admin/shelters/${id}/enrollment-codes`)).json<{ code: string }>();
    await enrollThisDevice(device.db, { serverUrl: SERVER, code, deviceName: 'A' }, { fetch: deliver });
  });

  afterEach(async () => {
    await device.dispose();
    await t.app.close();
    await subject.dispose();
  });

  const importList = async (n: number) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/crls',
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/pkix-crl' },
        payload: Buffer.from(lists[n] as Uint8Array),
      })
    ).json<CrlImportResponse>();
  const sync = async (fetch: FetchFunction = deliver, onProgress?: (p: SyncProgress) => void) =>
    runSync(device.db, new SyncClient({ serverUrl: SERVER, token: (await readSetting(device.db, 'enrollment'))?.token, fetch }), { revocation: device.revocation, onProgress });
  const held = async () => (await device.revocationStore.list()).map((r) => ({ crlNumber: r.crlNumber, packageVersion: r.packageVersion, entryCount: r.entryCount }));
  const verdictOn = async (residentId: string) =>
    createRevocationChecker({ trustStore: trust, indexes: device.revocationStore }).validate(base64ToBytes(trainingResident(residentId).userAuth.certificate), new Date('2026-11-20T12:00:00Z'));

  it('pins the key at enrollment, takes a snapshot, then deltas, each verified and applied', async () => {
    expect(await readSetting(device.db, 'publishingKey')).toBe(bytesToBase64(t.revocation.publishingKey.publicKey));
    expect((await sync()).revocation).toEqual({ applied: 0, upToDate: 0 });

    await importList(0);
    const progress: SyncProgress[] = [];
    expect((await sync(deliver, (p) => progress.push(p))).revocation).toEqual({ applied: 1, upToDate: 0 });
    expect(await held()).toEqual([{ crlNumber: '100', packageVersion: 1, entryCount: 400 }]);
    expect(progress.filter((p) => p.phase === 'revocation').at(-1)?.revocation).toEqual({ done: 1, issuers: 1, bytes: 0 });
    expect(progress.some((p) => (p.revocation?.bytes ?? 0) > 0)).toBe(true);
    expect(await verdictOn(REVOKED_RESIDENT)).toMatchObject({ status: 'valid', crl: { crlNumber: '100' } });

    // Two more lists while the tablet was away: two deltas, smaller than a snapshot each.
    await importList(1);
    await importList(2);
    const downloads: number[] = [];
    const counting: FetchFunction = async (input, init) => {
      const response = await deliver(input, init);
      if (input.includes('/revocation/packages/')) downloads.push(Number(response.headers.get('content-length') ?? (await response.clone().arrayBuffer()).byteLength));
      return response;
    };
    expect((await sync(counting)).revocation).toEqual({ applied: 2, upToDate: 0 });
    expect(await held()).toEqual([{ crlNumber: '102', packageVersion: 3, entryCount: 405 }]);
    expect(downloads).toHaveLength(2);
    expect(Math.max(...downloads)).toBeLessThan(2000);
    expect(await verdictOn(REVOKED_RESIDENT)).toMatchObject({ status: 'revoked', reason: 'certificateHold', revokedAt: new Date(REVOKED_AT) });
    expect(await verdictOn(VALID_RESIDENT)).toMatchObject({ status: 'valid', crl: { crlNumber: '102' } });

    expect((await sync()).revocation).toEqual({ applied: 0, upToDate: 1 });
  });

  it('refuses a package altered on the way, changing nothing, and takes it clean next time', async () => {
    await importList(0);
    await sync();
    await importList(1);
    const before = await device.revocationStore.list();
    const tampering: FetchFunction = async (input, init) => {
      const response = await deliver(input, init);
      if (!input.includes('/revocation/packages/')) return response;
      const bytes = new Uint8Array(await response.arrayBuffer());
      bytes[bytes.length - 3] ^= 0x40;
      return new Response(bytes, { status: response.status, headers: response.headers });
    };
    const error = await sync(tampering).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevocationUpdateError);
    expect(error).toMatchObject({ reason: 'revocation_package_signature_invalid', retryable: true });
    expect(await device.revocationStore.list()).toEqual(before);
    expect((await sync()).revocation).toEqual({ applied: 1, upToDate: 0 });
    expect(await held()).toEqual([{ crlNumber: '101', packageVersion: 2, entryCount: 400 }]);
  });

  it('refuses packages of another key than the one pinned (a replaced server), for good', async () => {
    await importList(0);
    await t.app.close();
    t = await buildTestApp(subject.storage, { trustStore: trust, publishingKey: ephemeralPublishingKey(), clock: t.clock });
    await importList(1);
    const error = await sync().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevocationUpdateError);
    expect(error).toMatchObject({ reason: 'revocation_package_wrong_key', retryable: false });
    expect(await device.revocationStore.list()).toEqual([]);

    // The sync loop asks for a new enrollment, which pins the key the server has now.
    const loop = new SyncLoop({ db: device.db, fetch: deliver, revocation: device.revocation, network: { isOnline: () => true, onChange: () => () => {} } });
    loop.start();
    await loop.settled();
    loop.stop();
    expect(loop.status).toEqual({ state: 'needs-enrollment', pending: 0 });
    const { code } = (await t.admin('POST', `/api/v1/admin/shelters/${(await readSetting(device.db, 'shelter'))?.id}/enrollment-codes`)).json<{ code: string }>();
    await enrollThisDevice(device.db, { serverUrl: SERVER, code, deviceName: 'A' }, { fetch: deliver });
    expect((await sync()).revocation).toEqual({ applied: 1, upToDate: 0 });
  });

  it('keeps a newer list imported on the device from a file', async () => {
    const local = await ingestCrl(lists[2] as Uint8Array, { trustStore: trust });
    await device.revocationStore.write(local.index);
    await importList(1);
    expect((await sync()).revocation).toEqual({ applied: 0, upToDate: 1 });
    expect(await held()).toEqual([{ crlNumber: '102', packageVersion: undefined, entryCount: 405 }]);
  });
});
