/**
 * Records what happens at the shelter as immutable events in the device's outbox. The event,
 * its id (UUID v7) and its per-device sequence number are written in one IndexedDB transaction,
 * so a closed tab or a reload never loses or renumbers one.
 */
import { v7 as uuidv7 } from 'uuid';
import type { EventRow, ShelterkeyDatabase } from '../db/database.ts';
import { readSetting, writeSetting } from '../db/settings.ts';
import { shelterEventSchema, type EventOf, type EventType, type PayloadOf, type ShelterEvent } from '../protocol/events.ts';
import { localIsoTime } from './local-time.ts';

export class NoShelterError extends Error {
  override name = 'NoShelterError';
  constructor() {
    super('Name the shelter before recording anything.');
  }
}

export function rowOf(event: ShelterEvent, syncState: EventRow['syncState'], sequence: number): EventRow {
  const payload = event.payload as { residentId?: string };
  return { id: event.id, syncState, sequence, residentId: payload.residentId, type: event.type, occurredAt: event.occurredAt, event };
}

export class EventRecorder {
  constructor(
    private readonly db: ShelterkeyDatabase,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async record<T extends EventType>(type: T, payload: PayloadOf<T>): Promise<EventOf<T>> {
    return this.db.transaction('rw', this.db.settings, this.db.events, async () => {
      const shelter = await readSetting(this.db, 'shelter');
      if (!shelter) throw new NoShelterError();
      const sequence = (await readSetting(this.db, 'nextSequence')) ?? 1;
      const now = this.clock();
      // Validated before it is stored: a bug must fail here, not in a sync days later.
      const event = shelterEventSchema.parse({
        id: uuidv7({ msecs: now.getTime() }),
        type,
        occurredAt: localIsoTime(now),
        sequence,
        shelterId: shelter.id,
        payload,
      }) as EventOf<T>;
      await this.db.events.add(rowOf(event, 'pending', sequence));
      await writeSetting(this.db, 'nextSequence', sequence + 1);
      return event;
    });
  }
}
