/**
 * The card work of a registration: how many tries the text AP's PIN (or 照合番号B) has left,
 * and reading the 4 attributes from the same card that was checked. Loaded with import() (it
 * brings the certificate code) so the first screen stays small.
 */
import { pinFile, TEXT_EF } from '../../card/card-layout.ts';
import { readUserAuthCertificate } from '../../card/jpki/user-auth.ts';
import { queryPinStatus } from '../../card/pin/pin-safety.ts';
import type { RsaPublicKeyComponents } from '../../card/rsa-public-key.ts';
import { openCardSession } from '../../card/session/card-session.ts';
import { readFourAttributes, type FourAttributesReading, type TextApCredential } from '../../card/text-ap/read-attributes.ts';
import type { CardTransport } from '../../card/transport.ts';
import { sha256Hex } from '../checkin/card-check.ts';
import { DifferentCardError } from './different-card-error.ts';

/** Tries left on the PIN (`pin`) or on 照合番号B (`numbers`), spending none; 0 when locked. */
export async function textApTriesLeft(transport: CardTransport, method: 'pin' | 'numbers'): Promise<number> {
  const fid = method === 'pin' ? TEXT_EF.pin : TEXT_EF.collationNumberB;
  const status = await queryPinStatus(openCardSession(transport), 'text', fid);
  // Verified since the card was reset: a success resets the counter to the card's limit.
  return status.state === 'locked' ? 0 : status.state === 'tries-left' ? status.triesLeft : pinFile('text', fid).retryLimit;
}

/**
 * The 4 attributes of the card on `transport`, after making sure it is the card whose
 * certificate had `fingerprint`: a card swapped in since must not lend its holder's details.
 */
export async function readHolderAttributes(
  transport: CardTransport,
  fingerprint: string,
  credential: TextApCredential,
  options: { cvIssuerKey: RsaPublicKeyComponents | undefined; residentConfirmedLastTry: boolean },
): Promise<FourAttributesReading> {
  const session = openCardSession(transport);
  if ((await sha256Hex(await readUserAuthCertificate(session))) !== fingerprint) throw new DifferentCardError();
  return readFourAttributes(session, credential, options);
}
