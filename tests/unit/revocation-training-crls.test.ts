/**
 * The revocation engine on the training JPKI hierarchy (three CA generations per kind sharing
 * one DN) and the training CRLs of the card layer: every training resident's user-authentication
 * certificate gets the verdict its revocation mark calls for.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_RESIDENTS, trainingAuthority } from '../../src/card/training/committed-data.ts';
import { createTrainingCrlSet } from '../../src/card/training/training-crl.ts';
import type { TrainingAuthority } from '../../src/card/training/training-authority.ts';
import { base64ToBytes } from '../../src/protocol/encoding.ts';
import { createRevocationChecker, ingestCrl, MemoryIndexStore } from '../../src/revocation/index.ts';

const NOW = new Date('2026-11-23T00:00:00Z');
let authority: TrainingAuthority;

beforeAll(async () => {
  authority = await trainingAuthority();
});

describe('training CRLs through the revocation engine', () => {
  it('indexes each generation under its own key id and gives each resident the verdict of their mark', async () => {
    const trustStore = authority.trustStore('user-authentication');
    const indexes = new MemoryIndexStore();
    const crls = (await createTrainingCrlSet(authority, { residents: TRAINING_RESIDENTS, thisUpdate: NOW })).filter((c) => c.kind === 'user-authentication');
    expect(crls.length).toBeGreaterThanOrEqual(2);
    const keyIds = new Set<string>();
    for (const crl of crls) {
      const result = await ingestCrl(crl.der, { trustStore });
      indexes.put(result.index);
      keyIds.add(Array.from(result.index.manifest.issuerKeyId).join(','));
    }
    expect(keyIds.size).toBe(crls.length);

    const checker = createRevocationChecker({ trustStore, indexes });
    const at = new Date(NOW.getTime() + 60_000);
    let revoked = 0;
    let valid = 0;
    for (const resident of TRAINING_RESIDENTS) {
      const mark = resident.revocation.userAuth;
      const verdict = await checker.validate(base64ToBytes(resident.userAuth.certificate), at);
      if (verdict.status === 'invalid') continue; // a certificate outside its validity at NOW
      if (mark && new Date(mark.revokedAt) <= NOW) {
        revoked++;
        expect(verdict, resident.id).toMatchObject({ status: 'revoked', reason: mark.reason, revokedAt: new Date(mark.revokedAt) });
      } else {
        expect(verdict.status, resident.id).toBe('valid');
        valid++;
      }
    }
    expect(revoked).toBeGreaterThan(0);
    expect(valid).toBeGreaterThan(0);
  });
});
