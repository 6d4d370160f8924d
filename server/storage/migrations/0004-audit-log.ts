import type { Kysely, Migration } from 'kysely';

/**
 * The operation log verifiers must keep (JPKI security criteria): who did what to which object,
 * when, with what result. No personal data. Each entry carries the hash of the one before it.
 */
export const auditLog: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'integer', (c) => c.primaryKey())
      .addColumn('at', 'varchar(32)', (c) => c.notNull())
      .addColumn('actor', 'varchar(100)', (c) => c.notNull())
      .addColumn('action', 'varchar(100)', (c) => c.notNull())
      .addColumn('object_id', 'varchar(100)')
      .addColumn('result', 'varchar(40)', (c) => c.notNull())
      .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('hash', 'varchar(64)', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('audit_log').execute();
  },
};
