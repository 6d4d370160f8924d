import { UserFacingError, withMessage } from '../../protocol/user-facing-error.ts';

/** The card on the reader is not the one whose certificate was checked. */
export class DifferentCardError extends withMessage(UserFacingError, 'different_card', {
  ja: '最初に確認したカードと違うカードです。このカードでもう一度最初から受け付けてください。',
  en: 'This is not the card that was checked. Start again with this card.',
}) {}
