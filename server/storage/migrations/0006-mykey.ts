import type { Kysely, Migration } from 'kysely';

/**
 * The MyKey functions (DOMAIN.md §2): relying systems, persons and the certificates seen for
 * them, service-ID links, consents and the data a consent needs, key-possession challenges, and
 * the fee counters. Nothing here records which system asked about whom and when: the fee
 * tables hold monthly totals and, per year, keyed digests of the persons already billed.
 */
export const myKey: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('mykey_relying_parties')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('api_key_hash', 'varchar(64)', (c) => c.notNull().unique())
      // The PPID key of this system (HMAC-SHA-256), hex; never leaves the server.
      .addColumn('ppid_secret', 'varchar(64)', (c) => c.notNull())
      .addColumn('scopes', 'varchar(200)', (c) => c.notNull())
      .addColumn('rate_limit_per_minute', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('disabled_at', 'varchar(32)')
      .execute();

    await db.schema
      .createTable('mykey_persons')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      // Keyed hash of the normalized 4 attributes, for proving a renewal; never the attributes.
      .addColumn('attributes_digest', 'varchar(64)')
      .addColumn('attributes_registered_at', 'varchar(32)')
      .execute();
    await db.schema.createIndex('mykey_persons_by_attributes_digest').on('mykey_persons').column('attributes_digest').execute();

    await db.schema
      .createTable('mykey_certificates')
      .addColumn('certificate_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('person_id', 'varchar(64)', (c) => c.notNull().references('mykey_persons.id'))
      .addColumn('issuer_key_id', 'varchar(128)', (c) => c.notNull())
      .addColumn('serial', 'varchar(80)', (c) => c.notNull())
      .addColumn('mykey_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('not_after', 'varchar(32)', (c) => c.notNull())
      .addColumn('joined_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('joined_by', 'varchar(24)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('mykey_certificates_by_issuer_serial').on('mykey_certificates').columns(['issuer_key_id', 'serial']).unique().execute();
    await db.schema.createIndex('mykey_certificates_by_person').on('mykey_certificates').column('person_id').execute();
    await db.schema.createIndex('mykey_certificates_by_mykey_id').on('mykey_certificates').column('mykey_id').execute();

    // Only the fields some active consent needs; a field no consent covers any more is erased.
    await db.schema
      .createTable('mykey_person_attributes')
      .addColumn('person_id', 'varchar(64)', (c) => c.primaryKey().references('mykey_persons.id'))
      .addColumn('name', 'text')
      .addColumn('address', 'text')
      .addColumn('birth_date', 'varchar(10)')
      .addColumn('sex', 'varchar(16)')
      .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('mykey_consents')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('person_id', 'varchar(64)', (c) => c.notNull().references('mykey_persons.id'))
      .addColumn('relying_party_id', 'varchar(64)', (c) => c.notNull().references('mykey_relying_parties.id'))
      .addColumn('item', 'varchar(20)', (c) => c.notNull())
      .addColumn('given_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('given_via', 'varchar(100)', (c) => c.notNull())
      .addColumn('withdrawn_at', 'varchar(32)')
      .addColumn('withdrawn_via', 'varchar(100)')
      .execute();
    await db.schema.createIndex('mykey_consents_by_person').on('mykey_consents').columns(['person_id', 'relying_party_id']).execute();

    await db.schema
      .createTable('mykey_links')
      .addColumn('relying_party_id', 'varchar(64)', (c) => c.notNull().references('mykey_relying_parties.id'))
      .addColumn('service_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('person_id', 'varchar(64)', (c) => c.notNull().references('mykey_persons.id'))
      .addColumn('linked_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('linked_via', 'varchar(100)', (c) => c.notNull())
      .addPrimaryKeyConstraint('mykey_links_pk', ['relying_party_id', 'service_id'])
      .execute();
    await db.schema.createIndex('mykey_links_by_person').on('mykey_links').columns(['person_id', 'relying_party_id']).unique().execute();

    await db.schema
      .createTable('mykey_challenges')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('device_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('challenge', 'varchar(64)', (c) => c.notNull())
      .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('used_at', 'varchar(32)')
      .execute();

    await db.schema
      .createTable('mykey_fee_subjects')
      .addColumn('relying_party_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('certificate_type', 'varchar(24)', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('subject_digest', 'varchar(64)', (c) => c.notNull())
      .addPrimaryKeyConstraint('mykey_fee_subjects_pk', ['relying_party_id', 'certificate_type', 'year', 'subject_digest'])
      .execute();

    await db.schema
      .createTable('mykey_fee_counts')
      .addColumn('relying_party_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('certificate_type', 'varchar(24)', (c) => c.notNull())
      .addColumn('month', 'varchar(7)', (c) => c.notNull())
      .addColumn('checks', 'integer', (c) => c.notNull())
      .addColumn('billable', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('mykey_fee_counts_pk', ['relying_party_id', 'certificate_type', 'month'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'mykey_fee_counts',
      'mykey_fee_subjects',
      'mykey_challenges',
      'mykey_links',
      'mykey_consents',
      'mykey_person_attributes',
      'mykey_certificates',
      'mykey_persons',
      'mykey_relying_parties',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
