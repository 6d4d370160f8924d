import { describe, expect, it } from 'vitest';
import { loadTrainingKit } from '../../src/app/training/training-kit.ts';
import { TrainingMode } from '../../src/app/training/training-mode.svelte.ts';
import { JPKI_EF, TEXT_EF } from '../../src/card/card-layout.ts';
import { readUserAuthCertificate } from '../../src/card/jpki/user-auth.ts';
import { openCardSession } from '../../src/card/session/card-session.ts';
import { CardRemovedError } from '../../src/card/errors.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { checkUserAuthProfile } from '../../src/pki/jpki-profile.ts';
import { TrainingReader } from '../../src/reader/training/training-reader.ts';
import { InProcessRevocation } from '../support/in-process-revocation.ts';

async function certificateOnReader(reader: TrainingReader): Promise<Uint8Array<ArrayBuffer>> {
  return readUserAuthCertificate(openCardSession(await reader.connect()));
}

describe('TrainingMode', () => {
  it('trusts the training CAs and loads their CRLs once; checks then answer valid and revoked', async () => {
    const revocation = new InProcessRevocation();
    const reader = new TrainingReader();
    const training = new TrainingMode(reader, revocation);
    await training.start();
    expect(training.crl).toBe('loaded');
    const kit = training.kit;
    if (!kit) throw new Error('no kit');
    expect(kit.residents).toHaveLength(16);
    expect(kit.residents.find((r) => r.id === 'R03')?.note).toEqual({ kind: 'revoked', meaning: { ja: '死亡または国外転出', en: 'the holder died or moved abroad' } });
    expect(kit.residents.find((r) => r.id === 'R11')?.note).toEqual({ kind: 'expired' });
    const held = await revocation.list();
    expect(held.map((row) => row.issuerKeyId).sort()).toEqual([...kit.liveIssuerKeyIds].sort());
    const imports = revocation.imports;

    await training.place('R01');
    expect((await revocation.validate(await certificateOnReader(reader), new Date())).status).toBe('valid');
    await training.place('R07');
    expect(await revocation.validate(await certificateOnReader(reader), new Date())).toMatchObject({ status: 'revoked', reason: 'certificateHold' });

    // A second start (a reload) finds current lists and imports nothing.
    const again = new TrainingMode(reader, revocation, async () => kit);
    await again.start();
    expect(again.crl).toBe('loaded');
    expect(revocation.imports).toBe(imports);

    // Leaving training mode: the training cards are no longer trusted.
    await training.stop();
    await training.place('R01');
    expect(await revocation.validate(await certificateOnReader(reader), new Date())).toMatchObject({ status: 'invalid', cause: 'untrusted-chain' });
  });

  it('reloads CRLs that went stale', async () => {
    const revocation = new InProcessRevocation();
    const kit = await loadTrainingKit();
    const dayAgo = new Date(Date.now() - 2 * 86_400_000);
    await new TrainingMode(new TrainingReader(), revocation, async () => kit, () => dayAgo).start();
    expect(revocation.imports).toBeGreaterThan(0);
    const imports = revocation.imports;
    const training = new TrainingMode(new TrainingReader(), revocation, async () => kit);
    await training.start();
    expect(revocation.imports).toBe(imports + kit.liveIssuerKeyIds.length);
  });

  it('applies a practice condition to the next card placed only', async () => {
    const reader = new TrainingReader();
    const training = new TrainingMode(reader, new InProcessRevocation());
    await training.start();

    training.condition = 'pin-locked';
    await training.place('R02');
    expect(reader.card?.triesLeft('text', TEXT_EF.pin)).toBe(0);
    expect(reader.card?.triesLeft('jpki', JPKI_EF.userAuthPin)).toBe(0);
    expect(training.condition).toBe('none');

    training.condition = 'last-try';
    await training.place('R04');
    expect(reader.card?.triesLeft('text', TEXT_EF.pin)).toBe(1);
    expect(reader.card?.triesLeft('jpki', JPKI_EF.userAuthPin)).toBe(1);

    training.condition = 'slips-off';
    await training.place('R05');
    await expect(certificateOnReader(reader)).rejects.toBeInstanceOf(CardRemovedError);

    await training.place('R05');
    expect((await certificateOnReader(reader)).length).toBeGreaterThan(1000);
    training.remove();
    expect(await reader.cardPresence()).toBe('absent');
    expect(training.placedId).toBeUndefined();
  });

  it('places the renewed card of R01, R02 and R09: a valid certificate of its own, with a new MyKey ID', async () => {
    const revocation = new InProcessRevocation();
    const reader = new TrainingReader();
    const training = new TrainingMode(reader, revocation);
    await training.start();
    expect(training.kit?.residents.filter((r) => r.renewable).map((r) => r.id)).toEqual(['R01', 'R02', 'R09']);

    await training.place('R09');
    const first = await certificateOnReader(reader);
    expect(await revocation.validate(first, new Date())).toMatchObject({ status: 'revoked', reason: 'superseded' });
    await training.place('R09', 'renewed');
    expect(training.placedIssue).toBe('renewed');
    const renewed = await certificateOnReader(reader);
    expect(renewed).not.toEqual(first);
    expect((await revocation.validate(renewed, new Date())).status).toBe('valid');
    const mykeyId = (der: Uint8Array<ArrayBuffer>) => checkUserAuthProfile(parseCertificate(der));
    expect(mykeyId(renewed)).not.toEqual(mykeyId(first));
    // The same card object each time, as a real card keeps its PIN counters.
    expect(await training.kit?.card('R09', 'renewed')).toBe(reader.card);
  });
});
