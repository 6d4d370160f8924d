/**
 * Japanese era years (元号) for Gregorian dates, as 照合番号B needs them. Each era starts on the
 * day given; its first year is 元年 (year 1). Japan has used the Gregorian calendar since
 * 1873-01-01 (明治6年), so earlier dates have no such conversion.
 */
import { compareDates, type CalendarDate } from './calendar-date.ts';

export type EraName = '明治' | '大正' | '昭和' | '平成' | '令和';

export interface Era {
  name: EraName;
  romaji: string;
  start: CalendarDate;
}

/** Newest first. */
export const ERAS: readonly Era[] = [
  { name: '令和', romaji: 'Reiwa', start: { year: 2019, month: 5, day: 1 } },
  { name: '平成', romaji: 'Heisei', start: { year: 1989, month: 1, day: 8 } },
  { name: '昭和', romaji: 'Showa', start: { year: 1926, month: 12, day: 25 } },
  { name: '大正', romaji: 'Taisho', start: { year: 1912, month: 7, day: 30 } },
  { name: '明治', romaji: 'Meiji', start: { year: 1868, month: 1, day: 25 } },
];

export const GREGORIAN_IN_JAPAN_SINCE: CalendarDate = { year: 1873, month: 1, day: 1 };

export interface EraDate {
  era: Era;
  /** 1 for 元年. */
  eraYear: number;
  month: number;
  day: number;
}

/** The era date of `date`; undefined before 1873-01-01. */
export function toEraDate(date: CalendarDate): EraDate | undefined {
  if (compareDates(date, GREGORIAN_IN_JAPAN_SINCE) < 0) return undefined;
  const era = ERAS.find((e) => compareDates(date, e.start) >= 0);
  if (!era) return undefined;
  return { era, eraYear: date.year - era.start.year + 1, month: date.month, day: date.day };
}
