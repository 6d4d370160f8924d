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
}

/** One shard of an index, as encodeShard() bytes: a lookup reads exactly one of these. */
export interface RevocationShardRow {
  issuerKeyId: string;
  shard: number;
  bytes: Uint8Array<ArrayBuffer>;
}

export class ShelterkeyDatabase extends Dexie {
  settings!: EntityTable<SettingRow, 'key'>;
  revocationManifests!: EntityTable<RevocationManifestRow, 'issuerKeyId'>;
  revocationShards!: Dexie.Table<RevocationShardRow, [string, number]>;

  constructor(name: string = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      settings: 'key',
    });
    // Revocation indexes as binary shards (thousands of serials a row), never one row per entry:
    // IndexedDB is slow per record and fast per blob (ARCHITECTURE.md "Measured facts").
    this.version(2).stores({
      revocationManifests: 'issuerKeyId',
      revocationShards: '[issuerKeyId+shard]',
    });
  }
}

let shared: ShelterkeyDatabase | undefined;

/** The page's one database connection. */
export function database(): ShelterkeyDatabase {
  shared ??= new ShelterkeyDatabase();
  return shared;
}
