/**
 * Reading the 4 attributes from the text AP (券面事項入力補助AP) with the resident's consent:
 * open it with the 4-digit PIN or with 照合番号B (under the PIN-safety rule), read FF20, read the
 * integrity record and the CV certificate, and verify. The individual number's EF is never
 * touched; the integrity record's DF31 is wiped as soon as its signature is checked.
 */
import { binaryFile, TEXT_EF } from '../card-layout.ts';
import { verifyPinSafely, type PinAttemptOptions } from '../pin/pin-safety.ts';
import { readSelectedFile } from '../read-file.ts';
import type { RsaPublicKeyComponents } from '../rsa-public-key.ts';
import { selectFile } from '../select.ts';
import type { CardSession } from '../session/card-session.ts';
import { parseAttributesRecord, type FourAttributes } from './four-attributes.ts';
import { verifyAttributesIntegrity, type IntegrityVerification } from './integrity.ts';
import { parseIntegrityRecord } from './integrity-record.ts';

export type TextApCredential =
  /** The 4-digit 券面事項入力補助用暗証番号. */
  | { kind: 'pin'; pin: string }
  /** 照合番号B, 14 digits (see buildCollationNumberB). */
  | { kind: 'collation-number-b'; value: string };

export interface ReadFourAttributesOptions extends PinAttemptOptions {
  /** The J-LIS key that signs CV certificates; without it `integrity.verified` is false. */
  cvIssuerKey?: RsaPublicKeyComponents;
}

export interface FourAttributesReading extends FourAttributes {
  integrity: IntegrityVerification;
}

async function readFile(session: CardSession, fid: number, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  await selectFile(session, 'text', fid, signal);
  return readSelectedFile(session, binaryFile('text', fid), signal);
}

export async function readFourAttributes(
  session: CardSession,
  credential: TextApCredential,
  options: ReadFourAttributesOptions = {},
): Promise<FourAttributesReading> {
  const { signal } = options;
  if (credential.kind === 'pin') await verifyPinSafely(session, 'text', TEXT_EF.pin, credential.pin, options);
  else await verifyPinSafely(session, 'text', TEXT_EF.collationNumberB, credential.value, options);

  const attributesFile = await readFile(session, TEXT_EF.attributes, signal);
  const attributes = parseAttributesRecord(attributesFile);
  const cvCertificate = await readFile(session, TEXT_EF.cvCertificate, signal);
  const integrityFile = await readFile(session, TEXT_EF.integrityRecord, signal);
  let signedData: Uint8Array | undefined;
  try {
    const record = parseIntegrityRecord(integrityFile);
    signedData = record.signedData;
    const integrity = await verifyAttributesIntegrity({ attributes, record, cvCertificate, cvIssuerKey: options.cvIssuerKey });
    return { ...attributes.attributes, integrity };
  } finally {
    integrityFile.fill(0);
    signedData?.fill(0);
  }
}
