/**
 * The server's revocation data in its database (migration 0005): per CRL issuer the current
 * index, its shards as blobs, and signed delta packages. An import commits in one transaction,
 * and only on top of the version it was prepared against; the shards of the version before stay
 * for downloads and re-checks already under way.
 */
import { sql, type Kysely } from 'kysely';
import type { RevocationIndexTable, ServerDatabase } from './schema.ts';

/** Delta packages kept per issuer: about two months of daily lists. */
export const DELTAS_KEPT = 60;
const SHARDS_PER_INSERT = 16;
const SHARDS_PER_SELECT = 64;

export type IndexRow = RevocationIndexTable;
export type IndexSummaryRow = Omit<IndexRow, 'manifest' | 'snapshot_head'>;

export interface PreparedImport {
  row: IndexRow;
  /** The version this import was prepared on top of (0: none held). */
  previousVersion: number;
  /** encodeShard() bytes, in shard order. */
  shards: readonly Uint8Array[];
  delta: { fromVersion: number; package: Uint8Array } | undefined;
}

/** Another process committed an index of this issuer after this import read the current one. */
export class ImportRaceError extends Error {
  override name = 'ImportRaceError';
}

const SUMMARY_COLUMNS = ['issuer_key_id', 'version', 'issuer_name', 'crl_number', 'this_update', 'next_update', 'entry_count', 'snapshot_bytes', 'source', 'imported_at'] as const;

export class RevocationRepository {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  async list(): Promise<IndexSummaryRow[]> {
    return this.db.selectFrom('revocation_indexes').select(SUMMARY_COLUMNS).orderBy('issuer_name').orderBy('this_update').execute();
  }

  /** issuer key id (hex) → current version. */
  async versions(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('revocation_indexes').select(['issuer_key_id', 'version']).execute();
    return new Map(rows.map((r) => [r.issuer_key_id, Number(r.version)]));
  }

  async current(issuerKeyId: string): Promise<IndexRow | undefined> {
    const row = await this.db.selectFrom('revocation_indexes').selectAll().where('issuer_key_id', '=', issuerKeyId).executeTakeFirst();
    return row && { ...row, version: Number(row.version), entry_count: Number(row.entry_count), snapshot_bytes: Number(row.snapshot_bytes) };
  }

  async shard(issuerKeyId: string, version: number, shard: number): Promise<Uint8Array | undefined> {
    const row = await this.db
      .selectFrom('revocation_shards')
      .select('bytes')
      .where('issuer_key_id', '=', issuerKeyId)
      .where('version', '=', version)
      .where('shard', '=', shard)
      .executeTakeFirst();
    return row?.bytes;
  }

  /** The shards of a version in order, a page at a time (bounded memory for large indexes). */
  async *shards(issuerKeyId: string, version: number, count: number): AsyncGenerator<Uint8Array> {
    for (let first = 0; first < count; first += SHARDS_PER_SELECT) {
      const rows = await this.db
        .selectFrom('revocation_shards')
        .select(['shard', 'bytes'])
        .where('issuer_key_id', '=', issuerKeyId)
        .where('version', '=', version)
        .where('shard', '>=', first)
        .where('shard', '<', first + SHARDS_PER_SELECT)
        .orderBy('shard')
        .execute();
      const expected = Math.min(SHARDS_PER_SELECT, count - first);
      if (rows.length !== expected) throw new ImportRaceError(`version ${version} of ${issuerKeyId} was replaced while it was read`);
      for (const row of rows) yield row.bytes;
    }
  }

  /** Delta packages held for an issuer, oldest first, with their sizes. */
  async deltas(issuerKeyId: string): Promise<{ fromVersion: number; toVersion: number; bytes: number }[]> {
    const rows = await this.db
      .selectFrom('revocation_deltas')
      .select(['from_version', 'to_version', sql<number>`length(package)`.as('bytes')])
      .where('issuer_key_id', '=', issuerKeyId)
      .orderBy('from_version')
      .execute();
    return rows.map((r) => ({ fromVersion: Number(r.from_version), toVersion: Number(r.to_version), bytes: Number(r.bytes) }));
  }

  async delta(issuerKeyId: string, fromVersion: number): Promise<Uint8Array | undefined> {
    const row = await this.db
      .selectFrom('revocation_deltas')
      .select('package')
      .where('issuer_key_id', '=', issuerKeyId)
      .where('from_version', '=', fromVersion)
      .executeTakeFirst();
    return row?.package;
  }

  /** Stores a new version of an issuer's index, its shards and its delta, or nothing (ImportRaceError). */
  async commit({ row, previousVersion, shards, delta }: PreparedImport): Promise<void> {
    const id = row.issuer_key_id;
    await this.db.transaction().execute(async (trx) => {
      // Writing the row first takes its lock (PostgreSQL row lock, SQLite write lock): imports of
      // one issuer by several processes commit one after another, each on top of the last.
      const held = await trx
        .updateTable('revocation_indexes')
        .set((eb) => ({ version: eb('version', '+', 0) }))
        .where('issuer_key_id', '=', id)
        .returning('version')
        .executeTakeFirst();
      const heldVersion = held ? Number(held.version) : 0;
      if (heldVersion !== previousVersion) throw new ImportRaceError(`version ${heldVersion} of ${id} is held, the import was made on ${previousVersion}`);
      for (let i = 0; i < shards.length; i += SHARDS_PER_INSERT) {
        await trx
          .insertInto('revocation_shards')
          .values(shards.slice(i, i + SHARDS_PER_INSERT).map((bytes, k) => ({ issuer_key_id: id, version: row.version, shard: i + k, bytes })))
          .execute();
      }
      if (held) await trx.updateTable('revocation_indexes').set(row).where('issuer_key_id', '=', id).execute();
      else await trx.insertInto('revocation_indexes').values(row).execute();
      if (delta) {
        await trx
          .insertInto('revocation_deltas')
          .values({ issuer_key_id: id, from_version: delta.fromVersion, to_version: row.version, package: delta.package, created_at: row.imported_at })
          .execute();
      }
      await trx.deleteFrom('revocation_shards').where('issuer_key_id', '=', id).where('version', '<', row.version - 1).execute();
      await trx.deleteFrom('revocation_deltas').where('issuer_key_id', '=', id).where('to_version', '<=', row.version - DELTAS_KEPT).execute();
    });
  }
}
