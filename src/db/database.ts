/**
 * The device's IndexedDB database. Every schema version and upgrade lives here, in order; the
 * database is opened once per page (or worker) and shared.
 */
import { Dexie, type EntityTable } from 'dexie';

export const DATABASE_NAME = 'shelterkey';

export interface SettingRow {
  key: string;
  value: unknown;
}

export class ShelterkeyDatabase extends Dexie {
  settings!: EntityTable<SettingRow, 'key'>;

  constructor(name: string = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      settings: 'key',
    });
  }
}

let shared: ShelterkeyDatabase | undefined;

/** The page's one database connection. */
export function database(): ShelterkeyDatabase {
  shared ??= new ShelterkeyDatabase();
  return shared;
}
