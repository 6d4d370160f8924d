/**
 * A training resident as a virtual My Number Card: the certificates and keys of the resident,
 * the CA certificates of their generations, the 4 attributes with an integrity record signed by
 * the training integrity key, and the training PINs.
 */
import { base64ToBytes } from '../../protocol/encoding.ts';
import { buildCollationNumberB } from '../text-ap/collation-number-b.ts';
import { parseDate } from '../text-ap/calendar-date.ts';
import { encodeAttributesRecord, parseAttributesRecord } from '../text-ap/four-attributes.ts';
import { encodeIntegrityRecord } from '../text-ap/integrity-record.ts';
import { jpkiTokenInfo, type VirtualCardImage } from '../virtual/card-image.ts';
import { VirtualMyNumberCard, type VirtualCardOptions } from '../virtual/virtual-card.ts';
import { myNumberFile, syntheticIndividualNumber } from './individual-number.ts';
import type { TrainingResident } from './resident-generator.ts';
import type { TrainingAuthority } from './training-authority.ts';
import { RSA_SIGNING } from './x509-builder.ts';

/** Every training card opens with these (DOMAIN.md: never a real resident's). */
export const TRAINING_PINS = {
  userAuth: '1234',
  textAp: '1234',
  signingPassword: 'TRAINING1',
} as const;

export function residentName(resident: Pick<TrainingResident, 'familyName' | 'givenName'>): string {
  return `${resident.familyName}\u3000${resident.givenName}`;
}

async function jwkOf(pkcs8Base64: string): Promise<JsonWebKey> {
  const key = await crypto.subtle.importKey('pkcs8', base64ToBytes(pkcs8Base64), RSA_SIGNING, true, ['sign']);
  return crypto.subtle.exportKey('jwk', key);
}

/** 照合番号B of a training resident's card. */
export function residentCollationNumberB(resident: TrainingResident): string {
  const issued = parseDate(resident.cardIssuedOn);
  return buildCollationNumberB({
    birthDate: resident.birthDate,
    cardExpiryYear: resident.cardExpiresOn.slice(0, 4),
    securityCode: resident.securityCode,
    ...(issued ? { today: issued } : {}),
  });
}

export async function buildCardImage(resident: TrainingResident, authority: TrainingAuthority): Promise<VirtualCardImage> {
  const userAuthCa = authority.ca('user-authentication', resident.userAuth.generation);
  const signingCa = authority.ca('digital-signature', resident.signing?.generation ?? resident.userAuth.generation);
  const number = await syntheticIndividualNumber(resident.id);
  const numberFile = myNumberFile(number);
  const attributesRecord = encodeAttributesRecord({
    name: residentName(resident),
    address: resident.address,
    birthDate: resident.birthDate,
    sex: resident.sex,
  });
  const { signedPart } = parseAttributesRecord(attributesRecord);
  const integrityRecord = await encodeIntegrityRecord(numberFile, new Uint8Array(signedPart), (m) => authority.signIntegrity(m));
  return {
    jpki: {
      tokenInfo: jpkiTokenInfo(),
      userAuthCertificate: base64ToBytes(resident.userAuth.certificate),
      userAuthCaCertificate: userAuthCa.der,
      ...(resident.signing ? { signingCertificate: base64ToBytes(resident.signing.certificate), signingKey: await jwkOf(resident.signing.privateKey) } : {}),
      signingCaCertificate: signingCa.der,
      userAuthKey: await jwkOf(resident.userAuth.privateKey),
      userAuthPin: TRAINING_PINS.userAuth,
      signingPassword: TRAINING_PINS.signingPassword,
    },
    text: {
      myNumberFile: numberFile,
      attributesRecord,
      integrityRecord,
      cvCertificate: authority.cvCertificate,
      pin: TRAINING_PINS.textAp,
      collationNumberA: number,
      collationNumberB: residentCollationNumberB(resident),
    },
  };
}

export async function createVirtualCard(resident: TrainingResident, authority: TrainingAuthority, options?: VirtualCardOptions): Promise<VirtualMyNumberCard> {
  return new VirtualMyNumberCard(await buildCardImage(resident, authority), options);
}
