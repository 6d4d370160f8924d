/** Errors of PIN handling that happen before the card is asked anything. */
import { UserFacingError, withMessage } from '../../protocol/user-facing-error.ts';
import type { PinFormat } from '../card-layout.ts';

const FORMAT_MESSAGES: Record<PinFormat, { ja: string; en: string }> = {
  'digits-4': { ja: '暗証番号は数字4桁です。', en: 'The PIN is 4 digits.' },
  'signing-password': {
    ja: '署名用パスワードは英大文字と数字の6〜16桁です。',
    en: 'The signing password is 6 to 16 capital letters and digits.',
  },
  'collation-number-a': { ja: 'この番号は使いません。', en: 'This number is not used.' },
  'collation-number-b': {
    ja: '照合番号Bは数字14桁です（生年月日6桁、有効期限の西暦4桁、セキュリティコード4桁）。',
    en: 'The 照合番号B is 14 digits (birth date 6, card expiry year 4, security code 4).',
  },
};

/** The PIN typed has the wrong form; nothing was sent, no try was spent. */
export class PinFormatError extends UserFacingError {
  readonly code = 'pin_format';
  constructor(readonly format: PinFormat) {
    super(FORMAT_MESSAGES[format]);
  }
}

/**
 * One try is left: a wrong PIN now would lock the card, so the product asks the resident first
 * (DOMAIN.md §3: an operation that could lock the card needs the resident's explicit choice).
 */
export class LastPinTryNeedsConfirmationError extends withMessage(UserFacingError, 'pin_last_try_needs_confirmation', {
  ja: '暗証番号の入力はあと1回です。間違えるとロックされ、市区町村の窓口での解除が必要になります。ご本人の確認を得てから入力してください。',
  en: 'One PIN try is left. A wrong PIN now locks the card until the municipal office unlocks it. Ask the resident before trying.',
}) {}
