/**
 * Synthetic individual numbers for virtual cards only: 11 digits and the check digit of the
 * 行政手続における特定の個人を識別するための番号の利用等に関する法律施行令 §8 (Pn × Qn mod 11),
 * so a virtual card's EF 0001 looks like a real one's and the privacy guard is tested against
 * realistic bytes. Never shown, stored or logged; derived from the resident id, not kept in data.
 */

/** The check digit of 11 digits (most significant first). */
export function individualNumberCheckDigit(first11: string): number {
  if (!/^\d{11}$/.test(first11)) throw new RangeError('11 digits expected');
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = Number(first11[11 - n]);
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

/** A deterministic 12-digit number for `seed` (a resident id). */
export async function syntheticIndividualNumber(seed: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`shelterkey training individual number ${seed}`)));
  let digits = '';
  for (let i = 0; digits.length < 11; i++) digits += String((digest[i] ?? 0) % 10);
  return digits + String(individualNumberCheckDigit(digits));
}

/** EF 0001 of the text AP as stored: 17 bytes, FF10 0C <12 ASCII digits> and 2 bytes of padding. */
export function myNumberFile(number: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(17).fill(0xff);
  bytes.set([0xff, 0x10, 0x0c], 0);
  for (let i = 0; i < 12; i++) bytes[3 + i] = number.charCodeAt(i);
  return bytes;
}
