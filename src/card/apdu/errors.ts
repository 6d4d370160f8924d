/** Errors of the APDU layer: bytes that are not a well-formed command or response. */
import { withDetail, withMessage } from '../../protocol/user-facing-error.ts';
import { CardError } from '../errors.ts';

/** A command APDU that cannot be encoded or decoded (ISO/IEC 7816-4 §5.1). */
export class MalformedApduError extends withDetail(CardError, 'apdu_malformed', (detail) => ({
  ja: `カードとのやり取りに誤りがあります（${detail}）。`,
  en: `The exchange with the card went wrong (${detail}).`,
})) {}

/** A response that is not data followed by SW1 SW2, or one that grows beyond any real card's. */
export class MalformedResponseError extends withMessage(CardError, 'card_response_malformed', {
  ja: 'カードの応答を読み取れません。カードを置き直して、もう一度お試しください。',
  en: 'The card answered something unreadable. Place the card again and retry.',
}) {
  constructor(readonly detail: string) {
    super();
    this.message = `card response malformed: ${detail}`;
  }
}
