import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_RESIDENTS, trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { ageOn, nthBirthdayAfter } from '../../src/card/training/card-dates.ts';
import { individualNumberCheckDigit, syntheticIndividualNumber } from '../../src/card/training/individual-number.ts';
import { renewedSerial, renewedTrainingResident, TRAINING_RENEWAL_AT } from '../../src/card/training/renewal.ts';
import { generateResidents, keyPool } from '../../src/card/training/resident-generator.ts';
import type { TrainingAuthority } from '../../src/card/training/training-authority.ts';
import { createTrainingCrl, createTrainingCrlSet, revokedEntries } from '../../src/card/training/training-crl.ts';
import { parseCertificate, serialToHex } from '../../src/pki/certificate.ts';
import { verifyIssuedByTrustStore } from '../../src/pki/chain.ts';
import { checkUserAuthProfile, classifyJpkiName, isJpkiCaCertificate, jpkiGeneration } from '../../src/pki/jpki-profile.ts';
import { toPem } from '../../src/pki/pem.ts';
import { base64ToBytes, bytesToHex } from '../../src/protocol/encoding.ts';
import { openssl } from '../support/openssl.ts';

const NOW = new Date('2026-11-23T00:00:00Z');
let authority: TrainingAuthority;
const dir = mkdtempSync(join(tmpdir(), 'shelterkey-training-'));

beforeAll(async () => {
  authority = await trainingAuthority();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the training JPKI hierarchy', () => {
  it('has three generations per kind sharing one DN, each a JPKI-shaped CA marked as training', () => {
    expect(authority.cas).toHaveLength(6);
    for (const kind of ['user-authentication', 'digital-signature'] as const) {
      const cas = authority.cas.filter((ca) => ca.kind === kind);
      expect(cas.map((ca) => jpkiGeneration(ca.certificate)).sort()).toEqual(['2015', '2019', '2023']);
      expect(new Set(cas.map((ca) => bytesToHex(ca.certificate.subject.der))).size).toBe(1);
      expect(new Set(cas.map((ca) => bytesToHex(ca.keyIdentifier))).size).toBe(3);
      for (const ca of cas) {
        expect(isJpkiCaCertificate(ca.certificate)).toBe(true);
        expect(classifyJpkiName(ca.certificate.subject)).toEqual({ kind, training: true });
      }
    }
    expect(authority.ca('user-authentication', '2015').certificate.notAfter.toISOString()).toBe('2025-10-19T14:59:59.000Z');
    expect(authority.issuingCa('user-authentication', NOW).generation).toBe('2023');
    expect(authority.issuingCa('user-authentication', new Date('2021-01-01T00:00:00Z')).generation).toBe('2019');
  });

  it('is accepted by OpenSSL', () => {
    const ca = authority.ca('user-authentication', '2023');
    const path = join(dir, 'ca.pem');
    writeFileSync(path, toPem('CERTIFICATE', ca.der));
    const text = openssl(['x509', '-in', path, '-noout', '-text']);
    expect(text).toContain('Subject: C = JP, O = JPKI TRAINING, OU = JPKI for user authentication, OU = Japan Agency for Local Authority Information Systems');
    expect(text).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
  });
});

describe('the fixed training residents', () => {
  it('are 16 distinct people with distinct certificates and MyKey IDs', () => {
    expect(TRAINING_RESIDENTS).toHaveLength(16);
    const serials = new Set<string>();
    const ids = new Set<string>();
    for (const resident of TRAINING_RESIDENTS) {
      const certificate = parseCertificate(base64ToBytes(resident.userAuth.certificate));
      const profile = checkUserAuthProfile(certificate);
      expect(profile.ok, resident.id).toBe(true);
      if (profile.ok) ids.add(profile.mykeyId.value);
      serials.add(certificate.serialHex);
      if (resident.signing) serials.add(parseCertificate(base64ToBytes(resident.signing.certificate)).serialHex);
    }
    expect(ids.size).toBe(16);
    expect(serials.size).toBe(16 + TRAINING_RESIDENTS.filter((r) => r.signing).length);
  });

  it('have certificates of the real profile: issued by their generation, ending on the 5th birthday after issue', async () => {
    for (const resident of TRAINING_RESIDENTS) {
      const certificate = parseCertificate(base64ToBytes(resident.userAuth.certificate));
      const chain = await verifyIssuedByTrustStore(certificate, authority.trustStore('user-authentication'), certificate.notBefore);
      expect(chain.trusted && jpkiGeneration(chain.issuer), resident.id).toBe(resident.userAuth.generation);
      const birth = { year: Number(resident.birthDate.slice(0, 4)), month: Number(resident.birthDate.slice(5, 7)), day: Number(resident.birthDate.slice(8, 10)) };
      const issued = { year: Number(resident.cardIssuedOn.slice(0, 4)), month: Number(resident.cardIssuedOn.slice(5, 7)), day: Number(resident.cardIssuedOn.slice(8, 10)) };
      const fifth = nthBirthdayAfter(birth, issued, 5);
      // 23:59:59 in Japan on that birthday.
      expect(certificate.notAfter.toISOString(), resident.id).toBe(`${fifth.year}-${String(fifth.month).padStart(2, '0')}-${String(fifth.day).padStart(2, '0')}T14:59:59.000Z`);
      expect([...(certificate.keyUsage ?? [])]).toEqual(['digitalSignature']);
      expect(Boolean(resident.signing), resident.id).toBe(ageOn(birth, issued) >= 15);
    }
  });

  it('cover every CA generation and every JPKI revocation reason', () => {
    expect(new Set(TRAINING_RESIDENTS.map((r) => r.userAuth.generation))).toEqual(new Set(['2015', '2019', '2023']));
    const reasons = TRAINING_RESIDENTS.flatMap((r) => [r.revocation.userAuth?.reason, r.revocation.signing?.reason]).filter(Boolean);
    expect(new Set(reasons)).toEqual(new Set(['affiliationChanged', 'cessationOfOperation', 'superseded', 'certificateHold']));
    expect(trainingResident('R10').revocation).toEqual({ signing: { reason: 'superseded', revokedAt: '2026-06-01T03:20:00Z' } });
    expect(trainingResident('R04').signing).toBeUndefined();
  });
});

