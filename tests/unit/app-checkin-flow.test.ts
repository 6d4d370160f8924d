import { describe, expect, it } from 'vitest';
import { CardRemovedError } from '../../src/card/errors.ts';
import { TEXT_EF } from '../../src/card/card-layout.ts';
import { buildCardImage } from '../../src/card/training/card-image-builder.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { VirtualMyNumberCard } from '../../src/card/virtual/virtual-card.ts';
import { CardDataError } from '../../src/card/errors-data.ts';
import { shelterEventSchema } from '../../src/protocol/events.ts';
import { TestDesk } from '../support/checkin-desk.ts';

describe('CheckInFlow', () => {
  it('reads a valid card, records the validation with the revocation list used, and offers registration', async () => {
    const desk = await new TestDesk().start();
    const step = await desk.place('R01');
    expect(step.name).toBe('verdict');
    if (step.name !== 'verdict') return;
    expect(step.check.verdict.status).toBe('valid');
    expect(step.check.mykeyId).toMatch(/^[A-Z0-9]{23}$/);
    expect(step.residentId).toBeUndefined();
    expect(desk.tones).toEqual(['good']);

    const [event] = await desk.events();
    expect(event?.type).toBe('card.validated');
    if (event?.type !== 'card.validated') return;
    expect(() => shelterEventSchema.parse(event)).not.toThrow();
    expect(event.payload.verdict).toEqual({ status: 'valid' });
    expect(event.payload.revocationData?.crlNumber).toMatch(/^\d+$/);
    expect(event.payload.residentId).toBeUndefined();
    expect(event.payload.mykeyId).toBeUndefined();
  });

  it('records a revoked card with its reason and date; no registration is offered from it', async () => {
    const desk = await new TestDesk().start();
    const step = await desk.place('R03');
    expect(step.name === 'verdict' && step.check.verdict.status).toBe('revoked');
    expect(desk.tones).toEqual(['bad']);
    const [event] = await desk.events();
    expect(event?.type === 'card.validated' && event.payload.verdict).toEqual({ status: 'revoked', reason: 'affiliationChanged', revokedAt: '2026-08-20T02:15:00.000Z' });
    desk.flow.register();
    expect(desk.flow.step.name).toBe('verdict');
  });

  it('answers unknown without revocation data, and records the validation with no list', async () => {
    const desk = await new TestDesk({ trainingCrls: false }).start();
    const step = await desk.place('R01');
    expect(step.name === 'verdict' && step.check.verdict).toMatchObject({ status: 'unknown', cause: 'no-crl' });
    expect(desk.tones).toEqual(['attention']);
    const [event] = await desk.events();
    expect(event?.type === 'card.validated' && event.payload).toMatchObject({ verdict: { status: 'unknown', reason: 'no-crl' }, revocationData: null });
  });

  it('names a training card on a device that does not trust the training CAs, from the card’s own CA certificate', async () => {
    const desk = await new TestDesk().start();
    await desk.revocation.setExtraAnchors([]);
    const step = await desk.place('R02');
    expect(step.name === 'verdict' && step.check).toMatchObject({ verdict: { status: 'invalid', cause: 'untrusted-chain' }, untrustedIssuer: 'training-card' });
    const [event] = await desk.events();
    expect(event?.type === 'card.validated' && event.payload.verdict).toEqual({ status: 'invalid', reason: 'untrusted-chain:training-card' });
  });

  it('judges a card with a damaged certificate Invalid (malformed), and one with no certificate at all a card problem', async () => {
    const desk = await new TestDesk().start();
    const image = await buildCardImage(trainingResident('R01'), await trainingAuthority());
    // A SEQUENCE header announcing more than the file holds, then noise.
    const damaged = new Uint8Array(600).map((_, i) => (i * 37) & 0xff);
    damaged.set([0x30, 0x82, 0x02, 0x50, 0x30, 0x82, 0x07, 0xff]);
    desk.reader.place(new VirtualMyNumberCard({ ...image, jpki: { ...image.jpki, userAuthCertificate: damaged } }));
    const step = await desk.settled();
    expect(step.name === 'verdict' && step.check.verdict).toMatchObject({ status: 'invalid', cause: 'malformed' });
    const [event] = await desk.events();
    expect(event?.type === 'card.validated' && event.payload.verdict).toEqual({ status: 'invalid', reason: 'malformed' });

    desk.reader.place(new VirtualMyNumberCard({ ...image, jpki: { ...image.jpki, userAuthCertificate: new Uint8Array([0x04, 0x02, 0x00, 0x00]) } }));
    await desk.flow.read();
    expect(desk.flow.step.name === 'problem' && desk.flow.step.error).toBeInstanceOf(CardDataError);
    expect(await desk.events()).toHaveLength(1);
  });

  it('reports a card pulled off mid-read, records nothing, and reads the card when it is placed again', async () => {
    const desk = await new TestDesk().start();
    desk.training.condition = 'slips-off';
    const step = await desk.place('R01');
    expect(step.name === 'problem' && step.error).toBeInstanceOf(CardRemovedError);
    expect(desk.desk.present).toBe(false);
    expect(await desk.events()).toEqual([]);
    expect(desk.training.condition).toBe('none');
    expect((await desk.place('R01')).name).toBe('verdict');
    expect(await desk.events()).toHaveLength(1);
  });

  it('registers the holder with the PIN (wrong PIN first), then recognises the card and checks in with one tap', async () => {
    const desk = await new TestDesk().start();
    await desk.place('R01');
    desk.flow.register();
    const step = desk.flow.step;
    if (step.name !== 'registering') throw new Error('not registering');
    const registration = step.registration;
    await registration.choose('pin');
    expect(registration.step).toEqual({ name: 'credential', method: 'pin', triesLeft: 3 });
    await registration.read({ kind: 'pin', pin: '9999' }, false);
    expect(registration.step).toEqual({ name: 'credential', method: 'pin', triesLeft: 2 });
    expect(registration.problem).toMatchObject({ triesLeft: 2 });
    await registration.read({ kind: 'pin', pin: '1234' }, false);
    expect(registration.step.name).toBe('form');
    if (registration.step.name !== 'form') return;
    expect(registration.step.attributes).toMatchObject({ name: '佐藤\u3000花子', birthDate: '1980-02-17', integrity: { verified: true } });

    await registration.register({ ...emptyDraftWith({ nameKana: 'サトウ ハナコ', allergies: 'そば' }) }, [emptyDraftWith({ name: '佐藤\u3000一郎' })], false);
    expect(desk.flow.step).toMatchObject({ name: 'done', outcome: 'registered' });
    const registered = (await desk.events()).filter((e) => e.type === 'resident.registered');
    expect(registered.map((e) => e.payload)).toMatchObject([
      { name: '佐藤\u3000花子', nameKana: 'サトウ ハナコ', address: '宮城県石巻市中央２丁目８番１５号', sex: 'female', source: 'card_pin', attributesVerified: true, needs: { allergies: 'そば' } },
      { name: '佐藤\u3000一郎', source: 'manual', attributesVerified: false },
    ]);
    const holder = registered[0]?.type === 'resident.registered' ? registered[0].payload : undefined;
    expect(holder?.householdId).toBeDefined();
    expect(holder?.mykeyId).toMatch(/^[A-Z0-9]{23}$/);

    desk.reader.remove();
    const again = await desk.place('R01');
    expect(again.name === 'verdict' && again.residentId).toBe(holder?.residentId);
    await desk.flow.checkInReturning();
    expect(desk.flow.step).toMatchObject({ name: 'done', outcome: 'checked-in', residentIds: [holder?.residentId] });
    const events = await desk.events();
    expect(events.at(-1)).toMatchObject({ type: 'resident.checked_in', payload: { residentId: holder?.residentId, method: 'returning' } });
    expect(events.at(-2)).toMatchObject({ type: 'card.validated', payload: { residentId: holder?.residentId, mykeyId: holder?.mykeyId } });
  });

  it('spends the last PIN try only with the resident’s confirmation', async () => {
    const desk = await new TestDesk().start();
    desk.training.condition = 'last-try';
    await desk.place('R02');
    desk.flow.register();
    if (desk.flow.step.name !== 'registering') throw new Error('not registering');
    const registration = desk.flow.step.registration;
    await registration.choose('pin');
    expect(registration.step).toMatchObject({ triesLeft: 1 });
    await registration.read({ kind: 'pin', pin: '1234' }, false);
    expect(registration.problem).toMatchObject({ code: 'pin_last_try_needs_confirmation' });
    expect(desk.reader.card?.triesLeft('text', TEXT_EF.pin)).toBe(1);
    await registration.read({ kind: 'pin', pin: '1234' }, true);
    expect(registration.step.name).toBe('form');
  });

  it('reads with 照合番号B, and refuses a card swapped in after the check', async () => {
    const desk = await new TestDesk().start();
    await desk.place('R01');
    desk.flow.register();
    if (desk.flow.step.name !== 'registering') throw new Error('not registering');
    const registration = desk.flow.step.registration;
    await registration.choose('numbers');
    expect(registration.step).toMatchObject({ triesLeft: 10 });

    // Another resident's card arrives while staff type: placing it does not restart the registration…
    await desk.training.place('R02');
    await registration.read({ kind: 'collation-number-b', value: '55021720352285' }, false);
    // …but its details are not read for the first card.
    expect(registration.problem).toMatchObject({ code: 'different_card' });
    expect(desk.flow.step.name).toBe('registering');

    await desk.training.place('R01');
    await registration.read({ kind: 'collation-number-b', value: '55021720352285' }, false);
    expect(registration.step.name).toBe('form');
    await registration.register(emptyDraftWith({}), [], true);
    const events = await desk.events();
    expect(events.filter((e) => e.type === 'resident.registered').map((e) => e.payload)).toMatchObject([{ source: 'card_numbers', name: '佐藤\u3000花子' }]);
    expect(events.at(-1)).toMatchObject({ type: 'resident.checked_in', payload: { method: 'card' } });
  });

  it('while paused for the resident counter, drops what it showed and neither reads nor records cards placed', async () => {
    const desk = await new TestDesk().start();
    expect((await desk.place('R01')).name).toBe('verdict');
    const resume = desk.flow.pause();
    expect(desk.flow.step).toEqual({ name: 'waiting' });
    await desk.training.place('R02');
    await desk.desk.connect();
    expect(desk.flow.step).toEqual({ name: 'waiting' });
    expect(await desk.events()).toHaveLength(1);
    resume();
    resume();
    expect((await desk.place('R02')).name).toBe('verdict');
    expect(await desk.events()).toHaveLength(2);
  });

  it('links a renewed card to a resident registered by hand; the roster recognises it afterwards', async () => {
    const desk = await new TestDesk().start();
    const [id] = await desk.actions.registerByHand([{ name: '佐藤\u3000花子' }], { checkIn: false });
    const step = await desk.place('R01');
    expect(step.name === 'verdict' && step.residentId).toBeUndefined();
    await desk.flow.linkAndCheckIn(id ?? '');
    expect(desk.flow.step).toMatchObject({ name: 'done', outcome: 'checked-in' });
    const roster = await desk.refreshRoster();
    expect(roster.get(id ?? '')?.presence).toBe('checked_in');
    if (step.name !== 'verdict') return;
    expect(roster.findByCard({ mykeyId: step.check.mykeyId })?.id).toBe(id);
    expect(roster.findByCard({ certificateFingerprint: step.check.fingerprint })?.id).toBe(id);
  });
});

function emptyDraftWith(values: Partial<import('../../src/app/residents/resident-draft.ts').ResidentDraft>) {
  return { name: '', nameKana: '', birthDate: '', sex: '' as const, address: '', phone: '', contactNote: '', medical: '', allergies: '', mobility: '', otherNeeds: '', ...values };
}
