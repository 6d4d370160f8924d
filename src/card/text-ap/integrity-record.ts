/**
 * The text AP's integrity record, EF 0003 (DOMAIN.md §3):
 *
 *   FF30 { DF31 SHA-256 of EF 0001 (the individual number as stored),
 *          DF32 SHA-256 of the FF20 value from DF22 on,
 *          DF33 RSA signature (PKCS#1 v1.5, SHA-256) over the DF31 and DF32 data objects }
 *
 * DF31 is brute-forceable into the individual number: it exists here only as bytes inside the
 * signed message, which the caller wipes after the signature check.
 */
import { CardDataError } from '../errors-data.ts';
import { concatBytes } from '../../protocol/encoding.ts';
import { encodeTlv, findTlv, parseSingleTlv, parseTlvs } from '../tlv.ts';

export const INTEGRITY_TAGS = { record: 0xff30, myNumberDigest: 0xdf31, attributesDigest: 0xdf32, signature: 0xdf33 } as const;

export interface IntegrityRecord {
  /** DF31 || DF32 data objects: the message DF33 signs. Contains DF31: wipe after use. */
  signedData: Uint8Array<ArrayBuffer>;
  attributesDigest: Uint8Array;
  signature: Uint8Array<ArrayBuffer>;
}

export function parseIntegrityRecord(bytes: Uint8Array): IntegrityRecord {
  const items = parseTlvs(parseSingleTlv(bytes, INTEGRITY_TAGS.record).value);
  const numberDigest = findTlv(items, INTEGRITY_TAGS.myNumberDigest);
  const attributesDigest = findTlv(items, INTEGRITY_TAGS.attributesDigest);
  const signature = findTlv(items, INTEGRITY_TAGS.signature);
  if (!numberDigest || !attributesDigest || !signature) throw new CardDataError('the integrity record lacks DF31, DF32 or DF33');
  if (attributesDigest.length !== 32) throw new CardDataError('DF32 is not a SHA-256 digest');
  return {
    signedData: concatBytes(numberDigest.encoded, attributesDigest.encoded),
    attributesDigest: attributesDigest.value,
    signature: new Uint8Array(signature.value),
  };
}

/** FF30 for a virtual card: `sign` receives DF31 || DF32 and returns DF33. */
export async function encodeIntegrityRecord(
  myNumberFile: Uint8Array<ArrayBuffer>,
  attributesSignedPart: Uint8Array<ArrayBuffer>,
  sign: (message: Uint8Array<ArrayBuffer>) => Promise<Uint8Array>,
): Promise<Uint8Array<ArrayBuffer>> {
  const df31 = encodeTlv(INTEGRITY_TAGS.myNumberDigest, new Uint8Array(await crypto.subtle.digest('SHA-256', myNumberFile)));
  const df32 = encodeTlv(INTEGRITY_TAGS.attributesDigest, new Uint8Array(await crypto.subtle.digest('SHA-256', attributesSignedPart)));
  const signed = concatBytes(df31, df32);
  const df33 = encodeTlv(INTEGRITY_TAGS.signature, await sign(signed));
  return encodeTlv(INTEGRITY_TAGS.record, concatBytes(signed, df33));
}
