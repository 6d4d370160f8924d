/**
 * "At least N years old" on a day in Japan. 年齢計算ニ関スル法律 counts age from the day of birth,
 * and 民法 §143 ends each year on the day before the birth date's anniversary (for 29 February in
 * a common year, at the end of February): so a person is N from the start of the anniversary,
 * or of 1 March when there is no 29 February.
 */
import { compareDates, parseDate, todayInJapan, type CalendarDate } from '../../src/card/text-ap/calendar-date.ts';

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The first day on which someone born on `birth` is `years` old. */
export function dayReachingAge(birth: CalendarDate, years: number): CalendarDate {
  const year = birth.year + years;
  if (birth.month === 2 && birth.day === 29 && !isLeap(year)) return { year, month: 3, day: 1 };
  return { year, month: birth.month, day: birth.day };
}

export function isAtLeast(birthDate: string, years: number, at: Date): boolean {
  const birth = parseDate(birthDate);
  if (!birth) throw new RangeError('isAtLeast: the birth date is not a date');
  return compareDates(todayInJapan(at), dayReachingAge(birth, years)) >= 0;
}
