/**
 * The revocation engine, platform-neutral (browser, worker, Node):
 *
 * - `readCrl(input, sink)`: streams a DER CRL (bytes or a ReadableStream), handing each entry
 *   to the sink; header, extensions and tbsCertList digest in the returned `CrlSummary`.
 * - `ingestCrl(input, { trustStore, current })`: read + verify the signature (issuer chosen by
 *   key identifier among trusted CAs sharing a DN) + build the compact index, or apply a delta
 *   CRL to the current one. Progress events and cancellation through `progress` and `signal`.
 * - `encodeManifest` / `encodeShard` and their decoders: the versioned binary form of an index
 *   (format.ts) for IndexedDB, files and published packages.
 * - Packages (package/): an issuer's index as a snapshot, or the delta between two of its lists
 *   (`diffIndexes`), signed by the server's Ed25519 publishing key; `openRevocationPackage`
 *   verifies one against the pinned key, `applyRevocationPackage` gives the index after it.
 * - `createRevocationChecker({ trustStore, indexes }).validate(certificate, at)`: the `Verdict`
 *   (valid | revoked | unknown | invalid) with the CRL's status and age.
 *
 * Errors are `RevocationError`s (user-facing, with stable codes); format errors carry the byte
 * offset where the CRL went wrong.
 */
export { readCrl, DEFAULT_CRL_LIMITS, type CrlHeader, type CrlLimits, type CrlProgress, type CrlReadOptions, type CrlSummary } from './crl-reader.ts';
export type { CrlEntrySink } from './crl-entry.ts';
export type { CrlExtensions, IssuingDistributionPoint } from './crl-extensions.ts';
export type { ByteInput, IncrementalHash } from './byte-source.ts';
export { ingestCrl, type CrlIngestOptions, type CrlIngestResult } from './ingest.ts';
export { selectCrlIssuer, issuerKeyIdOf, crlIssuerName, canSignCrls } from './crl-issuer.ts';
export { verifyDigestSignature, hashForAlgorithm, type SignedDigest } from './digest-signature.ts';
export { defaultHashFactory, nobleHashFactory, wasmHashFactory, type HashFactory, type HashName } from './digest.ts';
export { createRevocationChecker, type CrlStatus, type InvalidCause, type RevocationChecker, type RevocationCheckerOptions, type RevocationDetails, type Verdict } from './verdict.ts';
export { REASON_NAMES, reasonMeaning, reasonName, type RevocationReason } from './reasons.ts';
export { formatUtcSeconds } from './time.ts';
export { IndexBuilder } from './compact-index/builder.ts';
export { applyDelta, type DeltaCrlInfo } from './compact-index/merge.ts';
export { decodeManifest, decodeShard, encodeManifest, encodeShard } from './compact-index/format.ts';
export { findInShard, lookupSerial, shardOf, type RevocationLookup } from './compact-index/lookup.ts';
export { INDEX_FORMAT_VERSION, type IndexManifest, type RevocationIndex, type Shard, type ShardInfo } from './compact-index/model.ts';
export type { StoredEntry } from './compact-index/records.ts';
export { CachingIndexReader, loadIndex, MemoryIndexStore, type RevocationIndexReader } from './compact-index/store.ts';
export {
  CrlFormatError,
  CrlIngestCancelledError,
  CrlRollbackError,
  CrlSignatureError,
  CrlUnknownCriticalExtensionError,
  CrlUnsupportedError,
  DeltaCrlMismatchError,
  RevocationError,
  RevocationIndexFormatError,
  RevocationPackageFormatError,
  RevocationPackageKeyError,
  RevocationPackageMismatchError,
  RevocationPackageSignatureError,
} from './errors.ts';
export { diffIndexes } from './compact-index/diff.ts';
export {
  ED25519_PUBLIC_KEY_BYTES,
  encodePackageHeader,
  encodePayload,
  PACKAGE_FORMAT_VERSION,
  payloadChunks,
  payloadLength,
  splitPackage,
  u32,
  type PackageHeader,
  type PackageKind,
} from './package/format.ts';
export { deltaParts, snapshotParts } from './package/parts.ts';
export { openRevocationPackage, type RevocationPackage } from './package/verify.ts';
export { applyRevocationPackage, holdsNewerList, type HeldIndex } from './package/apply.ts';
