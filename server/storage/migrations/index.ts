/**
 * Every schema change, in order. The same migrations run on SQLite and PostgreSQL; names sort
 * in application order and are never renamed once released.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { serverMeta } from './0001-server-meta.ts';
import { sheltersDevicesEvents } from './0002-shelters-devices-events.ts';
import { deviceOutboxSize } from './0003-device-outbox-size.ts';
import { auditLog } from './0004-audit-log.ts';
import { revocationStore } from './0005-revocation-store.ts';
import { myKey } from './0006-mykey.ts';
import { verdictFeed } from './0007-verdict-feed.ts';
import { eventsByType } from './0008-events-by-type.ts';

export const migrations: Record<string, Migration> = {
  '0001-server-meta': serverMeta,
  '0002-shelters-devices-events': sheltersDevicesEvents,
  '0003-device-outbox-size': deviceOutboxSize,
  '0004-audit-log': auditLog,
  '0005-revocation-store': revocationStore,
  '0006-mykey': myKey,
  '0007-verdict-feed': verdictFeed,
  '0008-events-by-type': eventsByType,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

export const LATEST_SCHEMA_VERSION = Object.keys(migrations).sort().at(-1) ?? '';
