/**
 * CRL reason codes (RFC 5280 §5.3.1) and what each means for a My Number Card holder
 * (JPKI, DOMAIN.md §2 "Revocation reasons and what they mean").
 *
 *   CRLReason ::= ENUMERATED { unspecified (0), keyCompromise (1), cACompromise (2),
 *     affiliationChanged (3), superseded (4), cessationOfOperation (5), certificateHold (6),
 *     -- value 7 is not used
 *     removeFromCRL (8), privilegeWithdrawn (9), aACompromise (10) }
 */
import type { LocalizedText } from '../protocol/user-facing-error.ts';

export const REASON_NAMES = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  undefined,
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
] as const;

export type RevocationReason = Exclude<(typeof REASON_NAMES)[number], undefined>;

/** The stored code for "no reasonCode extension" (RFC 5280: absent means unspecified, but say so apart). */
export const NO_REASON = 0xff;
export const REMOVE_FROM_CRL = 8;

export function isReasonCode(code: number): boolean {
  return code >= 0 && code < REASON_NAMES.length && REASON_NAMES[code] !== undefined;
}

export function reasonName(code: number): RevocationReason | undefined {
  return code === NO_REASON ? undefined : REASON_NAMES[code];
}

const JPKI_MEANINGS: Partial<Record<RevocationReason, LocalizedText>> = {
  affiliationChanged: { ja: '死亡または国外転出', en: 'the holder died or moved abroad' },
  cessationOfOperation: { ja: 'カードの紛失または国外転出', en: 'the card was lost, or the holder moved abroad' },
  superseded: { ja: '証明書の更新（新しい証明書があります）', en: 'the certificate was renewed (a newer one exists)' },
  certificateHold: { ja: 'カードの紛失届（一時停止中）', en: 'the card was reported lost (temporarily suspended)' },
  keyCompromise: { ja: '秘密鍵の危殆化', en: 'the private key was compromised' },
};

const UNSPECIFIED_MEANING: LocalizedText = {
  ja: '理由の記載なし（本人の申請、カードの有効期限、記載事項の変更などで失効）',
  en: 'no reason given (revoked on request, at card expiry, or after a change of the holder\'s details)',
};

/** What the revocation means for the holder, in plain language. */
export function reasonMeaning(reason: RevocationReason | undefined): LocalizedText {
  return (reason && JPKI_MEANINGS[reason]) ?? UNSPECIFIED_MEANING;
}
