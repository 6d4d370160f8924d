import type { Kysely, Migration } from 'kysely';

/**
 * The server's revocation data: per CRL issuer, the current compact index (its manifest and the
 * signed header of its snapshot package), the index's shards as one blob each (never a row per
 * revoked certificate), and the signed delta packages between consecutive versions. Verdicts
 * gain the CA and serial of the certificate they are about, so a list arriving later finds the
 * validations it changes.
 *
 * Blobs are declared `bytea`: PostgreSQL's binary type; SQLite gives the name NUMERIC affinity,
 * which keeps blob values as they are (SQLite "Datatypes", §3.1), so one declaration serves both.
 */
export const revocationStore: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('revocation_indexes')
      .addColumn('issuer_key_id', 'varchar(128)', (c) => c.primaryKey())
      // 1, 2, 3… for each index of this issuer the server has held; devices fetch "since" one.
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('issuer_name', 'text', (c) => c.notNull())
      .addColumn('crl_number', 'varchar(60)')
      .addColumn('this_update', 'varchar(32)', (c) => c.notNull())
      .addColumn('next_update', 'varchar(32)')
      .addColumn('entry_count', 'integer', (c) => c.notNull())
      .addColumn('manifest', 'bytea', (c) => c.notNull())
      // Header and signature of the snapshot package; its payload is the manifest and the shards.
      .addColumn('snapshot_head', 'bytea', (c) => c.notNull())
      .addColumn('snapshot_bytes', 'integer', (c) => c.notNull())
      .addColumn('source', 'varchar(300)', (c) => c.notNull())
      .addColumn('imported_at', 'varchar(32)', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('revocation_shards')
      .addColumn('issuer_key_id', 'varchar(128)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('shard', 'integer', (c) => c.notNull())
      .addColumn('bytes', 'bytea', (c) => c.notNull())
      .addPrimaryKeyConstraint('revocation_shards_pk', ['issuer_key_id', 'version', 'shard'])
      .execute();

    await db.schema
      .createTable('revocation_deltas')
      .addColumn('issuer_key_id', 'varchar(128)', (c) => c.notNull())
      .addColumn('from_version', 'integer', (c) => c.notNull())
      .addColumn('to_version', 'integer', (c) => c.notNull())
      .addColumn('package', 'bytea', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addPrimaryKeyConstraint('revocation_deltas_pk', ['issuer_key_id', 'from_version'])
      .execute();

    await db.schema.alterTable('verdicts').addColumn('issuer_key_id', 'varchar(128)').execute();
    // Hex of the serial's content bytes, as the compact index keys it.
    await db.schema.alterTable('verdicts').addColumn('serial', 'varchar(80)').execute();
    await db.schema.createIndex('verdicts_by_certificate').on('verdicts').columns(['issuer_key_id', 'serial']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('verdicts_by_certificate').execute();
    await db.schema.alterTable('verdicts').dropColumn('serial').execute();
    await db.schema.alterTable('verdicts').dropColumn('issuer_key_id').execute();
    for (const table of ['revocation_deltas', 'revocation_shards', 'revocation_indexes']) await db.schema.dropTable(table).execute();
  },
};
