import { CardError } from '../errors.ts';

/**
 * The privacy guard stopped a command before it reached the card. It means a bug or a misuse
 * upstream; the card was not touched.
 */
export class PrivacyGuardRefusalError extends CardError {
  readonly code = 'privacy_guard_refused';
  constructor(
    /** The rule that refused: a FORBIDDEN_COMMANDS id or a structural rule name. */
    readonly rule: string,
    readonly detail: string,
  ) {
    super({
      ja: '個人番号（マイナンバー）を守るため、この操作は行いません。係の人に知らせてください。',
      en: 'This operation is not performed, to protect the individual number (My Number). Please tell the staff in charge.',
    });
    this.message = `privacy guard refused (${rule}): ${detail}`;
  }
}
