import { CardError } from '../errors.ts';

/** The command needs extended length (or more bytes) than the reader can carry. */
export class ExtendedLengthUnavailableError extends CardError {
  readonly code = 'extended_length_unavailable';
  constructor(readonly detail: string) {
    super({
      ja: 'このカードリーダーでは、この操作に必要な長さのデータを送れません。',
      en: 'This card reader cannot carry a command of the length needed.',
    });
    this.message = `extended length unavailable: ${detail}`;
  }
}
