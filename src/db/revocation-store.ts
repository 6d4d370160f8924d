/**
 * The device's revocation indexes in IndexedDB: one manifest row and 2^n shard rows per CRL
 * issuer, in the binary format of src/revocation. An index is replaced in one transaction, so a
 * lookup sees the old index or the new one, never a mix.
 */
import { bytesToHex } from '../protocol/encoding.ts';
import {
  decodeManifest,
  decodeShard,
  encodeManifest,
  encodeShard,
  RevocationIndexFormatError,
  type IndexManifest,
  type RevocationIndex,
  type RevocationIndexReader,
  type Shard,
} from '../revocation/index.ts';
import type { RevocationManifestRow, ShelterkeyDatabase } from './database.ts';

export type RevocationIndexSummary = Omit<RevocationManifestRow, 'manifest'>;

export class DexieRevocationStore implements RevocationIndexReader {
  constructor(private readonly db: ShelterkeyDatabase) {}

  async manifest(issuerKeyId: Uint8Array): Promise<IndexManifest | undefined> {
    const row = await this.db.revocationManifests.get(bytesToHex(issuerKeyId));
    return row && decodeManifest(row.manifest);
  }

  /**
   * One read. If the index was replaced since `manifest` was read, the shard no longer matches
   * it and decodeShard refuses it; the caller then reads the new manifest.
   */
  async shard(manifest: IndexManifest, index: number): Promise<Shard> {
    const key = bytesToHex(manifest.issuerKeyId);
    const row = await this.db.revocationShards.get([key, index]);
    const info = manifest.shards[index];
    if (!info || !row) throw new RevocationIndexFormatError(`shard ${index} of ${key} is missing`);
    return decodeShard(row.bytes, { index, ...info });
  }

  /** Replaces the issuer's index (manifest and every shard) in one transaction. */
  async write(index: RevocationIndex): Promise<void> {
    const { manifest } = index;
    const key = bytesToHex(manifest.issuerKeyId);
    const shards = index.shards.map((shard) => ({ issuerKeyId: key, shard: shard.index, bytes: encodeShard(shard) }));
    await this.db.transaction('rw', this.db.revocationManifests, this.db.revocationShards, async () => {
      await this.db.revocationShards.where('[issuerKeyId+shard]').between([key, -Infinity], [key, Infinity]).delete();
      await this.db.revocationShards.bulkPut(shards);
      await this.db.revocationManifests.put({
        issuerKeyId: key,
        manifest: encodeManifest(manifest),
        crlNumber: manifest.crlNumber?.toString(),
        thisUpdate: manifest.thisUpdate,
        nextUpdate: manifest.nextUpdate,
        entryCount: manifest.entryCount,
        storedAt: new Date(),
      });
    });
  }

  /** What is held, per issuer, for status screens. */
  async list(): Promise<RevocationIndexSummary[]> {
    const rows = await this.db.revocationManifests.toArray();
    return rows.map(({ manifest: _manifest, ...summary }) => summary);
  }
}
