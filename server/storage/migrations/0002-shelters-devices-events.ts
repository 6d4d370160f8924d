import { type Kysely, type Migration } from 'kysely';

/**
 * Shelters, their enrolled devices, and the events they sync. Times are ISO-8601 UTC text with
 * milliseconds (sorts as time on both engines); flags are integers 0/1.
 */
export const sheltersDevicesEvents: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('shelters')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      // The last per-shelter event number handed out; the row lock on it orders concurrent pushes.
      .addColumn('event_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('enrollment_codes')
      .addColumn('code_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('shelter_id', 'varchar(64)', (c) => c.notNull().references('shelters.id'))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('used_at', 'varchar(32)')
      .execute();

    await db.schema
      .createTable('devices')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('shelter_id', 'varchar(64)', (c) => c.notNull().references('shelters.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('provisional_shelter_id', 'varchar(64)')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('revoked_at', 'varchar(32)')
      .addColumn('last_sync_at', 'varchar(32)')
      .execute();
    await db.schema.createIndex('devices_by_shelter').on('devices').column('shelter_id').execute();

    await db.schema
      .createTable('events')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('shelter_id', 'varchar(64)', (c) => c.notNull().references('shelters.id'))
      .addColumn('shelter_seq', 'integer', (c) => c.notNull())
      .addColumn('device_id', 'varchar(64)', (c) => c.notNull().references('devices.id'))
      .addColumn('device_sequence', 'integer', (c) => c.notNull())
      .addColumn('type', 'varchar(40)', (c) => c.notNull())
      .addColumn('resident_id', 'varchar(36)')
      .addColumn('occurred_at', 'varchar(40)', (c) => c.notNull())
      // occurred_at moved by the device's measured clock offset at push time.
      .addColumn('corrected_occurred_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('received_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('events_by_shelter_seq').on('events').columns(['shelter_id', 'shelter_seq']).unique().execute();
    await db.schema.createIndex('events_by_resident').on('events').columns(['shelter_id', 'resident_id']).execute();

    // Current state of each resident, projected from events; late events never overwrite newer ones.
    await db.schema
      .createTable('residents')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('shelter_id', 'varchar(64)', (c) => c.notNull().references('shelters.id'))
      .addColumn('registered_at', 'varchar(32)')
      .addColumn('presence', 'varchar(16)', (c) => c.notNull().defaultTo('unknown'))
      .addColumn('presence_at', 'varchar(32)')
      .addColumn('presence_event_id', 'varchar(36)')
      .execute();
    await db.schema.createIndex('residents_by_shelter').on('residents').columns(['shelter_id', 'presence']).execute();

    await db.schema
      .createTable('verdicts')
      .addColumn('event_id', 'varchar(36)', (c) => c.primaryKey().references('events.id'))
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('reason', 'varchar(100)')
      .addColumn('revoked_at', 'varchar(32)')
      .addColumn('meaning_ja', 'text')
      .addColumn('meaning_en', 'text')
      .addColumn('changed', 'integer', (c) => c.notNull())
      .addColumn('revoked_at_check_in', 'integer', (c) => c.notNull())
      .addColumn('checked_at', 'varchar(32)', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('alerts')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('shelter_id', 'varchar(64)', (c) => c.notNull().references('shelters.id'))
      .addColumn('event_id', 'varchar(36)', (c) => c.notNull().references('events.id'))
      .addColumn('kind', 'varchar(40)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('acknowledged_at', 'varchar(32)')
      .execute();
    await db.schema.createIndex('alerts_by_event_kind').on('alerts').columns(['event_id', 'kind']).unique().execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['alerts', 'verdicts', 'residents', 'events', 'devices', 'enrollment_codes', 'shelters']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
