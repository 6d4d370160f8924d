import type { Kysely, Migration } from 'kysely';

/** Key/value facts about this server installation (publishing key id, CRL source settings…). */
export const serverMeta: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('server_meta')
      .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('server_meta').execute();
  },
};
