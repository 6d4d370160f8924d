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

/** One revocation index (one CRL issuer): its manifest in the binary format, and what lists show. */
export interface RevocationManifestRow {
  /** Hex key identifier of the CA whose CRL this is. */
  issuerKeyId: string;
  /** encodeManifest() bytes (src/revocation/compact-index/format.ts). */
  manifest: Uint8Array<ArrayBuffer>;
  crlNumber: string | undefined;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  entryCount: number;
  storedAt: Date;
  /** The server's package version this index is at; absent when it came from a CRL imported on the device. */
  packageVersion?: number;
}

/** One shard of an index, as encodeShard() bytes: a lookup reads exactly one of these. */
export interface RevocationShardRow {
  issuerKeyId: string;
  shard: number;
  bytes: Uint8Array<ArrayBuffer>;
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
  revocationManifests!: EntityTable<RevocationManifestRow, 'issuerKeyId'>;
  revocationShards!: Dexie.Table<RevocationShardRow, [string, number]>;

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
    // Revocation indexes as binary shards (thousands of serials a row), never one row per entry:
    // IndexedDB is slow per record and fast per blob (ARCHITECTURE.md "Measured facts").
    this.version(3).stores({
      revocationManifests: 'issuerKeyId',
      revocationShards: '[issuerKeyId+shard]',
    });
    // Alerts acknowledged on any tablet are found by their events' type when a verdict comes again.
    this.version(4).stores({
      events: 'id, [syncState+sequence], residentId, occurredAt, type',
    });
  }
}

let shared: ShelterkeyDatabase | undefined;

/** The page's one database connection. */
export function database(): ShelterkeyDatabase {
  shared ??= new ShelterkeyDatabase();
  return shared;
}
