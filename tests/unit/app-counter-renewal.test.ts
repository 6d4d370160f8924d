/**
 * A renewed card at the resident counter: the earlier card prepares (the keyed digest of its 4
 * attributes) and links a service card; the renewed card carries the registration over with its
 * 4 attributes or with the training J-LIS serial link, against the real server in process; the
 * refusals in the counter's own words; the card removed and no network during the step.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WrongPinError } from '../../src/card/apdu/status-errors.ts';
import { TEXT_EF } from '../../src/card/card-layout.ts';
import { CounterApiError, CounterNetworkError } from '../../src/app/counter/counter-errors.ts';
import { attributesForRenewal, renewalProblemKey, renewalSection } from '../../src/app/counter/counter-renewal.ts';
import { unavailableSerialLinks } from '../../server/mykey/serial-link.ts';
import { TestCounter } from '../support/counter-desk.ts';

const apiError = (status: number, code: string) => new CounterApiError(status, code, { ja: '…', en: '…' }, code);

describe('renewal at the counter: what the screen offers and says', () => {
  const view = { known: false, canCarryOver: true, attributesRegistered: false };

  it('offers to carry over on a card new here, to prepare on an established card not yet prepared, and nothing once prepared', () => {
    expect(renewalSection(view, undefined)).toBe('carry-over');
    expect(renewalSection({ known: true, canCarryOver: true, attributesRegistered: false }, undefined)).toBe('carry-over');
    expect(renewalSection({ known: true, canCarryOver: false, attributesRegistered: false }, undefined)).toBe('prepare');
    expect(renewalSection({ known: true, canCarryOver: false, attributesRegistered: true }, undefined)).toBeUndefined();
  });

  it('keeps showing the step under way, its refusal and its result', () => {
    const established = { known: true, canCarryOver: false, attributesRegistered: true };
    expect(renewalSection(established, { name: 'carried-over', mykeyId: 'X', previousMyKeyIds: [] })).toBe('carried-over');
    expect(renewalSection(established, { name: 'prepared' })).toBe('prepared');
    expect(renewalSection(view, { name: 'sending', action: 'serial-link' })).toBe('carry-over');
    expect(renewalSection(established, { name: 'problem', action: 'prepare', error: new Error() })).toBe('prepare');
    expect(renewalSection(view, { name: 'details-pin', action: 'attributes', triesLeft: 3, reading: false, problem: undefined })).toBe('carry-over');
  });

  it('names the server\'s refusals by the proof tried; other errors keep the counter\'s usual words', () => {
    expect(renewalProblemKey('attributes', apiError(403, 'renewal_not_proven'))).toBe('renewal.notProvenAttributes');
    expect(renewalProblemKey('serial-link', apiError(403, 'renewal_not_proven'))).toBe('renewal.notProvenSerialLink');
    expect(renewalProblemKey('serial-link', apiError(503, 'serial_link_unavailable'))).toBe('renewal.serialLinkUnavailable');
    expect(renewalProblemKey('attributes', apiError(409, 'already_registered'))).toBe('renewal.heldElsewhere');
    expect(renewalProblemKey('prepare', apiError(409, 'already_registered'))).toBe('prepare.heldElsewhere');
    expect(renewalProblemKey('attributes', apiError(422, 'certificate_not_accepted'))).toBeUndefined();
    expect(renewalProblemKey('attributes', new CounterNetworkError())).toBeUndefined();
  });

  it('sends exactly the 4 attributes, not the reading\'s integrity check', () => {
    const reading = { name: '佐藤\u3000花子', address: '宮城県石巻市', birthDate: '1980-02-17', sex: 'female' as const, integrity: { verified: true } };
    expect(attributesForRenewal(reading)).toEqual({ name: '佐藤\u3000花子', address: '宮城県石巻市', birthDate: '1980-02-17', sex: 'female' });
  });
});

describe('renewal at the counter: CounterSession against the server', () => {
  let counter: TestCounter;

  afterEach(async () => {
    await counter.dispose();
  });

  /** Places the resident's first or renewed card and proves it with the PIN. */
  async function visit(id: string, issue: 'first' | 'renewed'): Promise<string> {
    await counter.place(id, undefined, issue);
    await counter.session.submitPin('1234', false);
    expect(counter.session.step.name).toBe('resident');
    return counter.session.card?.mykeyId ?? '';
  }

  /** The earlier card links a library card, and prepares for a renewal when asked. */
  async function firstCard(id: string, prepare: boolean): Promise<string> {
    const mykeyId = await visit(id, 'first');
    const { session } = counter;
    expect(session.view).toMatchObject({ known: false, canCarryOver: true });
    await session.link(counter.library.id, `LIB-${id}`);
    expect(session.view).toMatchObject({ known: true, canCarryOver: false, attributesRegistered: false });
    if (prepare) {
      await session.startRenewal('prepare');
      expect(session.renewal).toEqual({ name: 'details-pin', action: 'prepare', triesLeft: 3, reading: false, problem: undefined });
      await session.submitRenewalPin('1234', false);
      expect(session.renewal).toEqual({ name: 'prepared' });
      expect(session.view?.attributesRegistered).toBe(true);
    }
    counter.reader.remove();
    return mykeyId;
  }

  describe('with the training J-LIS serial link', () => {
    beforeEach(async () => {
      counter = await new TestCounter().start();
    });

    it('carries a prepared registration over with the 4 attributes read from the renewed card; they are not kept', async () => {
      const earlier = await firstCard('R01', true);
      const renewed = await visit('R01', 'renewed');
      const { session } = counter;
      expect(renewed).not.toBe(earlier);
      expect(session.view).toMatchObject({ known: false, canCarryOver: true, links: [] });

      await session.startRenewal('attributes');
      expect(session.renewal).toMatchObject({ name: 'details-pin', action: 'attributes', triesLeft: 3 });
      await session.submitRenewalPin('1235', false);
      expect(session.renewal).toMatchObject({ name: 'details-pin', triesLeft: 2, reading: false });
      expect((session.renewal as { problem: unknown }).problem).toBeInstanceOf(WrongPinError);
      await session.submitRenewalPin('1234', false);
      await counter.settled();

      expect(session.renewal).toEqual({ name: 'carried-over', mykeyId: renewed, previousMyKeyIds: [earlier] });
      expect(session.view).toMatchObject({ mykeyId: renewed, known: true, canCarryOver: false, attributesRegistered: true, earlierMyKeyIds: [earlier] });
      expect(session.view?.links).toMatchObject([{ relyingPartyName: '市立図書館', serviceId: 'LIB-R01' }]);
      expect(counter.reader.card?.triesLeft('text', TEXT_EF.pin)).toBe(3);
      // The library's own desk now knows the renewed card as the same person.
      const lookup = await counter.t.asSystem(counter.library.apiKey, '/api/v1/rp/links/lookup', { certificate: session.card?.certificate });
      expect(lookup.json()).toMatchObject({ serviceId: 'LIB-R01' });
      // Nothing of the 4 attributes stays with the session.
      expect(JSON.stringify([session.renewal, session.view, session.outcome, session.detailsPin, { ...session }])).not.toContain('石巻');
    });

    it('carries an unprepared registration over with J-LIS\'s serial link, after the attributes could not prove it', async () => {
      const earlier = await firstCard('R02', false);
      await visit('R02', 'renewed');
      const { session } = counter;

      await session.startRenewal('attributes');
      await session.submitRenewalPin('1234', false);
      expect(session.renewal).toMatchObject({ name: 'problem', action: 'attributes', error: { code: 'renewal_not_proven' } });
      expect(session.view).toMatchObject({ canCarryOver: true, links: [] });

      await session.startRenewal('serial-link');
      expect(session.renewal).toMatchObject({ name: 'carried-over', previousMyKeyIds: [earlier] });
      expect(session.view?.links).toMatchObject([{ serviceId: 'LIB-R02' }]);
    });

    it('says so when J-LIS names no earlier card registered here', async () => {
      await visit('R02', 'renewed');
      await counter.session.startRenewal('serial-link');
      expect(counter.session.renewal).toMatchObject({ name: 'problem', action: 'serial-link', error: { code: 'renewal_not_proven' } });
    });

    it('ends the step with the visit when the card is removed, and sends nothing without the network', async () => {
      await firstCard('R01', true);
      await visit('R01', 'renewed');
      const { session } = counter;
      await session.startRenewal('attributes');
      expect(session.renewal?.name).toBe('details-pin');
      counter.reader.remove();
      expect(session.renewal).toBeUndefined();
      expect(session.step).toEqual({ name: 'waiting' });

      await visit('R01', 'renewed');
      counter.online = false;
      await session.startRenewal('serial-link');
      expect(session.renewal).toMatchObject({ name: 'problem', action: 'serial-link' });
      expect((session.renewal as { error: unknown }).error).toBeInstanceOf(CounterNetworkError);
      counter.online = true;
      await session.startRenewal('serial-link');
      expect(session.renewal?.name).toBe('carried-over');
    });
  });

  describe('without a J-LIS connection', () => {
    beforeEach(async () => {
      counter = await new TestCounter().start({ serialLinks: unavailableSerialLinks });
    });

    it('answers that the serial link is unavailable', async () => {
      await firstCard('R01', false);
      await visit('R01', 'renewed');
      await counter.session.startRenewal('serial-link');
      expect(counter.session.renewal).toMatchObject({ name: 'problem', error: { status: 503, code: 'serial_link_unavailable' } });
      expect(counter.session.view?.canCarryOver).toBe(true);
    });
  });
});
