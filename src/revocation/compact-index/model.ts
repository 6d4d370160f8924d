/** The compact revocation index of one CRL issuer: a manifest and its shards (see records.ts). */

/** Format version of manifests and shards written by this code (format.ts). */
export const INDEX_FORMAT_VERSION = 1;

export interface ShardInfo {
  count: number;
  /** Serial field width of the shard's records. */
  width: number;
}

export interface IndexManifest {
  /** Key identifier of the CA whose CRL this is (its subjectKeyIdentifier). */
  issuerKeyId: Uint8Array;
  /** DER of the CA's Name. */
  issuerName: Uint8Array;
  /** CRL number of the newest CRL applied (complete or delta). */
  crlNumber: bigint | undefined;
  /** CRL number of the complete CRL the index was built from. */
  baseCrlNumber: bigint | undefined;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  /** Issuing distribution point scope (RFC 5280 §5.2.5). */
  onlyUserCerts: boolean;
  onlyCaCerts: boolean;
  entryCount: number;
  /** The index has 2^shardBits shards. */
  shardBits: number;
  shards: ShardInfo[];
}

export interface Shard {
  index: number;
  width: number;
  count: number;
  /** count × (width + 10) bytes, sorted by key. */
  records: Uint8Array;
}

export interface RevocationIndex {
  manifest: IndexManifest;
  shards: Shard[];
}

/** Largest shard count (2^16): 10M entries make about 150 records a shard at the ceiling. */
export const MAX_SHARD_BITS = 16;
/** Entries a shard holds when the index is built: one shard is what a cold lookup reads. */
export const TARGET_SHARD_ENTRIES = 4096;

export function shardBitsFor(expectedEntries: number): number {
  let bits = 0;
  while (bits < MAX_SHARD_BITS && expectedEntries / 2 ** bits > TARGET_SHARD_ENTRIES) bits++;
  return bits;
}
