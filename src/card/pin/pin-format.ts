/**
 * The PINs' formats (DOMAIN.md §3), checked before anything reaches the card so a typo never
 * costs a try. Full-width digits and letters typed through a Japanese input method are folded to
 * ASCII first.
 */
import type { PinFormat } from '../card-layout.ts';
import { PinFormatError } from './errors.ts';

const PATTERNS: Record<PinFormat, RegExp> = {
  'digits-4': /^[0-9]{4}$/,
  'signing-password': /^(?=.*[A-Z])(?=.*[0-9])[A-Z0-9]{6,16}$/,
  'collation-number-a': /^$/,
  'collation-number-b': /^[0-9]{14}$/,
};

/** Folds full-width ASCII (U+FF01..U+FF5E) to ASCII. */
export function foldFullWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** The VERIFY data for `value`: ASCII bytes. The caller wipes them after use. */
export function encodePin(format: PinFormat, value: string): Uint8Array<ArrayBuffer> {
  const folded = foldFullWidth(value.trim());
  if (format === 'collation-number-a' || !PATTERNS[format].test(folded)) throw new PinFormatError(format);
  const bytes = new Uint8Array(folded.length);
  for (let i = 0; i < folded.length; i++) bytes[i] = folded.charCodeAt(i);
  return bytes;
}
