/**
 * Dates of a card's life (DOMAIN.md §2): certificates run to the 5th birthday after issue, cards
 * to the 10th (5th for residents under 18 at issue), both ending 23:59:59 in Japan.
 */
import { compareDates, type CalendarDate } from '../text-ap/calendar-date.ts';

const JST_OFFSET_MS = 9 * 3600_000;

/** A wall-clock time in Japan as an instant. */
export function japanTime(date: CalendarDate, hours = 0, minutes = 0, seconds = 0): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day, hours, minutes, seconds) - JST_OFFSET_MS);
}

/** The calendar day in Japan of an instant. */
export function japanDate(instant: Date): CalendarDate {
  const shifted = new Date(instant.getTime() + JST_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function birthdayIn(birth: CalendarDate, year: number): CalendarDate {
  // A 29 February birthday falls on 28 February in common years.
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return birth.month === 2 && birth.day === 29 && !leap ? { year, month: 2, day: 28 } : { year, month: birth.month, day: birth.day };
}

/** The n-th birthday strictly after `after` (n = 1 is the next one). */
export function nthBirthdayAfter(birth: CalendarDate, after: CalendarDate, n: number): CalendarDate {
  let first = birthdayIn(birth, after.year);
  if (compareDates(first, after) <= 0) first = birthdayIn(birth, after.year + 1);
  return birthdayIn(birth, first.year + n - 1);
}

export function ageOn(birth: CalendarDate, on: CalendarDate): number {
  const birthdayThisYear = birthdayIn(birth, on.year);
  return on.year - birth.year - (compareDates(on, birthdayThisYear) < 0 ? 1 : 0);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}
