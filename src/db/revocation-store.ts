/**
 * The device's revocation indexes in IndexedDB: one manifest row and 2^n shard rows per CRL
 * issuer, in the binary format of src/revocation. An index is replaced in one transaction, so a
 * lookup sees the old index or the new one, never a mix. Packages from the server are verified
 * against the publishing key pinned at enrollment before anything is read from them, and applied
 * (snapshot, or delta on top of the version held) in one transaction too.
 */
import { base64ToBytes, bytesToHex } from '../protocol/encoding.ts';
import { withMessage } from '../protocol/user-facing-error.ts';
import {
  applyRevocationPackage,
  decodeManifest,
  decodeShard,
  encodeManifest,
  encodeShard,
  openRevocationPackage,
  RevocationError,
  RevocationIndexFormatError,
  type IndexManifest,
  type RevocationIndex,
  type RevocationIndexReader,
  type RevocationPackage,
  type Shard,
} from '../revocation/index.ts';
import type { RevocationManifestRow, ShelterkeyDatabase } from './database.ts';
import { readSetting } from './settings.ts';

export type RevocationIndexSummary = Omit<RevocationManifestRow, 'manifest'>;

/** What applying one package did. */
export interface AppliedPackage {
  issuerKeyId: string;
  /** The package's version; `applied` false when the device already held a newer list. */
  version: number;
  kind: RevocationPackage['kind'];
  applied: boolean;
  crlNumber: string | undefined;
  entryCount: number;
}

/** A package arrived, but this device has no publishing key pinned to check it with (not enrolled). */
export class NoPinnedPublishingKeyError extends withMessage(RevocationError, 'revocation_package_no_pinned_key', {
  ja: 'この端末にはサーバーの鍵が登録されていないため、失効データを確認できません。端末をサーバーに登録してください。',
  en: 'This device has no server key to check revocation data with. Enroll the device with the server.',
}) {}

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
  async write(index: RevocationIndex, packageVersion?: number): Promise<void> {
    await this.db.transaction('rw', this.db.revocationManifests, this.db.revocationShards, () => this.replace(index, packageVersion));
  }

  /** Inside a rw transaction on both tables. */
  private async replace(index: RevocationIndex, packageVersion: number | undefined): Promise<void> {
    const { manifest } = index;
    const key = bytesToHex(manifest.issuerKeyId);
    const shards = index.shards.map((shard) => ({ issuerKeyId: key, shard: shard.index, bytes: encodeShard(shard) }));
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
      ...(packageVersion === undefined ? {} : { packageVersion }),
    });
  }

  /** What is held, per issuer, for status screens and for asking the server what is newer. */
  async list(): Promise<RevocationIndexSummary[]> {
    const rows = await this.db.revocationManifests.toArray();
    return rows.map(({ manifest: _manifest, ...summary }) => summary);
  }

  /**
   * Verifies a package from the server against the pinned publishing key, then applies it in one
   * transaction. Throws a RevocationError (wrong key, bad signature, malformed, does not fit) and
   * changes nothing when it is refused.
   */
  async applyPackage(bytes: Uint8Array): Promise<AppliedPackage> {
    const pinned = await readSetting(this.db, 'publishingKey');
    if (!pinned) throw new NoPinnedPublishingKeyError();
    const pkg = await openRevocationPackage(bytes, base64ToBytes(pinned));
    const key = bytesToHex(pkg.header.issuerKeyId);
    return this.db.transaction('rw', this.db.revocationManifests, this.db.revocationShards, async () => {
      const row = await this.db.revocationManifests.get(key);
      let held: { index: RevocationIndex; version: number | undefined } | undefined;
      if (row) {
        const manifest = decodeManifest(row.manifest);
        // A snapshot only needs the held manifest (is it newer?); a delta merges into every shard.
        const rows = pkg.kind === 'delta' ? await this.db.revocationShards.where('[issuerKeyId+shard]').between([key, -Infinity], [key, Infinity]).toArray() : [];
        const shards = pkg.kind === 'delta' ? rows.map((r) => decodeShard(r.bytes, { index: r.shard, ...(manifest.shards[r.shard] ?? { count: -1, width: 0 }) })) : [];
        held = { index: { manifest, shards }, version: row.packageVersion };
      }
      const index = applyRevocationPackage(held, pkg);
      if (index) await this.replace(index, pkg.header.version);
      const result = index ?? held?.index;
      return {
        issuerKeyId: key,
        version: pkg.header.version,
        kind: pkg.kind,
        applied: index !== undefined,
        crlNumber: result?.manifest.crlNumber?.toString(),
        entryCount: result?.manifest.entryCount ?? 0,
      };
    });
  }
}
