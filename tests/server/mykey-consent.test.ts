/**
 * Consent: the 4 attributes reach a system only with the resident's consent for that system,
 * given at the counter with their card (PIN), recorded (who, which system, which data, when),
 * revocable, and the stored data erased when no consent needs it. Age checks answer yes or no.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMyKeyTestApp, CardAtCounter, certificateOf, type MyKeyTestApp } from '../support/mykey.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`consent and age checks on ${engine.engine}`, () => {
    let subject: TestStorage;
    let t: MyKeyTestApp;
    let welfare: { id: string; apiKey: string };
    let relief: { id: string; apiKey: string };
    let deviceToken: string;
    let card: CardAtCounter;

    const attributesFor = (system: { apiKey: string }, resident = 'R01') => t.asSystem(system.apiKey, '/api/v1/rp/attributes', { certificate: certificateOf(resident) });
    const ageCheck = (system: { apiKey: string }, atLeast: number, resident = 'R01') => t.asSystem(system.apiKey, '/api/v1/rp/age-check', { certificate: certificateOf(resident), atLeast });
    const stored = () => subject.storage.db.selectFrom('mykey_person_attributes').select(['name', 'address', 'birth_date', 'sex']).execute();

    beforeEach(async () => {
      subject = await engine.open();
      t = await buildMyKeyTestApp(subject.storage);
      welfare = await t.createSystem('福祉課', { scopes: ['validate', 'attributes', 'age-check'] });
      relief = await t.createSystem('救援物資配布', { scopes: ['validate', 'attributes', 'links'] });
      deviceToken = (await t.shelterWithDevices(1)).devices[0]?.token ?? '';
      card = await CardAtCounter.place(t, deviceToken, 'R01');
    });

    afterEach(async () => {
      await t.app.close();
      await subject.dispose();
    });

    it('gives a system no attributes before the resident consents', async () => {
      const response = await attributesFor(welfare);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ error: { code: 'consent_required', text: { ja: expect.stringContaining('同意') } } });
      expect(await stored()).toEqual([]);
    });

    it('gives exactly the consented items to the consented system, and records the consent', async () => {
      const attributes = await card.attributes();
      const given = await card.call('/api/v1/counter/consents', { relyingPartyId: welfare.id, items: ['name', 'address'], attributes });
      expect(given.statusCode).toBe(201);
      expect(given.json()).toEqual({
        consents: [
          { relyingPartyId: welfare.id, relyingPartyName: '福祉課', item: 'name', givenAt: '2026-11-20T09:00:00.000Z' },
          { relyingPartyId: welfare.id, relyingPartyName: '福祉課', item: 'address', givenAt: '2026-11-20T09:00:00.000Z' },
        ],
      });
      const response = await attributesFor(welfare);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'valid', ppid: expect.any(String), attributes: { name: '佐藤\u3000花子', address: '宮城県石巻市中央２丁目８番１５号' } });
      // Only what a consent needs is kept: no birth date, no sex.
      expect(await stored()).toEqual([{ name: '佐藤\u3000花子', address: '宮城県石巻市中央２丁目８番１５号', birth_date: null, sex: null }]);
      // Consent is per system.
      expect((await attributesFor(relief)).statusCode).toBe(403);
      const records = await subject.storage.db.selectFrom('mykey_consents').selectAll().execute();
      expect(records).toHaveLength(2);
      expect(records[0]).toMatchObject({ relying_party_id: welfare.id, given_at: '2026-11-20T09:00:00.000Z', given_via: expect.stringMatching(/^device:/), withdrawn_at: null });
    });

    it('withdraws consent: the system gets nothing more and the data is erased, the record stays', async () => {
      const attributes = await card.attributes();
      await card.call('/api/v1/counter/consents', { relyingPartyId: welfare.id, items: ['name', 'sex'], attributes });
      await card.call('/api/v1/counter/consents', { relyingPartyId: relief.id, items: ['name'], attributes });
      t.clock.advance(3_600_000);

      const withdrawn = await card.call('/api/v1/counter/consents/withdraw', { relyingPartyId: welfare.id });
      expect(withdrawn.statusCode).toBe(200);
      expect(withdrawn.json()).toEqual({ consents: [expect.objectContaining({ relyingPartyId: relief.id, item: 'name' })] });
      expect((await attributesFor(welfare)).statusCode).toBe(403);
      expect((await attributesFor(relief)).json()).toMatchObject({ attributes: { name: '佐藤\u3000花子' } });
      // The name stays for the other system's consent; sex had no other consent and is gone.
      expect(await stored()).toEqual([{ name: '佐藤\u3000花子', address: null, birth_date: null, sex: null }]);

      await card.call('/api/v1/counter/consents/withdraw', { relyingPartyId: relief.id, items: ['name'] });
      expect(await stored()).toEqual([]);
      const records = await subject.storage.db.selectFrom('mykey_consents').select(['item', 'withdrawn_at']).orderBy('given_at').orderBy('id').execute();
      expect(records.map((r) => [r.item, r.withdrawn_at])).toEqual([
        ['name', '2026-11-20T10:00:00.000Z'],
        ['sex', '2026-11-20T10:00:00.000Z'],
        ['name', '2026-11-20T10:00:00.000Z'],
      ]);
      // And consent can be given again.
      await card.call('/api/v1/counter/consents', { relyingPartyId: welfare.id, items: ['sex'], attributes });
      expect((await attributesFor(welfare)).json()).toMatchObject({ attributes: { sex: 'female' } });
    });

    it('refuses consent to data a system does not ask for, without the value, or with a revoked card', async () => {
      const attributes = await card.attributes();
      const library = await t.createSystem('図書館', { scopes: ['validate', 'links'] });
      expect((await card.call('/api/v1/counter/consents', { relyingPartyId: library.id, items: ['name'], attributes })).statusCode).toBe(400);
      expect((await card.call('/api/v1/counter/consents', { relyingPartyId: welfare.id, items: ['ageCheck'], attributes: { name: attributes.name } })).statusCode).toBe(400);
      expect((await card.call('/api/v1/counter/consents', { relyingPartyId: 'no-such-system', items: ['name'], attributes })).statusCode).toBe(404);
      const revokedCard = await CardAtCounter.place(t, deviceToken, 'R03');
      const revoked = await revokedCard.call('/api/v1/counter/consents', { relyingPartyId: welfare.id, items: ['name'], attributes: await revokedCard.attributes() });
      expect(revoked.statusCode).toBe(422);
      expect(await stored()).toEqual([]);
    });

    it('refuses a counter link to a system that does not use service cards (no links scope), and spends no challenge on it', async () => {
      const proof = await card.proof();
      const refused = await t.asDevice(deviceToken, 'POST', '/api/v1/counter/links', { proof, relyingPartyId: welfare.id, serviceId: 'W-1' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ error: { code: 'bad_request', message: 'This system does not use service cards.' } });
      expect((await t.asDevice(deviceToken, 'POST', '/api/v1/counter/me', { proof })).json()).toMatchObject({ known: false, links: [] });
      expect((await card.call('/api/v1/counter/links', { relyingPartyId: relief.id, serviceId: 'W-1' })).statusCode).toBe(201);
    });

    it('answers an age check with yes or no only, and only with consent to age checks', async () => {
      expect((await ageCheck(welfare, 18)).statusCode).toBe(403);
      const attributes = await card.attributes();
      await card.call('/api/v1/counter/consents', { relyingPartyId: welfare.id, items: ['ageCheck'], attributes: { birthDate: attributes.birthDate } });

      const adult = await ageCheck(welfare, 18);
      expect(adult.statusCode).toBe(200);
      expect(adult.json()).toEqual({ status: 'valid', ppid: expect.any(String), atLeast: 18, answer: 'yes' });
      expect(adult.body).not.toContain('1980');
      // Born 1980-02-17: 46 on 2026-11-20.
      expect((await ageCheck(welfare, 46)).json()).toMatchObject({ answer: 'yes' });
      expect((await ageCheck(welfare, 47)).json()).toMatchObject({ answer: 'no' });
      // Consent to age checks is not consent to the birth date.
      expect((await attributesFor(welfare)).statusCode).toBe(403);
      // Another system without the consent learns nothing.
      const other = await t.createSystem('スポーツ施設', { scopes: ['age-check'] });
      expect((await ageCheck(other, 18)).statusCode).toBe(403);
    });

    it('says no for a child, and gives no answer on a revoked certificate', async () => {
      const child = await CardAtCounter.place(t, deviceToken, 'R04');
      await child.call('/api/v1/counter/consents', { relyingPartyId: welfare.id, items: ['ageCheck'], attributes: { birthDate: (await child.attributes()).birthDate } });
      expect((await ageCheck(welfare, 18, 'R04')).json()).toMatchObject({ status: 'valid', answer: 'no' });
      expect((await ageCheck(welfare, 7, 'R04')).json()).toMatchObject({ answer: 'yes' });
      const revoked = await ageCheck(welfare, 18, 'R03');
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json()).toEqual({ status: 'revoked', reason: 'affiliationChanged', meaning: expect.any(Object), atLeast: 18 });
    });

    it('shows the resident their own links and consents at the counter, and lets them unlink', async () => {
      await card.call('/api/v1/counter/links', { relyingPartyId: relief.id, serviceId: 'AID-0042' });
      await card.call('/api/v1/counter/consents', { relyingPartyId: welfare.id, items: ['name'], attributes: await card.attributes() });
      const me = await card.call('/api/v1/counter/me');
      expect(me.json()).toMatchObject({
        mykeyId: expect.stringMatching(/^[A-Z0-9]{23}$/),
        certificate: { status: 'valid', notAfter: '2030-02-17T14:59:59.000Z' },
        known: true,
        links: [{ relyingPartyName: '救援物資配布', serviceId: 'AID-0042' }],
        consents: [{ relyingPartyName: '福祉課', item: 'name' }],
      });
      const again = await card.call('/api/v1/counter/links', { relyingPartyId: relief.id, serviceId: 'AID-0042' });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ error: { code: 'already_registered', text: { ja: 'すでに登録されています。' } } });
      expect((await card.call('/api/v1/counter/links/unlink', { relyingPartyId: relief.id })).json()).toEqual({ links: [] });
      expect((await t.asSystem(relief.apiKey, '/api/v1/rp/links/lookup', { certificate: certificateOf('R01') })).json()).toMatchObject({ serviceId: null });
      expect((await card.call('/api/v1/counter/links/unlink', { relyingPartyId: relief.id })).statusCode).toBe(404);
      // The systems to choose from.
      const systems = (await t.asDevice(deviceToken, 'GET', '/api/v1/counter/relying-parties')).json<{ relyingParties: { name: string }[] }>();
      expect(systems.relyingParties.map((s) => s.name)).toEqual(['福祉課', '救援物資配布']);
    });

    it('limits challenges per counter device, not per network address', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 121; i++) statuses.push((await t.asDevice(deviceToken, 'POST', '/api/v1/counter/challenges')).statusCode);
      expect(statuses.filter((s) => s === 201)).toHaveLength(120);
      expect(statuses.at(-1)).toBe(429);
      const other = (await t.shelterWithDevices(1, '第二小学校')).devices[0]?.token ?? '';
      expect((await t.asDevice(other, 'POST', '/api/v1/counter/challenges')).statusCode).toBe(201);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/counter/challenges' })).statusCode).toBe(401);
    });
  });
}
