/**
 * The resident counter's visit (CounterSession) against the real server in process: PIN safety,
 * links and consents with a fresh card proof each, "already registered", no network, and the
 * visit clearing itself when the card leaves or after the idle timeout (a clock moved by hand).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PinLockedError, WrongPinError } from '../../src/card/apdu/status-errors.ts';
import { JPKI_EF } from '../../src/card/card-layout.ts';
import { buildCardImage } from '../../src/card/training/card-image-builder.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { VirtualMyNumberCard } from '../../src/card/virtual/virtual-card.ts';
import { LastPinTryNeedsConfirmationError, PinFormatError } from '../../src/card/pin/errors.ts';
import { CounterApiError, CounterNetworkError, CounterNotEnrolledError, NotAMyKeyCardError } from '../../src/app/counter/counter-errors.ts';
import { ServiceIdFormatError } from '../../src/app/counter/counter-systems.ts';
import { TestCounter } from '../support/counter-desk.ts';

const R01_MYKEY_ID = /^[A-Z0-9]{23}$/;

describe('CounterSession', () => {
  let counter: TestCounter;

  beforeEach(async () => {
    counter = await new TestCounter().start();
  });

  afterEach(async () => {
    await counter.dispose();
  });

  /** Places R01's card and proves it with the PIN: the resident's screen. */
  async function open(): Promise<void> {
    await counter.place('R01');
    await counter.session.submitPin('1234', false);
    expect(counter.session.step.name).toBe('resident');
  }

  it('asks for the PIN with the tries left, counts a wrong one, then shows the MyKey ID, links, consents and the systems', async () => {
    counter.registered.add('none');
    await counter.place('R01');
    const { session } = counter;
    expect(session.step).toEqual({ name: 'pin', triesLeft: 3 });
    expect(session.card?.mykeyId).toMatch(R01_MYKEY_ID);
    expect(session.view).toBeUndefined();

    await session.submitPin('9999', false);
    expect(session.step).toEqual({ name: 'pin', triesLeft: 2 });
    expect(session.problem).toBeInstanceOf(WrongPinError);
    await session.submitPin('12a4', false);
    expect(session.problem).toBeInstanceOf(PinFormatError);
    expect(counter.reader.card?.triesLeft('jpki', JPKI_EF.userAuthPin)).toBe(2);

    await session.submitPin('1234', false);
    expect(session.step).toEqual({ name: 'resident' });
    expect(session.problem).toBeUndefined();
    expect(session.view).toMatchObject({ mykeyId: session.card?.mykeyId, known: false, links: [], consents: [], certificate: { status: 'valid' } });
    expect(session.systems.map((s) => s.name)).toEqual(['市立図書館', '福祉課']);
    expect(session.registeredHere).toBe(false);
    expect(counter.reader.card?.triesLeft('jpki', JPKI_EF.userAuthPin)).toBe(3);
  });

  it('says whether the card is registered at this shelter, from the device roster', async () => {
    await counter.place('R01');
    counter.registered.add(counter.session.card?.mykeyId ?? '');
    await counter.session.submitPin('1234', false);
    expect(counter.session.registeredHere).toBe(true);
  });

  it('links a service card, answers "already registered" for the same link made elsewhere, and unlinks', async () => {
    await open();
    const { session } = counter;
    await session.link(counter.library.id, ' ＬＩＢ－０００１ ');
    expect(session.outcome).toEqual({ kind: 'linked', systemId: counter.library.id });
    expect(session.view?.links).toMatchObject([{ relyingPartyName: '市立図書館', serviceId: 'LIB-0001' }]);
    expect(await counter.linkedServiceId(counter.library)).toBe('LIB-0001');

    // Another counter unlinked and linked again while this screen showed the old state.
    await counter.t.asSystem(counter.library.apiKey, '/api/v1/rp/links/unlink', { serviceId: 'LIB-0001' });
    await counter.t.asSystem(counter.library.apiKey, '/api/v1/rp/links', { certificate: session.card?.certificate, serviceId: 'LIB-0002' });
    await session.link(counter.library.id, 'LIB-0002');
    const refused = session.outcome;
    expect(refused?.kind === 'problem' && refused.error).toBeInstanceOf(CounterApiError);
    if (refused?.kind !== 'problem' || !(refused.error instanceof CounterApiError)) return;
    expect(refused.error).toMatchObject({ status: 409, code: 'already_registered' });
    expect(refused.error.messageIn('ja')).toBe('すでに登録されています。');
    expect(refused.error.messageIn('en')).toBe('Already registered.');
    // The screen caught up with the server.
    expect(session.view?.links).toMatchObject([{ serviceId: 'LIB-0002' }]);

    await session.unlink(counter.library.id);
    expect(session.outcome).toEqual({ kind: 'unlinked', systemId: counter.library.id });
    expect(session.view?.links).toEqual([]);
    expect(await counter.linkedServiceId(counter.library)).toBeNull();
  });

  it('refuses a card number the server would not take, sending nothing', async () => {
    await open();
    await counter.session.link(counter.library.id, 'LIB 0001');
    const outcome = counter.session.outcome;
    expect(outcome?.kind === 'problem' && outcome.error).toBeInstanceOf(ServiceIdFormatError);
    expect(await counter.linkedServiceId(counter.library)).toBeNull();
  });

  it('gives consent per item after reading the card details with their PIN, and withdraws it per item and per system', async () => {
    await open();
    const { session } = counter;
    await session.giveConsent(counter.welfare.id, ['name']);
    expect(session.detailsPin).toMatchObject({ systemId: counter.welfare.id, items: ['name'], triesLeft: 3, reading: false });
    await session.submitDetailsPin('0000', false);
    expect(session.detailsPin).toMatchObject({ triesLeft: 2, problem: expect.any(WrongPinError) });
    await session.submitDetailsPin('1234', false);
    expect(session.detailsPin).toBeUndefined();
    expect(session.outcome).toEqual({ kind: 'consented', systemId: counter.welfare.id, items: ['name'] });
    expect(session.view?.consents).toMatchObject([{ relyingPartyName: '福祉課', item: 'name' }]);
    const attributes = await counter.t.asSystem(counter.welfare.apiKey, '/api/v1/rp/attributes', { certificate: session.card?.certificate });
    expect(attributes.json()).toMatchObject({ attributes: { name: '佐藤\u3000花子' } });
    expect(attributes.json().attributes).not.toHaveProperty('address');

    // The details are read once per visit: the next consent needs no second PIN.
    await session.giveConsent(counter.welfare.id, ['ageCheck']);
    expect(session.detailsPin).toBeUndefined();
    expect(session.view?.consents.map((c) => c.item)).toEqual(['name', 'ageCheck']);
    expect((await counter.t.asSystem(counter.welfare.apiKey, '/api/v1/rp/age-check', { certificate: session.card?.certificate, atLeast: 18 })).json()).toMatchObject({ answer: 'yes' });

    await session.withdrawConsent(counter.welfare.id, ['name']);
    expect(session.outcome).toEqual({ kind: 'withdrawn', systemId: counter.welfare.id, items: ['name'] });
    expect(session.view?.consents.map((c) => c.item)).toEqual(['ageCheck']);
    expect((await counter.t.asSystem(counter.welfare.apiKey, '/api/v1/rp/attributes', { certificate: session.card?.certificate })).statusCode).toBe(403);
    await session.withdrawConsent(counter.welfare.id);
    expect(session.outcome).toEqual({ kind: 'withdrawn', systemId: counter.welfare.id, items: ['ageCheck'] });
    expect(session.view?.consents).toEqual([]);
  });

  it('clears everything at once when the card is removed, and throws away an answer that arrives afterwards', async () => {
    await open();
    const { session } = counter;
    let release!: () => void;
    counter.hold = new Promise((resolve) => (release = resolve));
    const linking = session.link(counter.library.id, 'LIB-0009');
    expect(session.busy).toBe(`link:${counter.library.id}`);

    counter.reader.remove();
    expect(session.step).toEqual({ name: 'waiting' });
    expect([session.card, session.view, session.outcome, session.busy, session.registeredHere]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(session.systems).toEqual([]);
    expect(session.idle.running).toBe(false);
    expect(counter.cleared).toBe(1);

    release();
    counter.hold = undefined;
    await linking;
    expect(session.view).toBeUndefined();
    expect(session.outcome).toBeUndefined();
    expect(session.step).toEqual({ name: 'waiting' });
  });

  it('clears itself after 60 s idle, with a countdown in the last seconds; touching the screen starts the 60 s again', async () => {
    await open();
    const { session, clock } = counter;
    expect(session.idle.running).toBe(true);
    clock.advance(44_000);
    expect(session.idle.warning).toBe(false);
    clock.advance(2_000);
    expect(session.idle.warning).toBe(true);
    expect(session.idle.remainingMs).toBe(14_000);
    session.touch();
    expect(session.idle.warning).toBe(false);
    clock.advance(59_750);
    expect(session.step.name).toBe('resident');
    expect(session.card).toBeDefined();

    clock.advance(250);
    // The card is still on the reader: nothing about the resident is left, the card connection is closed.
    expect(session.step).toEqual({ name: 'take-card' });
    expect([session.card, session.view]).toEqual([undefined, undefined]);
    expect(counter.cleared).toBe(1);

    // Starting again with the same card needs the PIN again: the card was powered down.
    await session.begin();
    expect(session.step).toEqual({ name: 'pin', triesLeft: 3 });
    counter.reader.remove();
    expect(session.step).toEqual({ name: 'waiting' });
  });

  it('with one PIN try left, sends the PIN only after the resident confirms; a locked PIN is never tried', async () => {
    await counter.place('R01', (card) => card.setTriesLeft('jpki', JPKI_EF.userAuthPin, 1));
    const { session } = counter;
    expect(session.step).toEqual({ name: 'pin', triesLeft: 1 });
    await session.submitPin('1234', false);
    expect(session.problem).toBeInstanceOf(LastPinTryNeedsConfirmationError);
    expect(session.step).toEqual({ name: 'pin', triesLeft: 1 });
    expect(counter.reader.card?.triesLeft('jpki', JPKI_EF.userAuthPin)).toBe(1);

    await session.submitPin('9999', true);
    expect(session.problem).toBeInstanceOf(WrongPinError);
    expect(session.step).toEqual({ name: 'pin', triesLeft: 0 });
    await session.submitPin('1234', true);
    expect(session.problem).toBeInstanceOf(PinLockedError);
    expect(session.step).toEqual({ name: 'pin', triesLeft: 0 });
    expect(session.view).toBeUndefined();

    counter.reader.remove();
    await counter.place('R02', (card) => card.setTriesLeft('jpki', JPKI_EF.userAuthPin, 0));
    expect(counter.session.step).toEqual({ name: 'pin', triesLeft: 0 });
  });

  it('without the network shows the MyKey ID from the card, changes nothing, and loads the rest once the network is back', async () => {
    await counter.place('R01');
    counter.online = false;
    await counter.session.submitPin('1234', false);
    const { session } = counter;
    expect(session.step).toEqual({ name: 'resident' });
    expect(session.card?.mykeyId).toMatch(R01_MYKEY_ID);
    expect(session.view).toBeUndefined();
    expect(session.serverProblem).toBeInstanceOf(CounterNetworkError);

    await session.link(counter.library.id, 'LIB-0001');
    const outcome = session.outcome;
    expect(outcome?.kind === 'problem' && outcome.error).toBeInstanceOf(CounterNetworkError);
    expect(session.busy).toBeUndefined();

    counter.online = true;
    expect(await counter.linkedServiceId(counter.library)).toBeNull();
    await session.retry();
    expect(session.serverProblem).toBeUndefined();
    expect(session.view?.links).toEqual([]);
  });

  it('asks for the PIN again when the card lost its verified status, then carries on with the action', async () => {
    await open();
    // The reader powered the card down between two actions.
    counter.reader.card?.reset();
    await counter.session.link(counter.library.id, 'LIB-0003');
    expect(counter.session.step).toEqual({ name: 'pin', triesLeft: 3 });
    await counter.session.submitPin('1234', false);
    expect(counter.session.step).toEqual({ name: 'resident' });
    expect(counter.session.outcome).toEqual({ kind: 'linked', systemId: counter.library.id });
    expect(await counter.linkedServiceId(counter.library)).toBe('LIB-0003');
  });

  it('shows a revoked card its status and what it means; a link from it is refused in the server\'s words', async () => {
    await counter.place('R03');
    await counter.session.submitPin('1234', false);
    const { session } = counter;
    expect(session.view?.certificate).toMatchObject({ status: 'revoked', reason: 'affiliationChanged', meaning: { ja: expect.any(String), en: expect.any(String) } });
    await session.link(counter.library.id, 'LIB-0004');
    const outcome = session.outcome;
    expect(outcome?.kind === 'problem' && outcome.error).toMatchObject({ status: 422, code: 'certificate_not_accepted' });
    expect(outcome?.kind === 'problem' && outcome.error instanceof CounterApiError && outcome.error.messageIn('ja')).toContain('失効');
  });

  it('names a card that is not a My Number Card, and a device that is not enrolled', async () => {
    const image = await buildCardImage(trainingResident('R01'), await trainingAuthority());
    // The card carries its CA's certificate where the user's should be: no MyKey ID.
    counter.reader.place(new VirtualMyNumberCard({ ...image, jpki: { ...image.jpki, userAuthCertificate: image.jpki.userAuthCaCertificate } }));
    await counter.settled();
    expect(counter.session.step.name === 'unusable' && counter.session.step.error).toBeInstanceOf(NotAMyKeyCardError);

    counter.reader.remove();
    counter.enrolled = false;
    await open();
    expect(counter.session.serverProblem).toBeInstanceOf(CounterNotEnrolledError);
    expect(counter.session.card?.mykeyId).toMatch(R01_MYKEY_ID);
  });
});
