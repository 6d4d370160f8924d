/** Errors of the card layer and of the transports beneath it, with what a volunteer should do. */
import { UserFacingError, withMessage } from '../protocol/user-facing-error.ts';

export abstract class CardError extends UserFacingError {}

/** The card left the reader (or the reader lost power to it) during an exchange. */
export class CardRemovedError extends withMessage(CardError, 'card_removed', {
  ja: 'カードが離れました。カードをリーダーに置いたまま、もう一度お試しください。',
  en: 'The card was removed. Keep the card on the reader and try again.',
}) {}

/** The card or the reader did not answer in time. */
export class CardTimeoutError extends withMessage(CardError, 'card_timeout', {
  ja: 'カードの応答がありません。カードを置き直して、もう一度お試しください。',
  en: 'The card did not answer. Place the card again and retry.',
}) {}

/** The exchange was cancelled by the caller (an AbortSignal fired). */
export class CardCancelledError extends withMessage(CardError, 'card_cancelled', {
  ja: '読み取りを中止しました。',
  en: 'Reading was cancelled.',
}) {}

/** A reader or connection problem below the APDU level; transports subclass it with specifics. */
export class TransportError extends CardError {
  readonly code: string = 'transport_error';
}
