/**
 * The 4 attributes (基本4情報) record of the text AP, EF 0002 (DOMAIN.md §3):
 *
 *   FF20 { DF21 offsets, DF22 name, DF23 address, DF24 birth date "YYYYMMDD", DF25 sex }
 *
 * Name and address are UTF-8; the name's family and given parts are separated by U+3000 and
 * the address writes digits full-width. Sex is coded "1" male, "2" female, also "0", "3", "9".
 * The integrity record signs the FF20 value from DF22 on.
 */
import { CardDataError } from '../errors-data.ts';
import { concatBytes } from '../../protocol/encoding.ts';
import { encodeTlv, findTlv, parseSingleTlv, parseTlvs } from '../tlv.ts';
import { formatIsoDate, parseDate } from './calendar-date.ts';

export const ATTRIBUTE_TAGS = { record: 0xff20, offsets: 0xdf21, name: 0xdf22, address: 0xdf23, birthDate: 0xdf24, sex: 0xdf25 } as const;

export type Sex = 'male' | 'female' | 'not-known' | 'not-applicable' | 'other';

export const SEX_CODES: Readonly<Record<string, Sex>> = { '0': 'not-known', '1': 'male', '2': 'female', '3': 'other', '9': 'not-applicable' };

export interface FourAttributes {
  /** As on the card: family name, U+3000, given name. */
  name: string;
  address: string;
  /** "YYYY-MM-DD". */
  birthDate: string;
  sex: Sex;
}

export interface AttributesRecord {
  attributes: FourAttributes;
  /** The bytes the integrity record's DF32 hashes: the FF20 value from the DF22 tag to its end. */
  signedPart: Uint8Array;
}

const SEPARATOR = '\u3000';
const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(value: Uint8Array, what: string): string {
  try {
    return utf8.decode(value);
  } catch {
    throw new CardDataError(`${what} is not UTF-8`);
  }
}

/** Family and given name, split at the first U+3000 (a name without one is all family name). */
export function splitName(name: string): { familyName: string; givenName: string } {
  const at = name.indexOf(SEPARATOR);
  return at < 0 ? { familyName: name, givenName: '' } : { familyName: name.slice(0, at), givenName: name.slice(at + 1) };
}

export function parseAttributesRecord(bytes: Uint8Array): AttributesRecord {
  const record = parseSingleTlv(bytes, ATTRIBUTE_TAGS.record);
  const items = parseTlvs(record.value);
  const get = (tag: number, what: string): Uint8Array => {
    const item = findTlv(items, tag);
    if (!item) throw new CardDataError(`the 4 attributes record has no ${what}`);
    return item.value;
  };
  const nameItem = findTlv(items, ATTRIBUTE_TAGS.name);
  if (!nameItem) throw new CardDataError('the 4 attributes record has no name');
  const signedStart = nameItem.encoded.byteOffset - record.value.byteOffset;

  const birth = parseDate(text(get(ATTRIBUTE_TAGS.birthDate, 'birth date'), 'birth date'));
  if (!birth) throw new CardDataError('the birth date is not a YYYYMMDD date');
  const sexCode = text(get(ATTRIBUTE_TAGS.sex, 'sex'), 'sex');
  const sex = SEX_CODES[sexCode];
  if (!sex) throw new CardDataError('the sex code is not one of 0, 1, 2, 3, 9');
  return {
    attributes: {
      name: text(nameItem.value, 'name'),
      address: text(get(ATTRIBUTE_TAGS.address, 'address'), 'address'),
      birthDate: formatIsoDate(birth),
      sex,
    },
    signedPart: record.value.subarray(signedStart),
  };
}

/** The FF20 record for `attributes` (virtual cards); DF21 lists each field's offset in the FF20 value. */
export function encodeAttributesRecord(attributes: FourAttributes): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const code = Object.entries(SEX_CODES).find(([, s]) => s === attributes.sex)?.[0] ?? '0';
  const fields = [
    encodeTlv(ATTRIBUTE_TAGS.name, encoder.encode(attributes.name)),
    encodeTlv(ATTRIBUTE_TAGS.address, encoder.encode(attributes.address)),
    encodeTlv(ATTRIBUTE_TAGS.birthDate, encoder.encode(attributes.birthDate.replaceAll('-', ''))),
    encodeTlv(ATTRIBUTE_TAGS.sex, encoder.encode(code)),
  ];
  const offsetsLength = 2 + 2 * fields.length;
  const offsets = new Uint8Array(2 * fields.length);
  let at = offsetsLength;
  fields.forEach((field, i) => {
    offsets[2 * i] = at >> 8;
    offsets[2 * i + 1] = at & 0xff;
    at += field.length;
  });
  return encodeTlv(ATTRIBUTE_TAGS.record, concatBytes(encodeTlv(ATTRIBUTE_TAGS.offsets, offsets), ...fields));
}
