/**
 * What staff do to residents, each recorded as one event in the outbox (and then sent when the
 * network allows). The roster updates itself from the database.
 */
import { v7 as uuidv7 } from 'uuid';
import type { EventOf, PayloadOf, ResidentDetails } from '../../protocol/events.ts';
import type { EventRecorder } from '../../sync/event-recorder.ts';

type Registration = Omit<PayloadOf<'resident.registered'>, 'residentId' | 'householdId'>;

/** The card holder's registration: source card_pin or card_numbers, with the card's identity. */
export type CardHolder = Registration & { source: 'card_pin' | 'card_numbers' | 'card_certificate' };

export class ShelterActions {
  constructor(
    private readonly recorder: EventRecorder,
    private readonly afterRecord: () => void,
  ) {}

  private async done<T>(promise: Promise<T>): Promise<T> {
    const result = await promise;
    this.afterRecord();
    return result;
  }

  /** Registers people typed in by hand; several people form one household. Returns their ids. */
  registerByHand(people: readonly ResidentDetails[], options: { checkIn: boolean }): Promise<string[]> {
    return this.register(
      people.map((details) => ({ ...details, source: 'manual' as const, attributesVerified: false })),
      options,
    );
  }

  /**
   * Registers the card holder (4 attributes read from the card, identified by MyKey ID and
   * certificate) with the household members typed in by hand. Returns the ids, holder first.
   */
  registerWithCard(holder: CardHolder, others: readonly ResidentDetails[], options: { checkIn: boolean }): Promise<string[]> {
    return this.register([holder, ...others.map((details) => ({ ...details, source: 'manual' as const, attributesVerified: false }))], options);
  }

  private async register(people: readonly Registration[], options: { checkIn: boolean }): Promise<string[]> {
    const householdId = people.length > 1 ? uuidv7() : undefined;
    const ids: string[] = [];
    for (const person of people) {
      const residentId = uuidv7();
      await this.recorder.record('resident.registered', { ...person, ...(householdId ? { householdId } : {}), residentId });
      if (options.checkIn) await this.recorder.record('resident.checked_in', { residentId, method: person.source === 'manual' ? 'manual' : 'card' });
      ids.push(residentId);
    }
    this.afterRecord();
    return ids;
  }

  /** A card read at the desk: its certificate, the local verdict, the revocation list used. */
  cardValidated(payload: PayloadOf<'card.validated'>): Promise<EventOf<'card.validated'>> {
    return this.done(this.recorder.record('card.validated', payload));
  }

  checkIn(residentId: string, method: 'card' | 'returning' | 'manual'): Promise<unknown> {
    return this.done(this.recorder.record('resident.checked_in', { residentId, method }));
  }

  checkOut(residentId: string): Promise<unknown> {
    return this.done(this.recorder.record('resident.checked_out', { residentId }));
  }

  transfer(residentId: string, toShelterName: string): Promise<unknown> {
    return this.done(this.recorder.record('resident.transferred', { residentId, toShelterName }));
  }

  update(residentId: string, changes: Partial<ResidentDetails>): Promise<unknown> {
    return this.done(this.recorder.record('resident.updated', { residentId, changes }));
  }
}