describe('training CRLs', () => {
  it('are RFC 5280 v2 CRLs that OpenSSL verifies, with CRL number, AKI and reason codes', async () => {
    const ca = authority.ca('user-authentication', '2019');
    const der = await createTrainingCrl(authority, { kind: 'user-authentication', generation: '2019', residents: TRAINING_RESIDENTS, thisUpdate: NOW, crlNumber: 7n });
    writeFileSync(join(dir, 'crl.der'), der);
    writeFileSync(join(dir, 'ca2019.pem'), toPem('CERTIFICATE', ca.der));
    const text = openssl(['crl', '-inform', 'DER', '-in', join(dir, 'crl.der'), '-CAfile', join(dir, 'ca2019.pem'), '-noout', '-text']);
    expect(text).toContain('Version 2 (0x1)');
    expect(text).toMatch(/X509v3 CRL Number:\s+7/);
    expect(text).toContain(bytesToHex(ca.keyIdentifier).toUpperCase().match(/../g)?.join(':'));
    for (const id of ['R03', 'R05', 'R09']) {
      const serial = parseCertificate(base64ToBytes(trainingResident(id).userAuth.certificate)).serialHex;
      expect(text, id).toContain(`Serial Number: ${serial}`);
    }
    expect(text).toContain('Affiliation Changed');
    expect(text).toContain('Cessation Of Operation');
    expect(text).toContain('Superseded');
    expect(text).not.toContain('Certificate Hold'); // R07 is under the 2023 generation
    // And PKI.js agrees it is signed by that generation.
    const crl = pkijs.CertificateRevocationList.fromBER(der);
    expect(await crl.verify({ issuerCertificate: pkijs.Certificate.fromBER(ca.der) })).toBe(true);
    expect(crl.revokedCertificates).toHaveLength(3);
  });

  it('list only what was revoked by thisUpdate, and nothing of other generations', () => {
    const before = revokedEntries(TRAINING_RESIDENTS, 'user-authentication', '2023', new Date('2026-11-01T00:00:00Z'));
    const after = revokedEntries(TRAINING_RESIDENTS, 'user-authentication', '2023', NOW);
    expect(before).toHaveLength(0);
    expect(after.map((e) => e.reasonCode)).toEqual([6]);
    expect(revokedEntries(TRAINING_RESIDENTS, 'digital-signature', '2023', NOW).map((e) => e.reasonCode)).toEqual([4]);
  });

  it('come as a set: one per kind and generation still valid', async () => {
    const set = await createTrainingCrlSet(authority, { residents: TRAINING_RESIDENTS, thisUpdate: NOW });
    expect(set.map((c) => `${c.kind}/${c.generation}`).sort()).toEqual([
      'digital-signature/2019',
      'digital-signature/2023',
      'user-authentication/2019',
      'user-authentication/2023',
    ]);
    const signing2019 = set.find((c) => c.kind === 'digital-signature' && c.generation === '2019');
    expect(pkijs.CertificateRevocationList.fromBER(signing2019?.der ?? new Uint8Array()).revokedCertificates).toHaveLength(1);
  });
});

