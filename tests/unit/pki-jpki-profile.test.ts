import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import type { TrainingAuthority } from '../../src/card/training/training-authority.ts';
import { parseCertificate, type Certificate } from '../../src/pki/certificate.ts';
import {
  checkUserAuthProfile,
  classifyJpkiName,
  isJpkiCaCertificate,
  jpkiGeneration,
  productionJpkiTrustStore,
  validateUserAuthCertificate,
} from '../../src/pki/jpki-profile.ts';
import { parsePem } from '../../src/pki/pem.ts';
import { verifySignature } from '../../src/pki/signature.ts';
import { JPKI_CA_CERTIFICATES } from '../../src/pki/trust/jpki.ts';
import { base64ToBytes } from '../../src/protocol/encoding.ts';
import { OpenSslWorkspace } from '../support/openssl.ts';

const NOW = new Date('2026-11-23T00:00:00Z');
const real = JPKI_CA_CERTIFICATES.map((entry) => ({ entry, certificate: parseCertificate(parsePem(entry.pem)[0]?.der ?? new Uint8Array()) }));
const residentCertificate = (id: string): Certificate => parseCertificate(base64ToBytes(trainingResident(id).userAuth.certificate));

let authority: TrainingAuthority;
beforeAll(async () => {
  authority = await trainingAuthority();
});

describe('J-LIS\'s JPKI CA certificates (production trust anchors)', () => {
  it('parse and validate as JPKI CAs: self-signed, CA, keyCertSign and cRLSign, the DN of their kind', async () => {
    expect(real).toHaveLength(4);
    for (const { entry, certificate } of real) {
      expect(isJpkiCaCertificate(certificate), entry.label).toBe(true);
      expect(classifyJpkiName(certificate.subject), entry.label).toEqual({ kind: entry.kind, training: false });
      expect(certificate.basicConstraints?.ca).toBe(true);
      expect([...(certificate.keyUsage ?? [])].sort()).toEqual(['cRLSign', 'keyCertSign']);
      expect(certificate.publicKeyAlgorithm.oid).toBe('1.2.840.113549.1.1.1');
      const selfSigned = await verifySignature({ algorithm: certificate.signatureAlgorithm, publicKey: certificate.subjectPublicKeyInfo, data: certificate.tbs, signature: certificate.signatureValue });
      expect(selfSigned, entry.label).toBe(true);
    }
  });

  it('come in generations sharing one DN, told apart by key identifier', () => {
    const auth = real.filter((r) => r.entry.kind === 'user-authentication').map((r) => r.certificate);
    expect(auth.map(jpkiGeneration).sort()).toEqual(['2015', '2023']);
    expect(auth[0]?.subject.text).toBe(auth[1]?.subject.text);
    expect(auth[0]?.subjectKeyIdentifier).not.toEqual(auth[1]?.subjectKeyIdentifier);
    expect(real.find((r) => r.certificate.serialHex === '06D18006')?.entry.kind).toBe('user-authentication');
  });

  it('make the production trust store, by kind', () => {
    expect(productionJpkiTrustStore('user-authentication').anchors).toHaveLength(2);
    expect(productionJpkiTrustStore('digital-signature').anchors).toHaveLength(2);
    expect(productionJpkiTrustStore().anchors).toHaveLength(4);
  });
});

describe('the user-authentication certificate profile', () => {
  it('accepts a training card\'s certificate and reads its MyKey ID', () => {
    const check = checkUserAuthProfile(residentCertificate('R01'));
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.training).toBe(true);
      expect(check.mykeyId.value).toHaveLength(23);
      expect(check.mykeyId.randomString).toMatch(/^[A-Z0-9]{14}$/);
    }
  });

  it('names what is wrong with other certificates', () => {
    const signing = parseCertificate(base64ToBytes(trainingResident('R01').signing?.certificate ?? ''));
    expect(checkUserAuthProfile(signing)).toEqual({ ok: false, problems: ['not-user-authentication'] });
    const ca = real[0]?.certificate;
    if (!ca) throw new Error('no CA');
    expect(checkUserAuthProfile(ca)).toMatchObject({ ok: false, problems: expect.arrayContaining(['is-ca', 'key-usage', 'subject']) });
  });

  describe('with OpenSSL-made impostors', () => {
    const ws = new OpenSslWorkspace();
    afterAll(() => ws.dispose());

    it('refuses a certificate under a look-alike CA and one with a CN that is no MyKey ID', async () => {
      const ca = ws.selfSignedCa({ subject: '/C=JP/O=JPKI/OU=JPKI for user authentication/OU=Japan Agency for Local Authority Information Systems' });
      const good = parseCertificate(ws.issue(ca, { subject: '/C=JP/CN=1C2410DF79DGEL07202002B', key: 'ec-p256', extensions: ['keyUsage = critical, digitalSignature'] }).der);
      expect(checkUserAuthProfile(good)).toMatchObject({ ok: true, training: false });
      // Same DN as J-LIS, but J-LIS did not sign it.
      expect(await validateUserAuthCertificate(good, productionJpkiTrustStore(), NOW)).toMatchObject({ status: 'untrusted', chain: { problem: 'bad-signature' } });
      const badCn = parseCertificate(ws.issue(ca, { subject: '/C=JP/CN=Taro Yamada', key: 'ec-p256', extensions: ['keyUsage = critical, digitalSignature'] }).der);
      expect(checkUserAuthProfile(badCn)).toEqual({ ok: false, problems: ['subject'] });
      const other = ws.selfSignedCa({ subject: '/C=JP/O=Example/CN=Some CA', key: 'ec-p256' });
      const foreign = parseCertificate(ws.issue(other, { subject: '/C=JP/CN=1C2410DF79DGEL07202002B', key: 'ec-p256', extensions: ['keyUsage = critical, digitalSignature'] }).der);
      expect(checkUserAuthProfile(foreign)).toEqual({ ok: false, problems: ['issuer-not-jpki'] });
    });
  });
});

describe('validating user-authentication certificates', () => {
  it('a current training card is valid against the training CAs, chosen by key identifier', async () => {
    const result = await validateUserAuthCertificate(residentCertificate('R01'), authority.trustStore('user-authentication'), NOW);
    expect(result.status).toBe('valid');
    expect(result.chain?.trusted && jpkiGeneration(result.chain.issuer)).toBe('2023');
    const older = await validateUserAuthCertificate(residentCertificate('R06'), authority.trustStore('user-authentication'), NOW);
    expect(older.chain?.trusted && jpkiGeneration(older.chain.issuer)).toBe('2019');
  });

  it('a card of the expired 2015 generation is expired', async () => {
    expect((await validateUserAuthCertificate(residentCertificate('R11'), authority.trustStore(), NOW)).status).toBe('expired');
    // While its CA was valid but after its own notAfter (its holder\'s 5th birthday): expired too.
    expect((await validateUserAuthCertificate(residentCertificate('R11'), authority.trustStore(), new Date('2024-01-01T00:00:00Z'))).status).toBe('expired');
    expect((await validateUserAuthCertificate(residentCertificate('R11'), authority.trustStore(), new Date('2020-01-01T00:00:00Z'))).status).toBe('valid');
  });

  it('a training card is untrusted by the production store, and not yet valid before issue', async () => {
    expect((await validateUserAuthCertificate(residentCertificate('R01'), productionJpkiTrustStore(), NOW)).status).toBe('untrusted');
    expect((await validateUserAuthCertificate(residentCertificate('R01'), authority.trustStore(), new Date('2025-03-01T00:00:00Z'))).status).toBe('not-yet-valid');
  });
});
