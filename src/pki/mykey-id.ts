/**
 * MyKey ID (マイキーID, MyKey Platform; DOMAIN.md §2): the subject CN of the user-authentication
 * certificate is a 14-character random string (A-Z, 0-9) followed by the 9-character receiving
 * terminal code (受付端末識別記号), e.g. "1C2410DF79DGEL07202002B". The random string changes
 * when the certificate is renewed; links must be carried to the new ID.
 */
import { UserFacingError, withMessage } from '../protocol/user-facing-error.ts';
import type { Certificate } from './certificate.ts';
import { nameAttribute } from './name.ts';
import { OID } from './oids.ts';

export interface MyKeyId {
  /** The whole CN, 23 characters. */
  value: string;
  /** 14 characters, A-Z and 0-9. */
  randomString: string;
  /** 9 characters: the code of the terminal that issued the certificate. */
  terminalCode: string;
}

export const MYKEY_ID_PATTERN = /^([A-Z0-9]{14})([A-Z0-9]{9})$/;

export class MyKeyIdFormatError extends withMessage(UserFacingError, 'mykey_id_format', {
  ja: 'このカードの利用者証明用電子証明書からマイキーIDを読み取れません。',
  en: 'No MyKey ID can be read from this card\'s user-authentication certificate.',
}) {}

export function parseMyKeyId(commonName: string): MyKeyId {
  const match = MYKEY_ID_PATTERN.exec(commonName);
  if (!match?.[1] || !match[2]) throw new MyKeyIdFormatError();
  return { value: commonName, randomString: match[1], terminalCode: match[2] };
}

/** The MyKey ID in a user-authentication certificate's subject CN. */
export function myKeyIdOf(certificate: Certificate): MyKeyId {
  const cn = nameAttribute(certificate.subject, OID.commonName);
  if (cn === undefined) throw new MyKeyIdFormatError();
  return parseMyKeyId(cn);
}
