import { describe, expect, it } from 'vitest';
import type { CardCheck } from '../../src/app/checkin/card-check.ts';
import { acceptable, explainCheck, localVerdictOf, revocationDataOf, statusOf, validationPayloadOf } from '../../src/app/checkin/verdict-view.ts';
import { Locale } from '../../src/app/i18n/locale.svelte.ts';
import { reasonMeaning } from '../../src/revocation/reasons.ts';
import type { CrlStatus, Verdict } from '../../src/revocation/verdict.ts';
import { shelterEventSchema } from '../../src/protocol/events.ts';

const crl: CrlStatus = {
  issuerKeyId: 'a8'.repeat(20),
  crlNumber: '1796083200',
  thisUpdate: new Date('2026-12-03T00:00:00Z'),
  nextUpdate: new Date('2026-12-04T00:00:00Z'),
  ageSeconds: 3600,
};

function check(verdict: Verdict, more: Partial<CardCheck> = {}): CardCheck {
  return {
    certificate: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]),
    fingerprint: 'ab'.repeat(32),
    mykeyId: '1C2410DF79DGEL07202002B',
    profileProblems: [],
    verdict,
    untrustedIssuer: undefined,
    checkedAt: new Date('2026-12-03T01:00:00Z'),
    ...more,
  };
}

const en = new Locale('en');
const ja = new Locale('ja');

describe('verdict view', () => {
  it('says Valid / 有効 and records the list used', () => {
    const c = check({ status: 'valid', crl, laterRevocation: undefined });
    expect(explainCheck(c, en)).toMatchObject({ status: 'valid', word: 'Valid' });
    expect(explainCheck(c, ja).word).toBe('有効');
    expect(localVerdictOf(c)).toEqual({ status: 'valid' });
    expect(revocationDataOf(c)).toEqual({ issuerKeyId: crl.issuerKeyId, crlNumber: crl.crlNumber, thisUpdate: '2026-12-03T00:00:00.000Z', nextUpdate: '2026-12-04T00:00:00.000Z' });
    expect(acceptable(c)).toBe(true);
  });

  it('says Revoked with what the reason means for the holder, in both languages', () => {
    const revokedAt = new Date('2026-11-02T00:30:00Z');
    const c = check({ status: 'revoked', crl, reason: 'certificateHold', revokedAt, invalidityDate: undefined, meaning: reasonMeaning('certificateHold') });
    expect(explainCheck(c, en).word).toBe('Revoked');
    expect(explainCheck(c, en).why).toContain('the card was reported lost (temporarily suspended)');
    expect(explainCheck(c, ja).why).toContain('カードの紛失届（一時停止中）');
    expect(localVerdictOf(c)).toEqual({ status: 'revoked', reason: 'certificateHold', revokedAt: '2026-11-02T00:30:00.000Z' });
    expect(acceptable(c)).toBe(false);
  });

  it('says Unknown (accepted provisionally, re-checked on sync) without a list or with a stale one', () => {
    const none = check({ status: 'unknown', cause: 'no-crl', issuerKeyId: 'a8'.repeat(20) });
    expect(explainCheck(none, en)).toMatchObject({ word: 'Unknown', advice: 'Accepted provisionally. It is checked again when the device syncs.' });
    expect(revocationDataOf(none)).toBeNull();
    const stale = check({ status: 'unknown', cause: 'stale', staleSince: crl.nextUpdate ?? new Date(), crl });
    expect(explainCheck(stale, en).why).toContain('out of date');
    expect(revocationDataOf(stale)?.crlNumber).toBe(crl.crlNumber);
    expect(localVerdictOf(stale)).toEqual({ status: 'unknown', reason: 'stale' });
    expect(acceptable(stale)).toBe(true);
  });

  it('says Invalid and why: expired, untrusted issuer (named from the card’s CA), outside the profile', () => {
    const expired = check({ status: 'invalid', cause: 'expired', detail: 'expired 2023-06-20' });
    expect(explainCheck(expired, en)).toMatchObject({ word: 'Invalid', why: 'The certificate has expired.' });
    const forged = check({ status: 'invalid', cause: 'untrusted-chain', detail: 'x' }, { untrustedIssuer: 'jpki-not-trusted' });
    expect(explainCheck(forged, en).why).toContain('Not issued by a JPKI authority this device trusts');
    expect(localVerdictOf(forged)).toEqual({ status: 'invalid', reason: 'untrusted-chain:jpki-not-trusted' });
    const odd = check({ status: 'valid', crl, laterRevocation: undefined }, { profileProblems: ['subject'], mykeyId: undefined });
    expect(statusOf(odd)).toBe('invalid');
    expect(explainCheck(odd, ja).word).toBe('無効');
    expect(localVerdictOf(odd)).toEqual({ status: 'invalid', reason: 'not-user-authentication' });
  });

  it('makes card.validated payloads the event schema accepts, tying the card to a resident only when given', () => {
    const c = check({ status: 'valid', crl, laterRevocation: undefined });
    const base = { id: '0192f7a0-0000-7000-8000-000000000000', occurredAt: '2026-12-03T10:00:00+09:00', sequence: 1, shelterId: 's', type: 'card.validated' as const };
    const anonymous = validationPayloadOf(c);
    expect(anonymous).not.toHaveProperty('mykeyId');
    expect(() => shelterEventSchema.parse({ ...base, payload: anonymous })).not.toThrow();
    const linked = validationPayloadOf(c, '0192f7a0-0000-7000-8000-000000000001');
    expect(linked).toMatchObject({ residentId: '0192f7a0-0000-7000-8000-000000000001', mykeyId: c.mykeyId, certificateFingerprint: c.fingerprint });
    expect(() => shelterEventSchema.parse({ ...base, payload: linked })).not.toThrow();
  });
});
