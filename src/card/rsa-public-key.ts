/** RSA public keys given as modulus and exponent (as the card's CV certificates carry them), for WebCrypto. */
import { bytesToBase64 } from '../protocol/encoding.ts';

export interface RsaPublicKeyComponents {
  modulus: Uint8Array;
  exponent: Uint8Array;
}

export function base64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unsigned(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

export function rsaPublicJwk(key: RsaPublicKeyComponents): JsonWebKey {
  return { kty: 'RSA', n: base64Url(unsigned(key.modulus)), e: base64Url(unsigned(key.exponent)) };
}

/** True when `signature` is an RSASSA-PKCS1-v1_5 SHA-256 signature of `data`; false for a key WebCrypto refuses. */
export async function verifyRsaSha256(key: RsaPublicKeyComponents, data: Uint8Array<ArrayBuffer>, signature: Uint8Array<ArrayBuffer>): Promise<boolean> {
  let cryptoKey: CryptoKey;
  try {
    cryptoKey = await crypto.subtle.importKey('jwk', rsaPublicJwk(key), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
  } catch {
    return false;
  }
  return crypto.subtle.verify('RSASSA-PKCS1-v1_5', cryptoKey, signature, data);
}
