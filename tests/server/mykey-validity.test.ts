/**
 * The MyKey validity verdict over the revocation engine and the training CRLs, for every training
 * resident's certificates: the same through the app's re-check (DER) and straight over the
 * indexes (parsed once); what a revoked signing certificate means; which checks a CRL answered.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_RESIDENTS, trainingAuthority } from '../../src/card/training/committed-data.ts';
import { createTrainingCrlSet } from '../../src/card/training/training-crl.ts';
import { ingestCrl, MemoryIndexStore } from '../../src/revocation/index.ts';
import { presentCertificate } from '../../server/mykey/presented-certificate.ts';
import { checkValidity, IndexRevocationLookup, lookupThrough, type RevocationLookup } from '../../server/mykey/validity.ts';
import { ApiError } from '../../server/errors.ts';
import { RevocationRechecker } from '../../server/revocation/revocation-rechecker.ts';
import { SeededRandom } from '../../src/card/training/prng.ts';
import { base64ToBytes, bytesToBase64 } from '../../src/protocol/encoding.ts';
import { CRL_THIS_UPDATE } from '../support/mykey.ts';

const AT = new Date('2026-11-20T09:00:00Z');
let throughRechecker: RevocationLookup;
let overIndexes: RevocationLookup;
let trustOnly: RevocationLookup;

beforeAll(async () => {
  const authority = await trainingAuthority();
  const trustStore = authority.trustStore();
  const indexes = new MemoryIndexStore();
  for (const crl of await createTrainingCrlSet(authority, { residents: TRAINING_RESIDENTS, thisUpdate: CRL_THIS_UPDATE })) {
    indexes.put((await ingestCrl(crl.der, { trustStore })).index);
  }
  throughRechecker = lookupThrough(new RevocationRechecker(trustStore, indexes));
  overIndexes = new IndexRevocationLookup(trustStore, indexes);
  trustOnly = lookupThrough(new RevocationRechecker(trustStore, new MemoryIndexStore()));
});

const certificates = TRAINING_RESIDENTS.flatMap((r) => [
  { id: `${r.id} user-auth`, resident: r, kind: 'userAuth' as const, der: r.userAuth.certificate },
  ...(r.signing ? [{ id: `${r.id} signing`, resident: r, kind: 'signing' as const, der: r.signing.certificate }] : []),
]);

describe('MyKey validity on the training CRLs', () => {
  it('gives the same verdict through the re-check and straight over the indexes', async () => {
    for (const c of certificates) {
      const presented = presentCertificate(c.der);
      expect(await checkValidity(overIndexes, presented, AT), c.id).toEqual(await checkValidity(throughRechecker, presented, AT));
    }
  });

  it('gives each certificate the verdict its revocation mark calls for, and the meaning of a revoked signing certificate', async () => {
    let revokedSigning = 0;
    for (const c of certificates) {
      const answer = await checkValidity(overIndexes, presentCertificate(c.der), AT);
      expect(answer.certificateType, c.id).toBe(c.kind === 'userAuth' ? 'user-authentication' : 'digital-signature');
      if (answer.status === 'invalid') {
        expect(answer.reason, c.id).toBe('expired');
        expect(answer.crlConsulted).toBe(false);
        continue;
      }
      const mark = c.resident.revocation[c.kind];
      expect(answer.status, c.id).toBe(mark && new Date(mark.revokedAt) <= AT ? 'revoked' : 'valid');
      expect(answer.crlConsulted).toBe(true);
      const changed = answer.status === 'revoked' && c.kind === 'signing' && mark?.reason === 'superseded';
      expect(answer.attributesChanged, c.id).toBe(changed);
      if (changed) revokedSigning++;
      if (answer.status === 'revoked' && !changed) expect(answer.meaning?.en, c.id).not.toMatch(/moved;/);
    }
    expect(revokedSigning).toBe(1);
  });

  it('says a trusted certificate is unknown, from no CRL, when the server holds no revocation data', async () => {
    const answer = await checkValidity(trustOnly, presentCertificate(certificates[0]?.der ?? ''), AT);
    expect(answer).toMatchObject({ status: 'unknown', reason: 'no-revocation-data', crlConsulted: false });
  });

  it('answers "not a certificate" or a verdict, never a crash, for mutated and truncated certificates', async () => {
    const der = base64ToBytes(certificates[0]?.der ?? '');
    const random = new SeededRandom(3);
    const outcomes = { refused: 0, verdicts: 0 };
    for (let i = 0; i < 1500; i++) {
      const mutated = new Uint8Array(der);
      for (let k = random.int(1, 4); k > 0; k--) mutated[random.int(0, mutated.length - 1)] = random.int(0, 255);
      const input = random.next() < 0.2 ? mutated.subarray(0, random.int(1, mutated.length)) : mutated;
      let presented;
      try {
        presented = presentCertificate(bytesToBase64(input));
      } catch (error) {
        expect(error, `mutation ${i}`).toBeInstanceOf(ApiError);
        expect((error as ApiError).code).toBe('not_a_certificate');
        outcomes.refused++;
        continue;
      }
      const answer = await checkValidity(overIndexes, presented, AT);
      expect(['valid', 'revoked', 'unknown', 'invalid'], `mutation ${i}`).toContain(answer.status);
      outcomes.verdicts++;
    }
    // Mutations 597 and 1367 of this seed made asn1js throw instead of report (fixed in parseCertificate).
    expect(outcomes.refused).toBeGreaterThan(100);
    expect(outcomes.verdicts).toBeGreaterThan(100);
  });
});
