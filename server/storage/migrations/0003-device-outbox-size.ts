import type { Kysely, Migration } from 'kysely';

/** What each device still had to send at its last push, for the coordinators' view. */
export const deviceOutboxSize: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('devices').addColumn('pending_events', 'integer').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('devices').dropColumn('pending_events').execute();
  },
};
