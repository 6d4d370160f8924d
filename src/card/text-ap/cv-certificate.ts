/**
 * The card-verifiable certificate of the key that signs the integrity record, text AP EF 0004:
 *
 *   7F21 { 5F4E body = certification authority reference (16 bytes) || certificate holder
 *                      reference (16 bytes) || public exponent TLV || modulus TLV,
 *          5F37 signature over the body by a J-LIS key that is not on the card }
 *
 * The layout of the body follows what public readers of the card found; J-LIS does not publish
 * the CV certificate's profile, so the issuer check uses PKCS#1 v1.5 with SHA-256 over the body
 * and the issuer key is configuration (a training key for virtual cards).
 */
import { CardDataError } from '../errors-data.ts';
import type { RsaPublicKeyComponents } from '../rsa-public-key.ts';
import { concatBytes } from '../../protocol/encoding.ts';
import { encodeTlv, findTlv, parseSingleTlv, parseTlvs, type Tlv } from '../tlv.ts';

export const CV_TAGS = { certificate: 0x7f21, body: 0x5f4e, signature: 0x5f37, exponent: 0x82, modulus: 0x81 } as const;
const REFERENCE_LENGTH = 16;

export interface CvCertificate {
  authorityReference: Uint8Array;
  holderReference: Uint8Array;
  publicKey: RsaPublicKeyComponents;
  body: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
}

export function parseCvCertificate(bytes: Uint8Array): CvCertificate {
  const items = parseTlvs(parseSingleTlv(bytes, CV_TAGS.certificate).value);
  const body = findTlv(items, CV_TAGS.body);
  const signature = findTlv(items, CV_TAGS.signature);
  if (!body || !signature) throw new CardDataError('the CV certificate lacks 5F4E or 5F37');
  if (body.length < 2 * REFERENCE_LENGTH + 4) throw new CardDataError('the CV certificate body is too short');
  // Exponent first, then modulus, whatever their tags.
  const keyParts: Tlv[] = parseTlvs(body.value.subarray(2 * REFERENCE_LENGTH));
  const [exponent, modulus] = keyParts;
  if (!exponent || !modulus || keyParts.length !== 2) throw new CardDataError('the CV certificate key is not an exponent and a modulus');
  return {
    authorityReference: body.value.subarray(0, REFERENCE_LENGTH),
    holderReference: body.value.subarray(REFERENCE_LENGTH, 2 * REFERENCE_LENGTH),
    publicKey: { exponent: exponent.value, modulus: modulus.value },
    body: new Uint8Array(body.value),
    signature: new Uint8Array(signature.value),
  };
}

export async function encodeCvCertificate(
  references: { authority: Uint8Array; holder: Uint8Array },
  publicKey: RsaPublicKeyComponents,
  sign: (body: Uint8Array<ArrayBuffer>) => Promise<Uint8Array>,
): Promise<Uint8Array<ArrayBuffer>> {
  if (references.authority.length !== REFERENCE_LENGTH || references.holder.length !== REFERENCE_LENGTH) {
    throw new RangeError('CV certificate references are 16 bytes');
  }
  const body = concatBytes(
    references.authority,
    references.holder,
    encodeTlv(CV_TAGS.exponent, publicKey.exponent),
    encodeTlv(CV_TAGS.modulus, publicKey.modulus),
  );
  return encodeTlv(CV_TAGS.certificate, concatBytes(encodeTlv(CV_TAGS.body, body), encodeTlv(CV_TAGS.signature, await sign(body))));
}
