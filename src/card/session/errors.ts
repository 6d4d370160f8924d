import { withMessage } from '../../protocol/user-facing-error.ts';
import { CardError } from '../errors.ts';

/** The command needs extended length (or more bytes) than the reader can carry. */
export class ExtendedLengthUnavailableError extends withMessage(CardError, 'extended_length_unavailable', {
  ja: 'このカードリーダーでは、この操作に必要な長さのデータを送れません。',
  en: 'This card reader cannot carry a command of the length needed.',
}) {
  constructor(readonly detail: string) {
    super();
    this.message = `extended length unavailable: ${detail}`;
  }
}
