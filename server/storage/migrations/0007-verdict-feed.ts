import { sql, type Kysely, type Migration } from 'kysely';

/**
 * A per-shelter feed of verdict changes, so every tablet of a shelter hears the final verdicts
 * of the others and those a later list changes. Each verdict row carries its shelter and a
 * change number taken from a per-shelter counter on the shelter row (like `event_seq`): the row
 * lock orders concurrent writers, so numbers follow commit order and a cursor never skips one.
 * Existing verdicts take their event's `shelter_seq` (unique and ordered within the shelter),
 * and each shelter's counter starts at its `event_seq`, past every number so handed out.
 */
export const verdictFeed: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('shelters').addColumn('verdict_seq', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('verdicts').addColumn('shelter_id', 'varchar(64)').execute();
    await db.schema.alterTable('verdicts').addColumn('change_seq', 'integer').execute();

    await sql`update verdicts set
        shelter_id = (select events.shelter_id from events where events.id = verdicts.event_id),
        change_seq = (select events.shelter_seq from events where events.id = verdicts.event_id)`.execute(db);
    await sql`update shelters set verdict_seq = event_seq`.execute(db);

    await db.schema.createIndex('verdicts_by_shelter_change').on('verdicts').columns(['shelter_id', 'change_seq']).unique().execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('verdicts_by_shelter_change').execute();
    await db.schema.alterTable('verdicts').dropColumn('change_seq').execute();
    await db.schema.alterTable('verdicts').dropColumn('shelter_id').execute();
    await db.schema.alterTable('shelters').dropColumn('verdict_seq').execute();
  },
};
