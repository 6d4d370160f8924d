/**
 * The device's IndexedDB database. Every schema version and upgrade lives here, in order; the
 * database is opened once per page (or worker) and shared.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { FinalVerdict } from '../protocol/api.ts';
import type { ShelterEvent } from '../protocol/events.ts';

export const DATABASE_NAME = 'shelterkey';

export interface SettingRow {
  key: string;
  value: unknown;
}

/**
 * Where an event stands: made here and not yet acknowledged by the server (`pending`),
 * acknowledged (`sent`), held by the server for another device (`conflict`), or made by
 * another device of the shelter and pulled (`remote`).
 */
export type EventSyncState = 'pending' | 'sent' | 'conflict' | 'remote';

export interface EventRow {
  id: string;
  syncState: EventSyncState;
  /** The device's own sequence for local events; 0 for remote ones. */
  sequence: number;
  residentId: string | undefined;
  type: ShelterEvent['type'];
  occurredAt: string;
  event: ShelterEvent;
}

export type VerdictRow = FinalVerdict;

export interface AlertRow {
  id: string;
  eventId: string;
  kind: 'revoked_at_check_in';
  createdAt: string;
  acknowledged: 0 | 1;
}

export class ShelterkeyDatabase extends Dexie {
  settings!: EntityTable<SettingRow, 'key'>;
  events!: EntityTable<EventRow, 'id'>;
  verdicts!: EntityTable<VerdictRow, 'eventId'>;
  alerts!: EntityTable<AlertRow, 'id'>;

  constructor(name: string = DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      settings: 'key',
    });
    this.version(2).stores({
      events: 'id, [syncState+sequence], residentId, occurredAt',
      verdicts: 'eventId',
      alerts: 'id, eventId, acknowledged',
    });
  }
}

let shared: ShelterkeyDatabase | undefined;

/** The page's one database connection. */
export function database(): ShelterkeyDatabase {
  shared ??= new ShelterkeyDatabase();
  return shared;
}
