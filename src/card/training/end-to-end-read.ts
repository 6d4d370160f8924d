/**
 * The product's whole read of a training card, as the card demo and `readers simulate` run it:
 * JPKI token information, the user-authentication certificate, the PIN and a signature checked
 * against the certificate, and the 4 attributes opened with 照合番号B (what staff type from the
 * card) with the integrity record verified.
 */
import { parseCertificate } from '../../pki/certificate.ts';
import { myKeyIdOf } from '../../pki/mykey-id.ts';
import { proveUserAuthKey, readUserAuthCertificate, verifyUserAuthPin } from '../jpki/user-auth.ts';
import { readTokenInfo } from '../jpki/token-info.ts';
import type { CardSession } from '../session/card-session.ts';
import { readFourAttributes } from '../text-ap/read-attributes.ts';
import { residentCollationNumberB, TRAINING_PINS } from './card-image-builder.ts';
import type { TrainingResident } from './resident-generator.ts';
import type { TrainingAuthority } from './training-authority.ts';

export interface EndToEndReading {
  mykeyId: { randomString: string; terminalCode: string };
  userAuthCertificate: Uint8Array;
  signature: { verified: boolean };
  attributes: { name: string; address: string; birthDate: string; sex: string; integrityVerified: boolean };
}

export async function readTrainingCardEndToEnd(session: CardSession, resident: TrainingResident, authority: TrainingAuthority): Promise<EndToEndReading> {
  await readTokenInfo(session);
  const der = await readUserAuthCertificate(session);
  const certificate = parseCertificate(der);
  const mykeyId = myKeyIdOf(certificate);
  await verifyUserAuthPin(session, TRAINING_PINS.userAuth);
  const proof = await proveUserAuthKey(session, certificate);
  // Staff type what is printed on the card: birth date, expiry year, security code.
  const attributes = await readFourAttributes(
    session,
    { kind: 'collation-number-b', value: residentCollationNumberB(resident) },
    { cvIssuerKey: authority.cvIssuerPublicKey },
  );
  return {
    mykeyId: { randomString: mykeyId.randomString, terminalCode: mykeyId.terminalCode },
    userAuthCertificate: der,
    signature: { verified: proof.verified },
    attributes: {
      name: attributes.name,
      address: attributes.address,
      birthDate: attributes.birthDate,
      sex: attributes.sex,
      integrityVerified: attributes.integrity.verified,
    },
  };
}
