/**
 * 照合番号B (DOMAIN.md §3): the birth date as Japanese-era YYMMDD, the card's expiry year (4
 * digits, Gregorian) and the 4-digit security code printed on the card, as 14 ASCII digits.
 * Born 昭和55年2月17日 (1980-02-17), expiry 2035, code 2285 → "55021720352285".
 */
import { UserFacingError } from '../../protocol/user-facing-error.ts';
import { foldFullWidth } from '../pin/pin-format.ts';
import { compareDates, parseDate, todayInJapan, type CalendarDate } from './calendar-date.ts';
import { toEraDate } from './japanese-era.ts';

export type CollationNumberBField = 'birthDate' | 'cardExpiryYear' | 'securityCode';

const MESSAGES: Record<CollationNumberBField, { ja: string; en: string }> = {
  birthDate: {
    ja: '生年月日が正しくありません。カードに書かれた生年月日を入力してください。',
    en: 'The birth date is not valid. Enter the birth date printed on the card.',
  },
  cardExpiryYear: {
    ja: 'カードの有効期限（西暦の年、4桁）が正しくありません。',
    en: 'The card expiry year (4 digits, Western calendar) is not valid.',
  },
  securityCode: {
    ja: 'セキュリティコードはカードに書かれた数字4桁です。',
    en: 'The security code is the 4 digits printed on the card.',
  },
};

export class CollationNumberBInputError extends UserFacingError {
  readonly code = 'collation_number_b_invalid';
  constructor(readonly field: CollationNumberBField) {
    super(MESSAGES[field]);
  }
}

export interface CollationNumberBInput {
  /** "YYYY-MM-DD" (Gregorian). */
  birthDate: string;
  /** The year of the card's expiry date, Gregorian, e.g. 2035. */
  cardExpiryYear: number | string;
  /** The 4-digit セキュリティコード printed on the card. */
  securityCode: string;
  /** For tests; defaults to today in Japan. */
  today?: CalendarDate;
}

/** My Number Cards have been issued since 2016; none expires more than 10 years and a birthday after issue. */
const FIRST_ISSUE_YEAR = 2016;
const MAX_VALIDITY_YEARS = 11;

function two(n: number): string {
  return String(n).padStart(2, '0');
}

export function buildCollationNumberB(input: CollationNumberBInput): string {
  const today = input.today ?? todayInJapan();
  const birth = parseDate(foldFullWidth(input.birthDate.trim()));
  if (!birth || compareDates(birth, today) > 0) throw new CollationNumberBInputError('birthDate');
  const era = toEraDate(birth);
  if (!era || era.eraYear > 99) throw new CollationNumberBInputError('birthDate');

  const expiryText = foldFullWidth(String(input.cardExpiryYear).trim());
  const expiry = Number(expiryText);
  if (!/^\d{4}$/.test(expiryText) || expiry < FIRST_ISSUE_YEAR || expiry > today.year + MAX_VALIDITY_YEARS || expiry <= birth.year) {
    throw new CollationNumberBInputError('cardExpiryYear');
  }
  const code = foldFullWidth(input.securityCode.trim());
  if (!/^\d{4}$/.test(code)) throw new CollationNumberBInputError('securityCode');
  return `${two(era.eraYear)}${two(era.month)}${two(era.day)}${expiryText}${code}`;
}
