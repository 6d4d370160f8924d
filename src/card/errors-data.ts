import { withMessage } from '../protocol/user-facing-error.ts';
import { CardError } from './errors.ts';

/** The card answered, but what it holds is not what a My Number Card holds there. */
export class CardDataError extends withMessage(CardError, 'card_data_malformed', {
  ja: 'カードの内容を読み取れませんでした。マイナンバーカードであることを確かめてください。',
  en: 'The card contents could not be read. Check that it is a My Number Card.',
}) {
  constructor(readonly detail: string) {
    super();
    this.message = `card data malformed: ${detail}`;
  }
}
