/**
 * The relying systems' API contract: keys, scopes, status codes and bodies of validate and
 * links, the signing certificate's "attributes changed" meaning, rate limits per system, and the
 * OpenAPI description covering every MyKey route. Verdicts come from the revocation engine over
 * the training CRLs.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCertificate, generateRsaKeyPair, keyIdentifierOf } from '../../src/card/training/x509-builder.ts';
import { jpkiCaName } from '../../src/pki/jpki-profile.ts';
import { OID } from '../../src/pki/oids.ts';
import { bytesToBase64 } from '../../src/protocol/encoding.ts';
import { buildMyKeyTestApp, certificateOf, type MyKeyTestApp } from '../support/mykey.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';

const VALIDATE = '/api/v1/rp/validate';
const LINKS = '/api/v1/rp/links';

let impostor: string;

beforeAll(async () => {
  // A CA named exactly like the training user-authentication CA, with another key.
  const caKeys = await generateRsaKeyPair();
  const name = jpkiCaName('user-authentication', { training: true });
  const keys = await generateRsaKeyPair();
  const der = await buildCertificate({
    serialNumber: new Uint8Array([0x12, 0x34]),
    issuer: name,
    subject: [
      { type: OID.countryName, value: 'JP' },
      { type: OID.commonName, value: 'ABCDEFGHIJKLMN04202001A' },
    ],
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2030-01-01T00:00:00Z'),
    subjectPublicKey: keys.publicKey,
    issuerPrivateKey: caKeys.privateKey,
    authorityKeyIdentifier: await keyIdentifierOf(caKeys.publicKey),
    ca: false,
    keyUsage: ['digitalSignature'],
  });
  impostor = bytesToBase64(der);
});

/** "METHOD /path" of every route in Fastify's printRoutes tree (HEAD left out). */
function registeredRoutes(tree: string): string[] {
  const parents: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const at = line.indexOf('── ');
    const match = /^(\S+) \(([A-Z, ]+)\)$/.exec(line.slice(at + 3));
    if (at < 0 || !match) continue;
    const depth = at / 4;
    const segment = match[1] ?? '';
    const path = depth === 0 ? segment : `${parents[depth - 1] ?? ''}${parents[depth - 1]?.endsWith('/') || segment.startsWith('/') ? '' : '/'}${segment}`;
    parents[depth] = path;
    for (const method of (match[2] ?? '').split(', ')) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`relying-system API on ${engine.engine}`, () => {
    let subject: TestStorage;
    let t: MyKeyTestApp;
    let library: { id: string; apiKey: string };

    beforeEach(async () => {
      subject = await engine.open();
      t = await buildMyKeyTestApp(subject.storage);
      library = await t.createSystem('市立図書館');
    });

    afterEach(async () => {
      await t.app.close();
      await subject.dispose();
    });

    it('creates a system with an id and a key shown once, stored only hashed', async () => {
      const response = await t.admin('POST', '/api/v1/admin/relying-parties', { name: '救援物資配布', scopes: ['validate'], rateLimitPerMinute: 30 });
      expect(response.statusCode).toBe(201);
      const created = response.json<{ id: string; apiKey: string; scopes: string[]; rateLimitPerMinute: number }>();
      expect(created).toMatchObject({ id: expect.any(String), apiKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), scopes: ['validate'], rateLimitPerMinute: 30 });
      const rows = await subject.storage.db.selectFrom('mykey_relying_parties').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(created.apiKey);
      const listed = (await t.admin('GET', '/api/v1/admin/relying-parties')).json<{ relyingParties: Record<string, unknown>[] }>();
      expect(listed.relyingParties.map((s) => s.name)).toEqual(['市立図書館', '救援物資配布']);
      expect(JSON.stringify(listed)).not.toMatch(/apiKey|ppid/i);
    });

    it('refuses system management without the admin token, and bad bodies', async () => {
      const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/admin/relying-parties', payload: { name: 'x' } });
      expect(anonymous.statusCode).toBe(401);
      expect((await t.admin('POST', '/api/v1/admin/relying-parties', { name: '' })).statusCode).toBe(400);
      expect((await t.admin('POST', '/api/v1/admin/relying-parties', { name: 'x', scopes: ['everything'] })).statusCode).toBe(400);
    });

    it('answers valid with a PPID for a valid user-authentication certificate', async () => {
      const response = await t.asSystem(library.apiKey, VALIDATE, { certificate: certificateOf('R01') });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'valid', certificateType: 'user-authentication', ppid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    });

    it('answers revoked with the reason and its meaning in Japanese and English', async () => {
      const response = await t.asSystem(library.apiKey, VALIDATE, { certificate: certificateOf('R03') });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        status: 'revoked',
        certificateType: 'user-authentication',
        reason: 'affiliationChanged',
        revokedAt: '2026-08-20T02:15:00.000Z',
        meaning: { ja: '死亡または国外転出', en: 'the holder died or moved abroad' },
      });
    });

    it('answers invalid for an expired certificate and for one signed by an impostor CA', async () => {
      expect((await t.asSystem(library.apiKey, VALIDATE, { certificate: certificateOf('R11') })).json()).toEqual({ status: 'invalid', reason: 'expired', certificateType: 'user-authentication' });
      const forged = (await t.asSystem(library.apiKey, VALIDATE, { certificate: impostor })).json<{ status: string; reason: string; ppid?: string }>();
      expect(forged.status).toBe('invalid');
      expect(forged.reason).toMatch(/^untrusted:/);
      expect(forged.ppid).toBeUndefined();
    });

    it('tells a revoked signing certificate apart: attributes changed, the resident may have moved', async () => {
      const moved = (await t.asSystem(library.apiKey, VALIDATE, { certificate: certificateOf('R10', 'signing') })).json();
      expect(moved).toEqual({
        status: 'revoked',
        certificateType: 'digital-signature',
        reason: 'superseded',
        revokedAt: '2026-06-01T03:20:00.000Z',
        attributesChanged: true,
        meaning: { ja: expect.stringContaining('転居'), en: 'revoked, attributes changed: the resident may have moved; check the registration again' },
      });
      // The same resident's user-authentication certificate is still valid: alive, card in use.
      expect((await t.asSystem(library.apiKey, VALIDATE, { certificate: certificateOf('R10') })).json()).toMatchObject({ status: 'valid' });
      // Death or emigration is not an address change.
      expect((await t.asSystem(library.apiKey, VALIDATE, { certificate: certificateOf('R03', 'signing') })).json()).toMatchObject({
        status: 'revoked',
        reason: 'affiliationChanged',
        attributesChanged: false,
        meaning: { en: 'the holder died or moved abroad' },
      });
      expect((await t.asSystem(library.apiKey, VALIDATE, { certificate: certificateOf('R01', 'signing') })).json()).toEqual({
        status: 'valid',
        certificateType: 'digital-signature',
        attributesChanged: false,
      });
    });

    it('answers 400 for anything that is not a certificate', async () => {
      for (const certificate of ['not base64!', bytesToBase64(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])), bytesToBase64(new TextEncoder().encode('hello'))]) {
        const response = await t.asSystem(library.apiKey, VALIDATE, { certificate });
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ error: { code: 'not_a_certificate', text: { ja: expect.any(String), en: expect.any(String) } } });
      }
      expect((await t.asSystem(library.apiKey, VALIDATE, {})).statusCode).toBe(400);
      expect((await t.asSystem(library.apiKey, VALIDATE, { certificate: certificateOf('R01'), extra: 1 })).statusCode).toBe(400);
    });

    it('answers 401 for a missing, unknown, rotated or disabled key', async () => {
      const body = { certificate: certificateOf('R01') };
      expect((await t.asSystem(undefined, VALIDATE, body)).statusCode).toBe(401);
      expect((await t.asSystem('not-a-key', VALIDATE, body)).statusCode).toBe(401);
      const rotated = (await t.admin('POST', `/api/v1/admin/relying-parties/${library.id}/rotate-key`)).json<{ apiKey: string }>();
      expect((await t.asSystem(library.apiKey, VALIDATE, body)).statusCode).toBe(401);
      expect((await t.asSystem(rotated.apiKey, VALIDATE, body)).statusCode).toBe(200);
      expect((await t.admin('POST', `/api/v1/admin/relying-parties/${library.id}/disable`)).statusCode).toBe(204);
      const disabled = await t.asSystem(rotated.apiKey, VALIDATE, body);
      expect(disabled.statusCode).toBe(401);
      expect(disabled.json()).toMatchObject({ error: { code: 'unauthorized' } });
    });

    it('refuses routes outside the system\'s scopes with 403', async () => {
      const validateOnly = await t.createSystem('本人確認のみ', { scopes: ['validate'] });
      const response = await t.asSystem(validateOnly.apiKey, LINKS, { certificate: certificateOf('R01'), serviceId: 'LIB-0001' });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining('links') } });
      expect((await t.asSystem(library.apiKey, '/api/v1/rp/attributes', { certificate: certificateOf('R01') })).statusCode).toBe(403);
    });

    it('links a service ID: 201, the same again 409 "already registered" in Japanese and English', async () => {
      const first = await t.asSystem(library.apiKey, LINKS, { certificate: certificateOf('R01'), serviceId: 'LIB-0001' });
      expect(first.statusCode).toBe(201);
      const ppid = (await t.asSystem(library.apiKey, VALIDATE, { certificate: certificateOf('R01') })).json<{ ppid: string }>().ppid;
      expect(first.json()).toEqual({ ppid, serviceId: 'LIB-0001', linkedAt: '2026-11-20T09:00:00.000Z' });

      const again = await t.asSystem(library.apiKey, LINKS, { certificate: certificateOf('R01'), serviceId: 'LIB-0001' });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toEqual({ error: { code: 'already_registered', message: 'Already registered.', text: { ja: 'すでに登録されています。', en: 'Already registered.' } } });
      // Someone else with the same library card, or the same person with a second one: refused too.
      expect((await t.asSystem(library.apiKey, LINKS, { certificate: certificateOf('R02'), serviceId: 'LIB-0001' })).statusCode).toBe(409);
      expect((await t.asSystem(library.apiKey, LINKS, { certificate: certificateOf('R01'), serviceId: 'LIB-0002' })).statusCode).toBe(409);
      // Another system may use the same number for its own card.
      const relief = await t.createSystem('救援物資', { scopes: ['links'] });
      expect((await t.asSystem(relief.apiKey, LINKS, { certificate: certificateOf('R01'), serviceId: 'LIB-0001' })).statusCode).toBe(201);
    });

    it('looks a link up by card, and unlinks by service ID', async () => {
      await t.asSystem(library.apiKey, LINKS, { certificate: certificateOf('R02'), serviceId: 'LIB-7' });
      expect((await t.asSystem(library.apiKey, `${LINKS}/lookup`, { certificate: certificateOf('R02') })).json()).toMatchObject({ status: 'valid', serviceId: 'LIB-7', ppid: expect.any(String) });
      expect((await t.asSystem(library.apiKey, `${LINKS}/lookup`, { certificate: certificateOf('R06') })).json()).toMatchObject({ status: 'valid', serviceId: null });
      expect((await t.asSystem(library.apiKey, `${LINKS}/unlink`, { serviceId: 'LIB-7' })).statusCode).toBe(204);
      expect((await t.asSystem(library.apiKey, `${LINKS}/unlink`, { serviceId: 'LIB-7' })).statusCode).toBe(404);
      expect((await t.asSystem(library.apiKey, `${LINKS}/lookup`, { certificate: certificateOf('R02') })).json()).toMatchObject({ serviceId: null });
      expect((await t.asSystem(library.apiKey, LINKS, { certificate: certificateOf('R02'), serviceId: 'LIB-8' })).statusCode).toBe(201);
    });

    it('refuses to link a revoked card (422), a signing certificate or a bad service ID (400)', async () => {
      const revoked = await t.asSystem(library.apiKey, LINKS, { certificate: certificateOf('R03'), serviceId: 'LIB-9' });
      expect(revoked.statusCode).toBe(422);
      expect(revoked.json()).toMatchObject({ error: { code: 'certificate_not_accepted' } });
      expect((await t.asSystem(library.apiKey, LINKS, { certificate: certificateOf('R01', 'signing'), serviceId: 'LIB-9' })).statusCode).toBe(400);
      expect((await t.asSystem(library.apiKey, LINKS, { certificate: certificateOf('R01'), serviceId: 'LIB 9' })).statusCode).toBe(400);
      expect((await t.asSystem(library.apiKey, LINKS, { certificate: certificateOf('R01'), serviceId: 'x'.repeat(65) })).statusCode).toBe(400);
      expect(await subject.storage.db.selectFrom('mykey_links').selectAll().execute()).toEqual([]);
    });

    it('limits each system to its own requests per minute', async () => {
      const slow = await t.createSystem('小さな窓口', { rateLimitPerMinute: 3 });
      const body = { certificate: certificateOf('R01') };
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await t.asSystem(slow.apiKey, VALIDATE, body)).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await t.asSystem(slow.apiKey, VALIDATE, body);
      expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
      // The limit counts across the system's routes, and other systems are not affected.
      expect((await t.asSystem(slow.apiKey, `${LINKS}/lookup`, body)).statusCode).toBe(429);
      expect((await t.asSystem(library.apiKey, VALIDATE, body)).statusCode).toBe(200);
    });

    it('describes every MyKey route in the OpenAPI document', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
      const routes = registeredRoutes(t.app.printRoutes({ commonPrefix: false })).filter((r) => /^[A-Z]+ \/api\/v1\/(rp|counter|admin\/(relying-parties|fees|mykey))/.test(r));
      expect(routes.length).toBe(21);
      for (const route of routes) {
        const [method = '', path = ''] = route.split(' ');
        expect(doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()], route).toBeDefined();
      }
    });
  });
}
