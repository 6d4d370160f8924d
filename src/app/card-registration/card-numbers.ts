/**
 * The birth date as printed on the front of the card, typed as it is written there: in a
 * Japanese era (日本国籍: 昭和55年2月17日生) or in the Western calendar (外国籍). The era year
 * may be typed as 元 (1). The 照合番号B itself is built by the card layer (buildCollationNumberB).
 */
import { compareDates, formatIsoDate, isValidDate, type CalendarDate } from '../../card/text-ap/calendar-date.ts';
import { ERAS, GREGORIAN_IN_JAPAN_SINCE, type EraName } from '../../card/text-ap/japanese-era.ts';
import { foldFullWidth } from '../../card/pin/pin-format.ts';

export type BirthCalendar = EraName | 'western';

/** Newest first, as people pick them: most residents were born in 昭和 or 平成. */
export const BIRTH_CALENDARS: readonly BirthCalendar[] = [...ERAS.map((era) => era.name), 'western'];

export interface PrintedBirthDate {
  calendar: BirthCalendar;
  year: string;
  month: string;
  day: string;
}

function number(text: string): number {
  const folded = foldFullWidth(text.trim());
  if (folded === '元') return 1;
  return /^\d{1,4}$/.test(folded) ? Number(folded) : NaN;
}

/** "YYYY-MM-DD", or undefined when the date does not exist (or not in that era). */
export function birthDateOf(printed: PrintedBirthDate): string | undefined {
  const eraYear = number(printed.year);
  const month = number(printed.month);
  const day = number(printed.day);
  if (printed.calendar === 'western') {
    const date: CalendarDate = { year: eraYear, month, day };
    return isValidDate(date) && compareDates(date, GREGORIAN_IN_JAPAN_SINCE) >= 0 ? formatIsoDate(date) : undefined;
  }
  const index = ERAS.findIndex((era) => era.name === printed.calendar);
  const era = ERAS[index];
  if (!era || !(eraYear >= 1)) return undefined;
  const date: CalendarDate = { year: era.start.year + eraYear - 1, month, day };
  if (!isValidDate(date) || compareDates(date, era.start) < 0) return undefined;
  // ERAS is newest first: the era before it in the list is the one that followed this one.
  const next = index > 0 ? ERAS[index - 1] : undefined;
  if (next && compareDates(date, next.start) >= 0) return undefined;
  return formatIsoDate(date);
}
