/**
 * What staff do to residents, each recorded as one event in the outbox (and then sent when the
 * network allows). The roster updates itself from the database.
 */
import { v7 as uuidv7 } from 'uuid';
import type { ResidentDetails } from '../../protocol/events.ts';
import type { EventRecorder } from '../../sync/event-recorder.ts';

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
  async registerByHand(people: readonly ResidentDetails[], options: { checkIn: boolean }): Promise<string[]> {
    const householdId = people.length > 1 ? uuidv7() : undefined;
    const ids: string[] = [];
    for (const details of people) {
      const residentId = uuidv7();
      await this.recorder.record('resident.registered', {
        ...details,
        ...(householdId ? { householdId } : {}),
        residentId,
        source: 'manual',
        attributesVerified: false,
      });
      if (options.checkIn) await this.recorder.record('resident.checked_in', { residentId, method: 'manual' });
      ids.push(residentId);
    }
    this.afterRecord();
    return ids;
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
