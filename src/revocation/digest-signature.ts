/**
 * Verifies a signature over a digest computed elsewhere (the tbsCertList hashed while it
 * streamed). WebCrypto only verifies over the whole message, so it cannot be used here.
 *
 * - ECDSA: @noble/curves (audited) verifies a prehashed message directly.
 * - RSA: no maintained library verifies PKCS#1 over a given digest without pulling in a large
 *   legacy toolkit, and the operation is small: the public-key operation s^e mod n
 *   (RFC 8017 §5.2.2, BigInt), then the encoding check. For PKCS#1 v1.5 the expected encoded
 *   message is built from the digest and compared whole (RFC 8017 §8.2.2 step 3-4), which never
 *   parses attacker-controlled padding; for RSA-PSS, EMSA-PSS-VERIFY (RFC 8017 §9.1.2). Only
 *   public data is involved, so constant time does not matter.
 * The algorithm set and the refusal of SHA-1 come from `verificationScheme` in the PKI core.
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { AlgorithmIdentifier } from '../pki/certificate.ts';
import { OID } from '../pki/oids.ts';
import { verificationScheme } from '../pki/signature.ts';
import { bytesEqual } from '../protocol/encoding.ts';
import { hashOnce, type HashName } from './digest.ts';

/** RFC 8017 §9.2 note 1: DER of DigestInfo up to the digest, per hash. */
const DIGEST_INFO_PREFIX: Readonly<Record<HashName, readonly number[]>> = {
  'SHA-256': [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20],
  'SHA-384': [0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30],
  'SHA-512': [0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40],
};

const CURVES = { [OID.secp256r1]: p256, [OID.secp384r1]: p384, [OID.secp521r1]: p521 } as const;

/** The hash a signature algorithm needs, so the caller can digest before verifying. */
export function hashForAlgorithm(algorithm: AlgorithmIdentifier): HashName {
  return verificationScheme(algorithm).hash;
}

function toBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function toBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--, value >>= 8n) out[i] = Number(value & 0xffn);
  return out;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  base %= modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * base) % modulus;
    base = (base * base) % modulus;
  }
  return result;
}

/** RFC 8017 §4.1 I2OSP of the RSA public operation on the signature; undefined if out of range. */
function rsaEncodedMessage(spki: pkijs.PublicKeyInfo, signature: Uint8Array): { em: Uint8Array; modBits: number } | undefined {
  let key: pkijs.RSAPublicKey;
  try {
    // parsedKey knows only the rsaEncryption OID; an id-RSASSA-PSS key holds the same RSAPublicKey.
    key = pkijs.RSAPublicKey.fromBER(new Uint8Array(spki.subjectPublicKey.valueBlock.valueHexView));
  } catch {
    return undefined;
  }
  const n = toBigInt(key.modulus.valueBlock.valueHexView);
  const e = toBigInt(key.publicExponent.valueBlock.valueHexView);
  const modBits = n.toString(2).length;
  const k = Math.ceil(modBits / 8);
  if (signature.length !== k || n === 0n) return undefined;
  const s = toBigInt(signature);
  if (s >= n) return undefined;
  return { em: toBytes(modPow(s, e, n), k), modBits };
}

function pkcs1v15Verify(spki: pkijs.PublicKeyInfo, hash: HashName, digest: Uint8Array, signature: Uint8Array): boolean {
  const result = rsaEncodedMessage(spki, signature);
  if (!result) return false;
  const { em } = result;
  const t = [...DIGEST_INFO_PREFIX[hash], ...digest];
  if (em.length < t.length + 11) return false;
  const expected = new Uint8Array(em.length).fill(0xff);
  expected[0] = 0x00;
  expected[1] = 0x01;
  expected[em.length - t.length - 1] = 0x00;
  expected.set(t, em.length - t.length);
  return bytesEqual(em, expected);
}

