/**
 * The keyed digest of the 4 attributes (name, address, birth date, sex) that lets a renewed card
 * prove it belongs to an earlier registration without the server keeping the attributes. The
 * card writes names and addresses with full-width digits and U+3000 between family and given
 * name; NFKC folds full-width forms, and all white space is dropped, so the same person's two
 * readings (or an old and a new card) give the same digest.
 */
import { createHmac } from 'node:crypto';
import type { FourAttributesInput } from '../../src/protocol/mykey-api.ts';

export function normalizeAttribute(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

export function attributesDigest(key: Buffer, attributes: FourAttributesInput): string {
  const canonical = JSON.stringify([
    normalizeAttribute(attributes.name),
    normalizeAttribute(attributes.address),
    attributes.birthDate,
    attributes.sex,
  ]);
  return createHmac('sha256', key).update(`shelterkey-attributes-v1:${canonical}`, 'utf8').digest('hex');
}
