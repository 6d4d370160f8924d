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
} from './errors.ts';