function mgf1(hash: HashName, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let counter = 0, filled = 0; filled < length; counter++) {
    const block = hashOnce(hash, Uint8Array.from([...seed, counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff]));
    out.set(block.subarray(0, Math.min(block.length, length - filled)), filled);
    filled += block.length;
  }
  return out;
}

/** RFC 8017 §9.1.2 EMSA-PSS-VERIFY with MGF1 over the same hash. */
function pssVerify(spki: pkijs.PublicKeyInfo, hash: HashName, saltLength: number, digest: Uint8Array, signature: Uint8Array): boolean {
  const result = rsaEncodedMessage(spki, signature);
  if (!result) return false;
  const emBits = result.modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = result.em.subarray(result.em.length - emLen);
  if (result.em.length > emLen && result.em[0] !== 0) return false;
  const hLen = digest.length;
  if (emLen < hLen + saltLength + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const zeroBits = 8 * emLen - emBits;
  if (zeroBits > 0 && (maskedDb[0] >> (8 - zeroBits)) !== 0) return false;
  const db = mgf1(hash, h, maskedDb.length).map((byte, i) => byte ^ maskedDb[i]);
  if (zeroBits > 0) db[0] &= 0xff >> zeroBits;
  const psLength = emLen - hLen - saltLength - 2;
  for (let i = 0; i < psLength; i++) if (db[i] !== 0) return false;
  if (db[psLength] !== 0x01) return false;
  const salt = db.subarray(db.length - saltLength);
  const mPrime = new Uint8Array(8 + hLen + saltLength);
  mPrime.set(digest, 8);
  mPrime.set(salt, 8 + hLen);
  return bytesEqual(hashOnce(hash, mPrime), h);
}

function ecdsaVerify(spki: pkijs.PublicKeyInfo, digest: Uint8Array, signature: Uint8Array): boolean {
  const curveOid = (spki.algorithm.algorithmParams as asn1js.ObjectIdentifier | undefined)?.valueBlock.toString();
  const curve = curveOid === undefined ? undefined : CURVES[curveOid as keyof typeof CURVES];
  if (!curve) return false;
  const point = spki.subjectPublicKey.valueBlock.valueHexView;
  try {
    // OpenSSL does not normalise s, so high-S signatures are valid X.509 signatures.
    return curve.verify(signature, digest, point, { prehash: false, lowS: false, format: 'der' });
  } catch {
    return false;
  }
}

export interface SignedDigest {
  algorithm: AlgorithmIdentifier;
  /** DER SubjectPublicKeyInfo of the signer. */
  publicKey: Uint8Array;
  /** Digest of the signed data with `hashForAlgorithm(algorithm)`. */
  digest: Uint8Array;
  signature: Uint8Array;
}

/**
 * True when `signature` is a signature over the data whose digest is given, under `publicKey`.
 * False for a wrong signature or a key that does not fit the algorithm; UnsupportedAlgorithmError
 * for algorithms not accepted.
 */
export function verifyDigestSignature({ algorithm, publicKey, digest, signature }: SignedDigest): boolean {
  const scheme = verificationScheme(algorithm);
  let spki: pkijs.PublicKeyInfo;
  try {
    const asn1 = asn1js.fromBER(publicKey);
    if (asn1.offset !== publicKey.length) return false;
    spki = new pkijs.PublicKeyInfo({ schema: asn1.result });
  } catch {
    return false;
  }
  const keyOid = spki.algorithm.algorithmId;
  switch (scheme.kind) {
    case 'RSASSA-PKCS1-v1_5':
      return keyOid === OID.rsaEncryption && pkcs1v15Verify(spki, scheme.hash, digest, signature);
    case 'RSA-PSS':
      return (keyOid === OID.rsaEncryption || keyOid === OID.rsassaPss) && pssVerify(spki, scheme.hash, scheme.saltLength, digest, signature);
    case 'ECDSA':
      return keyOid === OID.ecPublicKey && ecdsaVerify(spki, digest, signature);
  }
}
