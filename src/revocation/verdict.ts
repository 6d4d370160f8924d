/**
 * The verdict on a certificate at a given time, from the trust store and the revocation indexes
 * held (DOMAIN.md §2: valid / revoked / unknown, plus invalid for certificates that fail before
 * revocation matters). The same code decides on the device (check-in) and on the server (the
 * re-check at the event's own time).
 *
 * Order: malformed → validity period → chain to a trusted CA → key usage → revocation.
 * A certificate revoked after `at` was valid at `at`. A revocation listed at or before `at`
 * is reported even from a stale list (a revocation does not lapse); otherwise a list whose
 * nextUpdate is before `at` gives "unknown (stale)".
 */
import { isWithinValidity, parseCertificate, type Certificate } from '../pki/certificate.ts';
import { verifyIssuedByTrustStore } from '../pki/chain.ts';
import type { KeyUsage } from '../pki/extensions.ts';
import type { TrustStore } from '../pki/trust-store.ts';
import { bytesToHex } from '../protocol/encoding.ts';
import type { LocalizedText } from '../protocol/user-facing-error.ts';
import { issuerKeyIdOf } from './crl-issuer.ts';
import { lookupSerial } from './compact-index/lookup.ts';
import type { IndexManifest } from './compact-index/model.ts';
import type { RevocationIndexReader } from './compact-index/store.ts';
import { reasonMeaning, reasonName, type RevocationReason } from './reasons.ts';

/** The revocation list a verdict was reached with. */
export interface CrlStatus {
  /** Hex key identifier of the CA whose list it is. */
  issuerKeyId: string;
  /** Decimal CRL number, when the list has one. */
  crlNumber: string | undefined;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  /** Seconds from the list's thisUpdate to `at`; negative when the list was issued after `at`. */
  ageSeconds: number;
}

export interface RevocationDetails {
  /** RFC 5280 reason name; undefined when the entry gives none. */
  reason: RevocationReason | undefined;
  revokedAt: Date;
  invalidityDate: Date | undefined;
  /** What the revocation means for the holder (DOMAIN.md §2 table). */
  meaning: LocalizedText;
}

export type InvalidCause = 'malformed' | 'expired' | 'not-yet-valid' | 'untrusted-chain' | 'wrong-key-usage';

export type Verdict =
  /** Not revoked at `at`; `laterRevocation` when the list shows a revocation after `at`. */
  | { status: 'valid'; crl: CrlStatus; laterRevocation: RevocationDetails | undefined }
  | ({ status: 'revoked'; crl: CrlStatus } & RevocationDetails)
  /** No list held for the issuer (or none covering this kind of certificate), or the list is stale. */
  | { status: 'unknown'; cause: 'no-crl'; issuerKeyId: string }
  | { status: 'unknown'; cause: 'stale'; staleSince: Date; crl: CrlStatus }
  | { status: 'invalid'; cause: InvalidCause; detail: string };

export interface RevocationCheckerOptions {
  trustStore: TrustStore;
  indexes: RevocationIndexReader;
  /** Key usages the certificate must allow; JPKI user-authentication certificates: digitalSignature. */
  requiredKeyUsage?: readonly KeyUsage[];
}

export interface RevocationChecker {
  /** The verdict on a certificate (parsed, or DER bytes) at time `at`. */
  validate(certificate: Certificate | Uint8Array, at: Date): Promise<Verdict>;
}

function crlStatus(manifest: IndexManifest, at: Date): CrlStatus {
  return {
    issuerKeyId: bytesToHex(manifest.issuerKeyId),
    crlNumber: manifest.crlNumber?.toString(),
    thisUpdate: manifest.thisUpdate,
    nextUpdate: manifest.nextUpdate,
    ageSeconds: Math.round((at.getTime() - manifest.thisUpdate.getTime()) / 1000),
  };
}

function parse(certificate: Certificate | Uint8Array): Certificate | string {
  if (!(certificate instanceof Uint8Array)) return certificate;
  try {
    return parseCertificate(certificate);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function createRevocationChecker(options: RevocationCheckerOptions): RevocationChecker {
  const required = options.requiredKeyUsage ?? ['digitalSignature'];
  return {
    async validate(input, at) {
      if (Number.isNaN(at.getTime())) throw new RangeError('validate: `at` is not a valid date');
      const certificate = parse(input);
      if (typeof certificate === 'string') return { status: 'invalid', cause: 'malformed', detail: certificate };
      if (!isWithinValidity(certificate, at)) {
        const early = at < certificate.notBefore;
        return {
          status: 'invalid',
          cause: early ? 'not-yet-valid' : 'expired',
          detail: early ? `valid from ${certificate.notBefore.toISOString()}` : `expired ${certificate.notAfter.toISOString()}`,
        };
      }
      const chain = await verifyIssuedByTrustStore(certificate, options.trustStore, at);
      if (!chain.trusted) return { status: 'invalid', cause: 'untrusted-chain', detail: `${chain.problem}: ${chain.detail}` };
      const missing = required.filter((usage) => certificate.keyUsage !== undefined && !certificate.keyUsage.has(usage));
      if (missing.length > 0) return { status: 'invalid', cause: 'wrong-key-usage', detail: `missing ${missing.join(', ')}` };

      const issuerKeyId = issuerKeyIdOf(chain.issuer);
      const { manifest, entry } = await lookupSerial(options.indexes, issuerKeyId, certificate.serialNumber);
      const isCa = certificate.basicConstraints?.ca === true;
      if (!manifest || (manifest.onlyUserCerts && isCa) || (manifest.onlyCaCerts && !isCa)) {
        return { status: 'unknown', cause: 'no-crl', issuerKeyId: bytesToHex(issuerKeyId) };
      }
      const crl = crlStatus(manifest, at);
      const details: RevocationDetails | undefined = entry && {
        reason: entry.reasonCode === undefined ? undefined : reasonName(entry.reasonCode),
        revokedAt: entry.revokedAt,
        invalidityDate: entry.invalidityDate,
        meaning: reasonMeaning(entry.reasonCode === undefined ? undefined : reasonName(entry.reasonCode)),
      };
      if (details && details.revokedAt <= at) return { status: 'revoked', crl, ...details };
      if (manifest.nextUpdate && manifest.nextUpdate < at) return { status: 'unknown', cause: 'stale', staleSince: manifest.nextUpdate, crl };
      return { status: 'valid', crl, laterRevocation: details };
    },
  };
}
