/**
 * From CRL bytes to a verified compact index in one streaming pass: the tbsCertList is hashed
 * and its entries staged into shards as they arrive; at the end the issuer is chosen among the
 * trusted CAs by key identifier and signature, and the shards are laid out (or, for a delta
 * CRL, merged into the issuer's current index).
 */
import type { Certificate } from '../pki/certificate.ts';
import type { TrustStore } from '../pki/trust-store.ts';
import type { ByteInput } from './byte-source.ts';
import { crlIssuerCandidates, crlIssuerName, issuerKeyIdOf, selectCrlIssuer } from './crl-issuer.ts';
import { readCrl, type CrlLimits, type CrlProgress, type CrlSummary } from './crl-reader.ts';
import { IndexBuilder } from './compact-index/builder.ts';
import { applyDelta } from './compact-index/merge.ts';
import type { IndexManifest, RevocationIndex } from './compact-index/model.ts';
import { loadIndex, type RevocationIndexReader } from './compact-index/store.ts';
import { hashForAlgorithm } from './digest-signature.ts';
import { defaultHashFactory, type HashFactory } from './digest.ts';
import { CrlRollbackError, CrlUnsupportedError, DeltaCrlMismatchError } from './errors.ts';

export interface CrlIngestOptions {
  trustStore: TrustStore;
  /** The indexes held now: needed for a delta CRL, and to refuse a list older than the stored one. */
  current?: RevocationIndexReader;
  hashFactory?: HashFactory;
  progress?: (progress: CrlProgress) => void;
  signal?: AbortSignal;
  limits?: Partial<CrlLimits>;
}

export interface CrlIngestResult {
  index: RevocationIndex;
  /** The trusted CA that signed the CRL. */
  issuer: Certificate;
  crl: CrlSummary;
  delta: boolean;
  /** Entries not indexed: repeated serials, removeFromCRL entries in a complete CRL. */
  dropped: number;
}

/** RFC 5280 §5.2.5: scopes the product cannot answer for are refused rather than misread. */
function checkScope(crl: CrlSummary): void {
  const idp = crl.issuingDistributionPoint;
  if (!idp) return;
  if (idp.indirectCRL) throw new CrlUnsupportedError('indirect CRL');
  if (idp.onlySomeReasons) throw new CrlUnsupportedError('partial CRL covering only some reasons');
  if (idp.onlyContainsAttributeCerts) throw new CrlUnsupportedError('CRL of attribute certificates');
}

function checkNotOlder(crl: CrlSummary, held: IndexManifest | undefined): void {
  if (!held) return;
  if (crl.crlNumber !== undefined && held.crlNumber !== undefined ? crl.crlNumber < held.crlNumber : crl.thisUpdate < held.thisUpdate) {
    throw new CrlRollbackError(`number ${crl.crlNumber ?? '-'} of ${crl.thisUpdate.toISOString()}; stored ${held.crlNumber ?? '-'} of ${held.thisUpdate.toISOString()}`);
  }
}

export async function ingestCrl(input: ByteInput, options: CrlIngestOptions): Promise<CrlIngestResult> {
  const hashFactory = options.hashFactory ?? defaultHashFactory;
  let builder: IndexBuilder | undefined;
  const crl = await readCrl(input, {
    header(header) {
      crlIssuerCandidates(options.trustStore, crlIssuerName(header.issuer));
      builder = new IndexBuilder(header.byteLength);
      return hashFactory(hashForAlgorithm(header.signatureAlgorithm));
    },
    entry(bytes, serialStart, serialEnd, revokedAt, reason, invalidityDate) {
      if (!builder) throw new Error('CRL entry before its header');
      builder.entry(bytes, serialStart, serialEnd, revokedAt, reason, invalidityDate);
    },
    progress: options.progress,
    signal: options.signal,
    limits: options.limits,
  });
  const issuer = selectCrlIssuer(crl, options.trustStore);
  checkScope(crl);
  const issuerKeyId = issuerKeyIdOf(issuer);
  const delta = crl.deltaBaseCrlNumber !== undefined;
  if (!builder) throw new Error('CRL read without its header');
  const built = builder.finish(!delta);
  const scope = { onlyUserCerts: crl.issuingDistributionPoint?.onlyContainsUserCerts ?? false, onlyCaCerts: crl.issuingDistributionPoint?.onlyContainsCACerts ?? false };
  if (crl.deltaBaseCrlNumber !== undefined) {
    const current = options.current && (await loadIndex(options.current, issuerKeyId));
    if (!current) throw new DeltaCrlMismatchError('no complete list is stored for this CA');
    const index = applyDelta(current, built.shards, {
      crlNumber: crl.crlNumber,
      deltaBaseCrlNumber: crl.deltaBaseCrlNumber,
      thisUpdate: crl.thisUpdate,
      nextUpdate: crl.nextUpdate,
    });
    return { index, issuer, crl, delta, dropped: built.dropped };
  }
  checkNotOlder(crl, await options.current?.manifest(issuerKeyId));
  const index: RevocationIndex = {
    manifest: {
      issuerKeyId,
      issuerName: issuer.subject.der,
      crlNumber: crl.crlNumber,
      baseCrlNumber: crl.crlNumber,
      thisUpdate: crl.thisUpdate,
      nextUpdate: crl.nextUpdate,
      ...scope,
      entryCount: built.entryCount,
      shardBits: built.shardBits,
      shards: built.shards.map((s) => ({ count: s.count, width: s.width })),
    },
    shards: built.shards,
  };
  return { index, issuer, crl, delta, dropped: built.dropped };
}
