/**
 * The virtual card's RSA private-key operation: EMSA-PKCS1-v1_5 padding of a DigestInfo the
 * caller already built, then RSASP1 with the CRT (RFC 8017 §9.2 steps 3-5, §5.2.1). Written by
 * hand because WebCrypto only signs whole messages (it hashes them itself) and the card's
 * COMPUTE DIGITAL SIGNATURE receives the DigestInfo, not the message. BigInt keeps it
 * platform-neutral; it runs only on training cards, never on a resident's key.
 */

export interface RsaPrivateKey {
  n: bigint;
  e: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
  /** Modulus length in bytes (k in RFC 8017). */
  size: number;
}

function bigintFromBase64Url(text: string | undefined, name: string): bigint {
  if (!text) throw new TypeError(`RSA JWK lacks "${name}"`);
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  let value = 0n;
  for (let i = 0; i < binary.length; i++) value = (value << 8n) | BigInt(binary.charCodeAt(i));
  return value;
}

export function rsaPrivateKeyFromJwk(jwk: JsonWebKey): RsaPrivateKey {
  if (jwk.kty !== 'RSA') throw new TypeError('not an RSA JWK');
  const n = bigintFromBase64Url(jwk.n, 'n');
  return {
    n,
    e: bigintFromBase64Url(jwk.e, 'e'),
    p: bigintFromBase64Url(jwk.p, 'p'),
    q: bigintFromBase64Url(jwk.q, 'q'),
    dp: bigintFromBase64Url(jwk.dp, 'dp'),
    dq: bigintFromBase64Url(jwk.dq, 'dq'),
    qi: bigintFromBase64Url(jwk.qi, 'qi'),
    size: Math.ceil(n.toString(16).length / 2),
  };
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

export class MessageTooLongError extends RangeError {}

/** EM = 00 01 FF…FF 00 || T, with at least 8 bytes of FF (RFC 8017 §9.2 step 5). */
export function pkcs1Type1Pad(t: Uint8Array, k: number): Uint8Array {
  if (t.length > k - 11) throw new MessageTooLongError(`${t.length} bytes do not fit a ${k}-byte modulus with PKCS#1 v1.5 padding`);
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0x00;
  em[1] = 0x01;
  em[k - t.length - 1] = 0x00;
  em.set(t, k - t.length);
  return em;
}

/** s = EM^d mod n through the CRT, as k big-endian bytes. */
export function signDigestInfo(key: RsaPrivateKey, digestInfo: Uint8Array): Uint8Array<ArrayBuffer> {
  const em = pkcs1Type1Pad(digestInfo, key.size);
  let m = 0n;
  for (const byte of em) m = (m << 8n) | BigInt(byte);
  const m1 = modPow(m, key.dp, key.p);
  const m2 = modPow(m, key.dq, key.q);
  const h = (key.qi * (((m1 - m2) % key.p) + key.p)) % key.p;
  let s = m2 + h * key.q;
  const out = new Uint8Array(key.size);
  for (let i = key.size - 1; i >= 0; i--) {
    out[i] = Number(s & 0xffn);
    s >>= 8n;
  }
  return out;
}
