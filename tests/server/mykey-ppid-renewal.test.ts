/**
 * PPIDs: stable for one system, different across systems, and carried over to a renewed card
 * only with proof (the new card's PIN signature plus matching 4 attributes, J-LIS's old/new
 * serial link, or an operator's audited decision). Cards are training cards on virtual readers,
 * driven through the real card layer; renewals are real certificates from the training CAs.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signWithUserAuthKey, verifyUserAuthPin } from '../../src/card/jpki/user-auth.ts';
import { openCardSession } from '../../src/card/session/card-session.ts';
import { TRAINING_PINS } from '../../src/card/training/card-image-builder.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { renewUserAuthCertificate } from '../../src/card/training/renewal.ts';
import type { TrainingResident } from '../../src/card/training/resident-generator.ts';
import { trainingCardTransport } from '../../src/card/training/training-card.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { myKeyIdOf } from '../../src/pki/mykey-id.ts';
import { base64ToBytes, bytesToBase64 } from '../../src/protocol/encoding.ts';
import { unavailableSerialLinks } from '../../server/mykey/serial-link.ts';
import { buildMyKeyTestApp, CardAtCounter, certificateOf, type MyKeyTestApp } from '../support/mykey.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';

const RENEWED_AT = new Date('2026-11-20T08:00:00Z');
let renewedR01: TrainingResident;
let renewedR02: TrainingResident;

beforeAll(async () => {
  const authority = await trainingAuthority();
  renewedR01 = await renewUserAuthCertificate(trainingResident('R01'), authority, { at: RENEWED_AT });
  renewedR02 = await renewUserAuthCertificate(trainingResident('R02'), authority, { at: RENEWED_AT });
});

const mykeyIdOf = (certificate: string) => myKeyIdOf(parseCertificate(base64ToBytes(certificate))).value;

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`PPIDs and renewals on ${engine.engine}`, () => {
    let subject: TestStorage;
    let t: MyKeyTestApp;
    let library: { id: string; apiKey: string };
    let relief: { id: string; apiKey: string };
    let deviceToken: string;

    const ppid = async (system: { apiKey: string }, certificate: string): Promise<string | undefined> =>
      (await t.asSystem(system.apiKey, '/api/v1/rp/validate', { certificate })).json<{ ppid?: string }>().ppid;

    beforeEach(async () => {
      subject = await engine.open();
      t = await buildMyKeyTestApp(subject.storage);
      library = await t.createSystem('市立図書館');
      relief = await t.createSystem('救援物資配布');
      deviceToken = (await t.shelterWithDevices(1)).devices[0]?.token ?? '';
    });

    afterEach(async () => {
      await t.app.close();
      await subject.dispose();
    });

    it('gives one person one stable PPID per system, unrelated across systems and persons', async () => {
      const first = await ppid(library, certificateOf('R01'));
      expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await ppid(library, certificateOf('R01'))).toBe(first);
      const other = await ppid(relief, certificateOf('R01'));
      expect(other).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(other).not.toBe(first);
      expect(await ppid(library, certificateOf('R02'))).not.toBe(first);
      // Nothing in a PPID is the internal person id.
      const persons = await subject.storage.db.selectFrom('mykey_persons').select('id').execute();
      expect(persons).toHaveLength(2);
      for (const { id } of persons) expect([first, other]).not.toContain(id);
    });

    it('carries the person over to a renewed card with its PIN signature and matching 4 attributes', async () => {
      const before = { library: await ppid(library, certificateOf('R01')), relief: await ppid(relief, certificateOf('R01')) };
      expect((await t.asSystem(library.apiKey, '/api/v1/rp/links', { certificate: certificateOf('R01'), serviceId: 'LIB-0001' })).statusCode).toBe(201);
      const oldCard = await CardAtCounter.place(t, deviceToken, 'R01');
      expect((await oldCard.call('/api/v1/counter/attributes', { attributes: await oldCard.attributes() })).statusCode).toBe(204);

      // A system sees the new card before the resident comes to the counter: a new, fresh person.
      const seenFirst = await ppid(library, renewedR01.userAuth.certificate);
      expect(seenFirst).not.toBe(before.library);

      const newCard = await CardAtCounter.place(t, deviceToken, renewedR01);
      const renewal = await newCard.call('/api/v1/counter/renewals', { method: 'attributes', attributes: await newCard.attributes() });
      expect(renewal.statusCode).toBe(200);
      expect(renewal.json()).toEqual({ mykeyId: mykeyIdOf(renewedR01.userAuth.certificate), previousMyKeyIds: [mykeyIdOf(certificateOf('R01'))] });

      expect(await ppid(library, renewedR01.userAuth.certificate)).toBe(before.library);
      expect(await ppid(relief, renewedR01.userAuth.certificate)).toBe(before.relief);
      expect(await ppid(library, certificateOf('R01'))).toBe(before.library);
      const lookup = await t.asSystem(library.apiKey, '/api/v1/rp/links/lookup', { certificate: renewedR01.userAuth.certificate });
      expect(lookup.json()).toMatchObject({ serviceId: 'LIB-0001', ppid: before.library });
      const me = (await newCard.call('/api/v1/counter/me')).json();
      expect(me).toMatchObject({ known: true, canCarryOver: false, earlierMyKeyIds: [mykeyIdOf(certificateOf('R01'))], links: [{ relyingPartyName: '市立図書館', serviceId: 'LIB-0001' }] });
      // The fresh person made by the early check is gone; the renewal is recorded on the certificate.
      expect(await subject.storage.db.selectFrom('mykey_persons').select('id').execute()).toHaveLength(1);
      const joined = await subject.storage.db.selectFrom('mykey_certificates').select(['mykey_id', 'joined_by']).orderBy('joined_at').execute();
      expect(joined.map((r) => r.joined_by).sort()).toEqual(['attributes', 'first-seen']);
    });

    it('carries over with J-LIS\'s old/new serial link (training): a card renewed after its predecessor was superseded', async () => {
      // R09's certificate was superseded on 2026-09-15; the library registered the card before that.
      t.clock.set(new Date('2026-09-01T00:00:00Z'));
      const linked = await t.asSystem(library.apiKey, '/api/v1/rp/links', { certificate: certificateOf('R09'), serviceId: 'LIB-0909' });
      expect(linked.statusCode).toBe(201);
      const original = linked.json<{ ppid: string }>().ppid;

      t.clock.set(new Date('2026-11-20T09:00:00Z'));
      const renewed = await renewUserAuthCertificate(trainingResident('R09'), await trainingAuthority(), { at: new Date('2026-09-15T01:00:00Z') });
      const card = await CardAtCounter.place(t, deviceToken, renewed);
      const renewal = await card.call('/api/v1/counter/renewals', { method: 'serial-link' });
      expect(renewal.statusCode).toBe(200);
      expect(renewal.json()).toMatchObject({ previousMyKeyIds: [mykeyIdOf(certificateOf('R09'))] });
      expect(await ppid(library, renewed.userAuth.certificate)).toBe(original);
      // The superseded certificate still names the same person, with its revocation.
      expect((await t.asSystem(library.apiKey, '/api/v1/rp/validate', { certificate: certificateOf('R09') })).json()).toMatchObject({ status: 'revoked', reason: 'superseded', ppid: original });
    });

    it('carries over on an operator\'s decision, recorded in the audit log with the operator code', async () => {
      const original = await ppid(library, certificateOf('R02'));
      const decided = await t.admin('POST', '/api/v1/admin/mykey/renewals', { certificate: renewedR02.userAuth.certificate, previousMyKeyId: mykeyIdOf(certificateOf('R02')), operatorId: 'staff-017' });
      expect(decided.statusCode).toBe(200);
      expect(await ppid(library, renewedR02.userAuth.certificate)).toBe(original);
      const entry = await subject.storage.db.selectFrom('audit_log').selectAll().where('action', '=', 'POST /api/v1/admin/mykey/renewals').executeTakeFirstOrThrow();
      const [person] = await subject.storage.db.selectFrom('mykey_persons').select('id').execute();
      expect(entry).toMatchObject({ actor: 'admin/operator:staff-017', object_id: person?.id, result: 'ok' });

      const unknown = await t.admin('POST', '/api/v1/admin/mykey/renewals', { certificate: renewedR01.userAuth.certificate, previousMyKeyId: 'ZZZZZZZZZZZZZZ04202001A', operatorId: 'staff-017' });
      expect(unknown.statusCode).toBe(404);
      const revoked = await t.admin('POST', '/api/v1/admin/mykey/renewals', { certificate: certificateOf('R03'), previousMyKeyId: mykeyIdOf(certificateOf('R02')), operatorId: 'staff-017' });
      expect(revoked.statusCode).toBe(422);
    });

    it('refuses a renewal whose 4 attributes differ (the resident moved) or were never registered', async () => {
      const original = await ppid(library, certificateOf('R01'));
      const newCard = await CardAtCounter.place(t, deviceToken, renewedR01);
      const attributes = await newCard.attributes();
      const unregistered = await newCard.call('/api/v1/counter/renewals', { method: 'attributes', attributes });
      expect(unregistered.statusCode).toBe(403);
      expect(unregistered.json()).toMatchObject({ error: { code: 'renewal_not_proven', text: { ja: expect.stringContaining('窓口') } } });

      const oldCard = await CardAtCounter.place(t, deviceToken, 'R01');
      await oldCard.call('/api/v1/counter/attributes', { attributes: await oldCard.attributes() });
      const moved = await newCard.call('/api/v1/counter/renewals', { method: 'attributes', attributes: { ...attributes, address: '宮城県仙台市若林区荒井１丁目１番１号' } });
      expect(moved.statusCode).toBe(403);
      expect(await ppid(library, renewedR01.userAuth.certificate)).not.toBe(original);
      // Full-width or half-width digits and spaces do not matter: the same attributes match.
      const retyped = { ...attributes, name: attributes.name.replace('\u3000', ' '), address: attributes.address.normalize('NFKC') };
      expect((await newCard.call('/api/v1/counter/renewals', { method: 'attributes', attributes: retyped })).statusCode).toBe(200);
      expect(await ppid(library, renewedR01.userAuth.certificate)).toBe(original);
    });

    it('refuses a proof signed by another card, a replayed challenge, and another device\'s challenge', async () => {
      const oldCard = await CardAtCounter.place(t, deviceToken, 'R01');
      await oldCard.call('/api/v1/counter/attributes', { attributes: await oldCard.attributes() });
      const attributes = await oldCard.attributes();

      // R02's card signs the challenge, but the renewed R01 certificate is presented.
      const { challengeId, challenge } = (await t.asDevice(deviceToken, 'POST', '/api/v1/counter/challenges')).json<{ challengeId: string; challenge: string }>();
      const session = openCardSession(await trainingCardTransport('R02'));
      await verifyUserAuthPin(session, TRAINING_PINS.userAuth);
      const signature = bytesToBase64(await signWithUserAuthKey(session, base64ToBytes(challenge)));
      const proof = { certificate: renewedR01.userAuth.certificate, challengeId, signature };
      const forged = await t.asDevice(deviceToken, 'POST', '/api/v1/counter/renewals', { proof, method: 'attributes', attributes });
      expect(forged.statusCode).toBe(403);
      expect(forged.json()).toMatchObject({ error: { code: 'key_possession_not_proven' } });

      const newCard = await CardAtCounter.place(t, deviceToken, renewedR01);
      const good = await newCard.proof();
      expect((await t.asDevice(deviceToken, 'POST', '/api/v1/counter/me', { proof: good })).statusCode).toBe(200);
      const replayed = await t.asDevice(deviceToken, 'POST', '/api/v1/counter/renewals', { proof: good, method: 'attributes', attributes });
      expect(replayed.statusCode).toBe(403);
      expect(replayed.json()).toMatchObject({ error: { code: 'key_possession_not_proven' } });

      const otherDevice = (await t.shelterWithDevices(1, '第二小学校')).devices[0]?.token ?? '';
      const elsewhere = await t.asDevice(otherDevice, 'POST', '/api/v1/counter/renewals', { proof: await newCard.proof(), method: 'attributes', attributes });
      expect(elsewhere.statusCode).toBe(403);
      expect(elsewhere.json()).toMatchObject({ error: { code: 'key_possession_not_proven' } });
      expect(await subject.storage.db.selectFrom('mykey_certificates').select('joined_by').execute()).toEqual([{ joined_by: 'first-seen' }]);
    });

    it('refuses a serial-link renewal J-LIS does not know, and answers 503 where no J-LIS link is configured', async () => {
      await ppid(library, certificateOf('R01'));
      const notRenewed = await CardAtCounter.place(t, deviceToken, 'R02');
      expect((await notRenewed.call('/api/v1/counter/renewals', { method: 'serial-link' })).statusCode).toBe(403);

      const production = await buildMyKeyTestApp(subject.storage, { serialLinks: unavailableSerialLinks });
      try {
        const device = (await production.shelterWithDevices(1)).devices[0]?.token ?? '';
        const card = await CardAtCounter.place(production, device, renewedR01);
        const response = await card.call('/api/v1/counter/renewals', { method: 'serial-link' });
        expect(response.statusCode).toBe(503);
        expect(response.json()).toMatchObject({ error: { code: 'serial_link_unavailable' } });
      } finally {
        await production.app.close();
      }
    });

    it('does not move a renewed card that already has its own links or consents', async () => {
      const oldCard = await CardAtCounter.place(t, deviceToken, 'R01');
      await oldCard.call('/api/v1/counter/attributes', { attributes: await oldCard.attributes() });
      await t.asSystem(relief.apiKey, '/api/v1/rp/links', { certificate: renewedR01.userAuth.certificate, serviceId: 'AID-5' });
      const newCard = await CardAtCounter.place(t, deviceToken, renewedR01);
      const response = await newCard.call('/api/v1/counter/renewals', { method: 'attributes', attributes: await newCard.attributes() });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ error: { code: 'already_registered' } });
    });
  });
}
