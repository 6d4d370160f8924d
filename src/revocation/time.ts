/**
 * CRL times (RFC 5280 §5.1.2.4, §4.1.2.5.1-2): UTCTime `YYMMDDHHMMSSZ` (YY ≥ 50 → 19YY, else
 * 20YY) and GeneralizedTime `YYYYMMDDHHMMSSZ`, both in UTC with seconds and without fractions.
 * Read in place from the DER value (no string or Date made per entry: a CRL has millions).
 */
import { TAG, type DerCursor } from './der.ts';

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = bytes[i] - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Reads a Time (UTCTime or GeneralizedTime) and returns milliseconds since the epoch. */
export function readTime(cursor: DerCursor, what: string): number {
  const at = cursor.pos;
  const tag = cursor.header(undefined, what);
  cursor.skipValue();
  const { bytes, valueStart: v, length } = cursor;
  let year: number;
  let p: number;
  if (tag === TAG.utcTime) {
    if (length !== 13) cursor.fail(`${what} is not a UTCTime of the form YYMMDDHHMMSSZ`, at);
    const yy = digits(bytes, v, 2);
    year = yy < 0 ? -1 : yy >= 50 ? 1900 + yy : 2000 + yy;
    p = v + 2;
  } else if (tag === TAG.generalizedTime) {
    if (length !== 15) cursor.fail(`${what} is not a GeneralizedTime of the form YYYYMMDDHHMMSSZ`, at);
    year = digits(bytes, v, 4);
    p = v + 4;
  } else {
    return cursor.fail(`${what} is not a UTCTime or GeneralizedTime (tag 0x${tag.toString(16)})`, at);
  }
  const month = digits(bytes, p, 2);
  const day = digits(bytes, p + 2, 2);
  const hour = digits(bytes, p + 4, 2);
  const minute = digits(bytes, p + 6, 2);
  const second = digits(bytes, p + 8, 2);
  if (bytes[p + 10] !== 0x5a) cursor.fail(`${what} does not end in Z (UTC)`, at);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (
    year < 0 || month < 1 || month > 12 || day < 1 ||
    day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]) ||
    hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
  ) {
    cursor.fail(`${what} is not a valid date and time`, at);
  }
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC reads years 0-99 as 1900-1999.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  return date.setUTCFullYear(year);
}

/** `YYYY-MM-DDTHH:MM:SSZ`, the CLI's date format. */
export function formatUtcSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