describe('fresh residents', () => {
  it('are distinct, valid at the given time, and can be revoked in share', async () => {
    const keys = await keyPool(2);
    const residents = await generateResidents(authority, { count: 6, seed: 7, at: NOW, keys, revokedShare: 0.5 });
    expect(new Set(residents.map((r) => r.id)).size).toBe(6);
    const certificates = residents.map((r) => parseCertificate(base64ToBytes(r.userAuth.certificate)));
    expect(new Set(certificates.map((c) => c.serialHex)).size).toBe(6);
    for (const certificate of certificates) {
      expect(certificate.notBefore.getTime()).toBeLessThan(NOW.getTime());
      expect(certificate.notAfter.getTime()).toBeGreaterThan(NOW.getTime());
      expect(checkUserAuthProfile(certificate).ok).toBe(true);
    }
    const revoked = residents.filter((r) => r.revocation.userAuth);
    for (const r of revoked) expect(new Date(r.revocation.userAuth?.revokedAt ?? '').getTime()).toBeLessThanOrEqual(NOW.getTime());
    const same = await generateResidents(authority, { count: 6, seed: 7, at: NOW, keys, revokedShare: 0.5 });
    expect(same.map((r) => `${r.familyName}${r.givenName}${r.birthDate}${r.address}`)).toEqual(residents.map((r) => `${r.familyName}${r.givenName}${r.birthDate}${r.address}`));
  });
});

describe('renewed training cards', () => {
  it('are the same certificate wherever they are made: a new serial derived from the old, a new MyKey ID before the same terminal code', async () => {
    const resident = trainingResident('R01');
    const renewed = await renewedTrainingResident(resident, authority);
    expect((await renewedTrainingResident(resident, authority)).userAuth.certificate).toBe(renewed.userAuth.certificate);
    const before = checkUserAuthProfile(parseCertificate(base64ToBytes(resident.userAuth.certificate)));
    const after = parseCertificate(base64ToBytes(renewed.userAuth.certificate));
    const profile = checkUserAuthProfile(after);
    if (!before.ok || !profile.ok) throw new Error('not a user-authentication certificate');
    expect(profile.mykeyId.value).not.toBe(before.mykeyId.value);
    expect(profile.mykeyId.value.slice(14)).toBe(before.mykeyId.value.slice(14));
    expect(after.serialHex).toBe(serialToHex(await renewedSerial(parseCertificate(base64ToBytes(resident.userAuth.certificate)).serialNumber)));
    expect(after.notBefore).toEqual(TRAINING_RENEWAL_AT);
    expect(after.notAfter).toEqual(new Date('2031-02-17T14:59:59Z'));
    expect(await verifyIssuedByTrustStore(after, authority.trustStore('user-authentication'), NOW)).toMatchObject({ trusted: true });
    // The card's details stay the resident's: the 4 attributes match the earlier card.
    expect({ ...renewed, userAuth: undefined }).toEqual({ ...resident, userAuth: undefined, revocation: resident.revocation });
  });
});

describe('card dates', () => {
  it('count birthdays after issue, a 29 February birthday falling on the 28th in common years', () => {
    expect(nthBirthdayAfter({ year: 1980, month: 2, day: 17 }, { year: 2025, month: 3, day: 10 }, 10)).toEqual({ year: 2035, month: 2, day: 17 });
    expect(nthBirthdayAfter({ year: 1980, month: 2, day: 17 }, { year: 2025, month: 2, day: 17 }, 1)).toEqual({ year: 2026, month: 2, day: 17 });
    expect(nthBirthdayAfter({ year: 2000, month: 2, day: 29 }, { year: 2023, month: 1, day: 1 }, 1)).toEqual({ year: 2023, month: 2, day: 28 });
    expect(nthBirthdayAfter({ year: 2000, month: 2, day: 29 }, { year: 2023, month: 1, day: 1 }, 2)).toEqual({ year: 2024, month: 2, day: 29 });
    expect(ageOn({ year: 2008, month: 8, day: 8 }, { year: 2024, month: 3, day: 25 })).toBe(15);
    expect(ageOn({ year: 2008, month: 8, day: 8 }, { year: 2024, month: 8, day: 8 })).toBe(16);
  });
});

describe('synthetic individual numbers (virtual cards only)', () => {
  it('carry the check digit of the enforcement order', async () => {
    // 12345678901: Σ Pn×Qn = 212, 212 mod 11 = 3, so 11 − 3 = 8 (worked by hand from the formula).
    expect(individualNumberCheckDigit('12345678901')).toBe(8);
    const number = await syntheticIndividualNumber('R01');
    expect(number).toMatch(/^\d{12}$/);
    expect(Number(number[11])).toBe(individualNumberCheckDigit(number.slice(0, 11)));
    expect(await syntheticIndividualNumber('R01')).toBe(number);
  });
});
