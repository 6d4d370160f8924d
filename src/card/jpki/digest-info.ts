/**
 * DigestInfo for SHA-256 (RFC 8017 §9.2, note 1): the card's COMPUTE DIGITAL SIGNATURE takes
 * the DER DigestInfo and applies the PKCS#1 v1.5 padding itself.
 *
 *   DigestInfo ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier, digest OCTET STRING }
 */
import { concatBytes } from '../../protocol/encoding.ts';

export const SHA256_DIGEST_INFO_PREFIX = new Uint8Array([
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
]);

export async function sha256DigestInfo(message: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', message));
  return concatBytes(SHA256_DIGEST_INFO_PREFIX, digest);
}
