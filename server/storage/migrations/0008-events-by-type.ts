import type { Kysely, Migration } from 'kysely';

/**
 * A shelter's events of one type: each new alert looks for an `alert.acknowledged` event held
 * for it (server/storage/alert-acknowledgements.ts), which otherwise scans all the shelter's events.
 */
export const eventsByType: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('events_by_shelter_type').on('events').columns(['shelter_id', 'type']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('events_by_shelter_type').execute();
  },
};
