/** Errors of the APDU layer: bytes that are not a well-formed command or response. */
import { CardError } from '../errors.ts';

/** A command APDU that cannot be encoded or decoded (ISO/IEC 7816-4 §5.1). */
export class MalformedApduError extends CardError {
  readonly code = 'apdu_malformed';
  constructor(
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      {
        ja: `カードとのやり取りに誤りがあります（${detail}）。`,
        en: `The exchange with the card went wrong (${detail}).`,
      },
      options,
    );
  }
}

/** A response that is not data followed by SW1 SW2, or one that grows beyond any real card's. */
export class MalformedResponseError extends CardError {
  readonly code = 'card_response_malformed';
  constructor(readonly detail: string) {
    super({
      ja: 'カードの応答を読み取れません。カードを置き直して、もう一度お試しください。',
      en: 'The card answered something unreadable. Place the card again and retry.',
    });
    this.message = `card response malformed: ${detail}`;
  }
}
