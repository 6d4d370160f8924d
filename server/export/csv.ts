/**
 * CSV as spreadsheet programs in Japanese offices open it: RFC 4180 quoting, CRLF line ends, and
 * a UTF-8 byte-order mark so Excel does not read the names as Shift_JIS. Cells that start like a
 * formula are prefixed with ' so a name can never run as one.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | undefined | null)[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
