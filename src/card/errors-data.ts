import { CardError } from './errors.ts';

/** The card answered, but what it holds is not what a My Number Card holds there. */
export class CardDataError extends CardError {
  readonly code = 'card_data_malformed';
  constructor(readonly detail: string) {
    super({
      ja: 'カードの内容を読み取れませんでした。マイナンバーカードであることを確かめてください。',
      en: 'The card contents could not be read. Check that it is a My Number Card.',
    });
    this.message = `card data malformed: ${detail}`;
  }
}
