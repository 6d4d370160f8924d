/** Byte encodings used at boundaries (API bodies, CLI output, PEM): base64 and hex. */

const BASE64_ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export class InvalidEncodingError extends Error {
  override name = 'InvalidEncodingError';
}

/** Decodes standard base64; whitespace is ignored, anything else invalid is refused. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64_ALPHABET.test(compact)) {
    throw new InvalidEncodingError('The text is not valid base64.');
  }
  const binary = atob(compact);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const HEX_DIGITS = '0123456789abcdef';

/** Lowercase hex, two digits per byte. */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += HEX_DIGITS[byte >> 4] + HEX_DIGITS[byte & 15];
  return hex;
}

/** Parses hex (either case; spaces and colons between bytes allowed). */
export function hexToBytes(text: string): Uint8Array<ArrayBuffer> {
  const compact = text.replace(/[\s:]/g, '');
  if (compact.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(compact)) {
    throw new InvalidEncodingError('The text is not valid hex.');
  }
  const bytes = new Uint8Array(compact.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(compact.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
