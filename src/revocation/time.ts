/**
 * CRL times (RFC 5280 §5.1.2.4, §4.1.2.5.1-2): UTCTime `YYMMDDHHMMSSZ` (YY ≥ 50 → 19YY, else
 * 20YY) and GeneralizedTime `YYYYMMDDHHMMSSZ`, both in UTC with seconds and without fractions.
 * Read in place from the DER value with integer arithmetic (no string or Date made per entry: a
 * CRL has millions).
 */
import { TAG, type DerCursor } from './der.ts';

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The decimal value of `count` ASCII digits, or -1 if one is not a digit. */
function digits(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = bytes[i] - 0x30;
    if (!(d >= 0 && d <= 9)) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** Milliseconds since the epoch, or NaN when a field is out of range (or -1 from a non-digit). */
function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (
    year < 0 || month < 1 || month > 12 || day < 1 ||
    day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]) ||
    hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
  ) {
    return Number.NaN;
  }
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60000 + second * 1000;
}

/** Value of a time whose content starts at `p` (after the year digits) given its year. */
function fields(bytes: Uint8Array, year: number, p: number): number {
  if (bytes[p + 10] !== 0x5a) return Number.NaN;
  return utcMillis(year, digits(bytes, p, 2), digits(bytes, p + 2, 2), digits(bytes, p + 4, 2), digits(bytes, p + 6, 2), digits(bytes, p + 8, 2));
}

function utcYear(bytes: Uint8Array, at: number): number {
  const yy = digits(bytes, at, 2);
  return yy < 0 ? -1 : yy >= 50 ? 1900 + yy : 2000 + yy;
}

// Days from the epoch to the first of each month of 1900-2199, filled on first use.
const FIRST_YEAR = 1900;
const MONTH_STARTS = new Int32Array(300 * 12).fill(-1 << 30);

function monthStart(year: number, month: number): number {
  const i = (year - FIRST_YEAR) * 12 + month - 1;
  if (i < 0 || i >= MONTH_STARTS.length) return daysFromCivil(year, month, 1);
  let days = MONTH_STARTS[i];
  if (days === -1 << 30) days = MONTH_STARTS[i] = daysFromCivil(year, month, 1);
  return days;
}

/**
 * The time whose TLV starts at `at`, when it is in canonical form (tag, length 13 or 15, digits,
 * Z, a real date); NaN otherwise, for the caller to fall back to `readTime` and its precise error.
 * The caller guarantees the TLV lies within the buffer. This runs once or twice per CRL entry,
 * hence the unrolled digits and the month table.
 */
export function quickTime(b: Uint8Array, at: number): number {
  const tag = b[at];
  let year: number;
  let p: number;
  if (tag === TAG.utcTime && b[at + 1] === 13) {
    const y0 = b[at + 2] - 0x30;
    const y1 = b[at + 3] - 0x30;
    if (y0 >>> 0 > 9 || y1 >>> 0 > 9) return Number.NaN;
    const yy = y0 * 10 + y1;
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    p = at + 4;
  } else if (tag === TAG.generalizedTime && b[at + 1] === 15) {
    year = digits(b, at + 2, 4);
    if (year < 0) return Number.NaN;
    p = at + 6;
  } else {
    return Number.NaN;
  }
  if (b[p + 10] !== 0x5a) return Number.NaN;
  const d0 = b[p] - 0x30, d1 = b[p + 1] - 0x30, d2 = b[p + 2] - 0x30, d3 = b[p + 3] - 0x30, d4 = b[p + 4] - 0x30;
  const d5 = b[p + 5] - 0x30, d6 = b[p + 6] - 0x30, d7 = b[p + 7] - 0x30, d8 = b[p + 8] - 0x30, d9 = b[p + 9] - 0x30;
  if ((d0 >>> 0) > 9 || (d1 >>> 0) > 9 || (d2 >>> 0) > 9 || (d3 >>> 0) > 9 || (d4 >>> 0) > 9 || (d5 >>> 0) > 9 || (d6 >>> 0) > 9 || (d7 >>> 0) > 9 || (d8 >>> 0) > 9 || (d9 >>> 0) > 9) {
    return Number.NaN;
  }
  const month = d0 * 10 + d1;
  const day = d2 * 10 + d3;
  const hour = d4 * 10 + d5;
  const minute = d6 * 10 + d7;
  const second = d8 * 10 + d9;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  if (day > 28 && day > daysInMonth(year, month)) return Number.NaN;
  return (((monthStart(year, month) + day - 1) * 24 + hour) * 60 + minute) * 60000 + second * 1000;
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1];
}

/** Reads a Time (UTCTime or GeneralizedTime) and returns milliseconds since the epoch. */
export function readTime(cursor: DerCursor, what: string): number {
  const at = cursor.pos;
  const tag = cursor.header(undefined, what);
  cursor.skipValue();
  const { bytes, valueStart: v, length } = cursor;
  let ms: number;
  if (tag === TAG.utcTime) {
    if (length !== 13) cursor.fail(`${what} is not a UTCTime of the form YYMMDDHHMMSSZ`, at);
    ms = fields(bytes, utcYear(bytes, v), v + 2);
  } else if (tag === TAG.generalizedTime) {
    if (length !== 15) cursor.fail(`${what} is not a GeneralizedTime of the form YYYYMMDDHHMMSSZ`, at);
    ms = fields(bytes, digits(bytes, v, 4), v + 4);
  } else {
    return cursor.fail(`${what} is not a UTCTime or GeneralizedTime (tag 0x${tag.toString(16)})`, at);
  }
  if (Number.isNaN(ms)) cursor.fail(`${what} is not a valid UTC date and time ending in Z`, at);
  return ms;
}

/** `YYYY-MM-DDTHH:MM:SSZ`, the CLI's date format. */
export function formatUtcSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
