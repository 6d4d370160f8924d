/**
 * Errors of the revocation engine. Every one reaches people (an operator importing a CRL, staff
 * seeing why revocation data was refused), so each has a stable code and a message in both
 * languages. Format errors name the byte offset in the CRL file where reading stopped.
 */
import { UserFacingError, withDetail, withMessage } from '../protocol/user-facing-error.ts';

export abstract class RevocationError extends UserFacingError {}

/** The CRL is not a well-formed DER CertificateList (RFC 5280 §5.1), or breaks a size limit. */
export class CrlFormatError extends RevocationError {
  readonly code = 'crl_malformed';
  constructor(
    readonly offset: number,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      {
        ja: `失効リスト（CRL）を読み取れません（${offset} バイト目: ${detail}）。`,
        en: `The revocation list (CRL) cannot be read (at byte ${offset}: ${detail}).`,
      },
      options,
    );
  }
}

/** RFC 5280 §5.2/§5.3: a CRL with a critical extension we do not process must not be used. */
export class CrlUnknownCriticalExtensionError extends RevocationError {
  readonly code = 'crl_unknown_critical_extension';
  constructor(
    readonly offset: number,
    readonly oid: string,
    readonly level: 'crl' | 'entry',
  ) {
    const where = level === 'crl' ? { ja: 'CRL', en: 'CRL' } : { ja: '失効エントリ', en: 'entry' };
    super({
      ja: `失効リストに未対応の重要（critical）${where.ja}拡張 ${oid} があります（${offset} バイト目）。このリストは使えません。`,
      en: `The revocation list has an unsupported critical ${where.en} extension ${oid} (at byte ${offset}); it cannot be used.`,
    });
  }
}

/** The CRL is well formed but of a kind the product does not accept (indirect or partial CRLs). */
export class CrlUnsupportedError extends withDetail(RevocationError, 'crl_unsupported', (detail) => ({
  ja: `この種類の失効リストには対応していません（${detail}）。`,
  en: `This kind of revocation list is not supported (${detail}).`,
})) {}

/** No CA of the trust store signed this CRL (unknown issuer, wrong CA, or a tampered list). */
export class CrlSignatureError extends withDetail(RevocationError, 'crl_signature_invalid', (detail) => ({
  ja: `失効リストの署名を信頼できる認証局で確認できません（${detail}）。改ざんされたか、別の認証局のリストです。`,
  en: `The revocation list's signature does not verify under a trusted CA (${detail}): it was altered or comes from another CA.`,
})) {}

/** A delta CRL that does not apply to the index it was given to (RFC 5280 §5.2.4). */
export class DeltaCrlMismatchError extends withDetail(RevocationError, 'crl_delta_mismatch', (detail) => ({
  ja: `差分失効リストを適用できません（${detail}）。基となる完全なリストを先に取り込んでください。`,
  en: `The delta revocation list cannot be applied (${detail}). Import the full base list first.`,
})) {}

/** Stored or published revocation index bytes that are not in the format this code reads. */
export class RevocationIndexFormatError extends withDetail(RevocationError, 'revocation_index_malformed', (detail) => ({
  ja: `保存されている失効データが壊れているか、対応していない版です（${detail}）。失効リストを取り込み直してください。`,
  en: `The stored revocation data is damaged or of an unsupported version (${detail}). Import the revocation list again.`,
})) {}

/** The caller stopped an ingest (an AbortSignal fired); nothing was stored. */
export class CrlIngestCancelledError extends withMessage(RevocationError, 'crl_ingest_cancelled', {
  ja: '失効リストの取り込みを中止しました。',
  en: 'Importing the revocation list was cancelled.',
}) {}

/** A complete CRL older than the one already held for its issuer (a replayed list is refused). */
export class CrlRollbackError extends withDetail(RevocationError, 'crl_older_than_stored', (detail) => ({
  ja: `取り込もうとした失効リストは、保存済みのものより古いため使えません（${detail}）。`,
  en: `The revocation list is older than the one already stored (${detail}), so it was not used.`,
})) {}

/** A published revocation package that is not in the package format (package/format.ts). */
export class RevocationPackageFormatError extends withDetail(RevocationError, 'revocation_package_malformed', (detail) => ({
  ja: `サーバーから受け取った失効データの形式が正しくありません（${detail}）。使わずに破棄しました。`,
  en: `The revocation data received from the server is malformed (${detail}); it was discarded.`,
})) {}

/** A package signed with another key than the publishing key this device pinned at enrollment. */
export class RevocationPackageKeyError extends withMessage(RevocationError, 'revocation_package_wrong_key', {
  ja: '失効データが、登録時に受け取ったサーバーの鍵とは別の鍵で署名されています。使わずに破棄しました。本部に連絡してください。',
  en: "The revocation data is signed with another key than the server key this device received at enrollment; it was discarded. Tell the coordinators.",
}) {}

/** A package whose signature or content digest does not verify: altered on the way, or forged. */
export class RevocationPackageSignatureError extends withDetail(RevocationError, 'revocation_package_signature_invalid', (detail) => ({
  ja: `失効データの署名を確認できません（${detail}）。改ざんされた可能性があるため使わずに破棄しました。`,
  en: `The revocation data's signature does not verify (${detail}); it may have been altered and was discarded.`,
})) {}

/** A verified delta package that does not fit the index this device holds (another base). */
export class RevocationPackageMismatchError extends withDetail(RevocationError, 'revocation_package_mismatch', (detail) => ({
  ja: `失効データの差分がこの端末のデータに合いません（${detail}）。次の同期で全体を取り直します。`,
  en: `The revocation update does not fit the data on this device (${detail}); the whole list is fetched at the next sync.`,
})) {}
