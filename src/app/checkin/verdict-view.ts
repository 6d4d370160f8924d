/**
 * A card check as staff read it (the verdict word, why, what to do) and as the outbox records it
 * (the local verdict and the revocation list used). Pure.
 */
import { bytesToBase64 } from '../../protocol/encoding.ts';
import type { LocalVerdict, PayloadOf, RevocationDataVersion } from '../../protocol/events.ts';
import type { CrlStatus } from '../../revocation/verdict.ts';
import type { Locale } from '../i18n/locale.svelte.ts';
import type { CardCheck } from './card-check.ts';

export type VerdictStatus = LocalVerdict['status'];

/** The engine's verdict, except that a certificate outside the JPKI user-authentication profile is invalid. */
export function statusOf(check: CardCheck): VerdictStatus {
  if (check.verdict.status !== 'invalid' && check.profileProblems.length > 0) return 'invalid';
  return check.verdict.status;
}

/** The card is good enough to register or recognise someone with (valid, or provisionally). */
export function acceptable(check: CardCheck): boolean {
  const status = statusOf(check);
  return status === 'valid' || status === 'unknown';
}

export function localVerdictOf(check: CardCheck): LocalVerdict {
  const { verdict } = check;
  if (verdict.status !== 'invalid' && check.profileProblems.length > 0) return { status: 'invalid', reason: 'not-user-authentication' };
  switch (verdict.status) {
    case 'valid':
      return { status: 'valid' };
    case 'revoked':
      return { status: 'revoked', reason: verdict.reason ?? 'unspecified', revokedAt: verdict.revokedAt.toISOString() };
    case 'unknown':
      return { status: 'unknown', reason: verdict.cause };
    case 'invalid':
      return { status: 'invalid', reason: verdict.cause === 'untrusted-chain' && check.untrustedIssuer ? `untrusted-chain:${check.untrustedIssuer}` : verdict.cause };
  }
}

function crlOf(check: CardCheck): CrlStatus | undefined {
  const { verdict } = check;
  return verdict.status === 'valid' || verdict.status === 'revoked' || (verdict.status === 'unknown' && verdict.cause === 'stale') ? verdict.crl : undefined;
}

/** The revocation list the verdict was reached with; null when the device had none (or it has no CRL number). */
export function revocationDataOf(check: CardCheck): RevocationDataVersion | null {
  const crl = crlOf(check);
  if (!crl?.crlNumber) return null;
  return {
    issuerKeyId: crl.issuerKeyId,
    crlNumber: crl.crlNumber,
    thisUpdate: crl.thisUpdate.toISOString(),
    ...(crl.nextUpdate ? { nextUpdate: crl.nextUpdate.toISOString() } : {}),
  };
}

/** The events schema's bound on a certificate (base64 of 16 KiB); a larger "certificate" is garbage. */
export const MAX_RECORDED_CERTIFICATE_BYTES = 12_288;

/**
 * The card.validated event of a check. With `residentId` it also ties the card (MyKey ID,
 * fingerprint) to that resident, so every device recognises the card as theirs.
 */
export function validationPayloadOf(check: CardCheck, residentId?: string): PayloadOf<'card.validated'> {
  return {
    certificate: bytesToBase64(check.certificate),
    verdict: localVerdictOf(check),
    revocationData: revocationDataOf(check),
    ...(residentId ? { residentId, certificateFingerprint: check.fingerprint, ...(check.mykeyId ? { mykeyId: check.mykeyId } : {}) } : {}),
  };
}

export interface VerdictExplanation {
  status: VerdictStatus;
  /** Exactly "Valid" / "Revoked" / "Unknown" / "Invalid" (or the Japanese word). */
  word: string;
  /** Why, in plain language (for revoked: what the reason means for the holder). */
  why: string;
  /** What staff do now. */
  advice: string;
  /** The revocation list used, for the small print. */
  crl: string | undefined;
}

const day = (locale: Locale, date: Date): string =>
  new Intl.DateTimeFormat(locale.language === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium' }).format(date);

function why(check: CardCheck, locale: Locale): string {
  const { verdict } = check;
  if (verdict.status !== 'invalid' && check.profileProblems.length > 0) return locale.t('verdict.why.profile');
  switch (verdict.status) {
    case 'valid':
      return locale.t('verdict.why.valid');
    case 'revoked':
      return locale.t('verdict.why.revoked', { meaning: verdict.meaning[locale.language], date: day(locale, verdict.revokedAt) });
    case 'unknown':
      return verdict.cause === 'stale' ? locale.t('verdict.why.stale', { date: day(locale, verdict.staleSince) }) : locale.t('verdict.why.noCrl');
    case 'invalid':
      if (verdict.cause === 'untrusted-chain') return locale.t(`verdict.why.untrusted.${check.untrustedIssuer ?? 'not-jpki'}`);
      return locale.t(`verdict.why.${verdict.cause}`);
  }
}

export function explainCheck(check: CardCheck, locale: Locale): VerdictExplanation {
  const status = statusOf(check);
  const crl = crlOf(check);
  return {
    status,
    word: locale.t(`verdict.${status}`),
    why: why(check, locale),
    advice: locale.t(`verdict.advice.${status}`),
    crl: crl && locale.t('verdict.crlUsed', { date: day(locale, crl.thisUpdate), number: crl.crlNumber ?? '—' }),
  };
}
