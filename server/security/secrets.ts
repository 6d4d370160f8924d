/**
 * Bearer secrets: device tokens, relying-party keys, enrollment codes. Only their SHA-256 is
 * stored; tokens have 256 bits of entropy, so a fast hash is enough, and the lookup is by hash.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(hashSecret(a), 'hex');
  const right = Buffer.from(hashSecret(b), 'hex');
  return timingSafeEqual(left, right);
}

// No 0/O, 1/I/L, 2/Z, 5/S, 8/B: read aloud and typed on a tablet without mix-ups.
const CODE_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';
export const ENROLLMENT_CODE_LENGTH = 8;

/** An enrollment code such as "7KQF-3MXA" (about 37 bits; single use, short-lived). */
export function newEnrollmentCode(): string {
  let code = '';
  for (let i = 0; i < ENROLLMENT_CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Codes are compared without case, spaces or dashes, as people type them. */
export function normalizeEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}
