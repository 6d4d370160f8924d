/**
 * The counter's card work, loaded with import() (it brings the certificate code): read the
 * user-authentication certificate and the PIN's tries left (no PIN), verify the resident's PIN
 * under the PIN-safety rule, have the card sign a server challenge, and read the 4 attributes
 * (the card details' PIN) when the resident consents to give them.
 */
import { readUserAuthCertificate, signWithUserAuthKey, userAuthPinTriesLeft, verifyUserAuthPin } from '../../card/jpki/user-auth.ts';
import { openCardSession } from '../../card/session/card-session.ts';
import type { CardTransport } from '../../card/transport.ts';
import { parseCertificate } from '../../pki/certificate.ts';
import { MalformedCertificateError } from '../../pki/errors.ts';
import { checkUserAuthProfile } from '../../pki/jpki-profile.ts';
import { bytesToBase64 } from '../../protocol/encoding.ts';
import { sha256Hex } from '../checkin/card-check.ts';
import { NotAMyKeyCardError } from './counter-errors.ts';

export { readHolderAttributes, textApTriesLeft } from '../card-registration/text-ap-reading.ts';

export interface CounterCard {
  /** Base64 DER of the user-authentication certificate, as the counter API takes it. */
  certificate: string;
  /** SHA-256 of the certificate, lowercase hex. */
  fingerprint: string;
  mykeyId: string;
  /** Tries left on the user-authentication PIN (0: locked). */
  triesLeft: number;
}

export async function readCounterCard(transport: CardTransport, signal?: AbortSignal): Promise<CounterCard> {
  const session = openCardSession(transport, signal ? { signal } : {});
  const der = await readUserAuthCertificate(session, signal);
  let mykeyId: string;
  try {
    const profile = checkUserAuthProfile(parseCertificate(der));
    if (!profile.ok) throw new NotAMyKeyCardError();
    mykeyId = profile.mykeyId.value;
  } catch (error) {
    if (error instanceof MalformedCertificateError) throw new NotAMyKeyCardError();
    throw error;
  }
  const triesLeft = await userAuthPinTriesLeft(session, signal);
  return { certificate: bytesToBase64(der), fingerprint: await sha256Hex(der), mykeyId, triesLeft };
}

/** The resident's 4-digit PIN, once; see verifyPinSafely for what is refused before anything is sent. */
export function verifyCounterPin(transport: CardTransport, pin: string, residentConfirmedLastTry: boolean): Promise<void> {
  return verifyUserAuthPin(openCardSession(transport), pin, { residentConfirmedLastTry });
}

/** Tries left on the user-authentication PIN, spending none. */
export function counterPinTriesLeft(transport: CardTransport): Promise<number> {
  return userAuthPinTriesLeft(openCardSession(transport));
}

/** The card's signature of the server's challenge (the PIN must be verified on this connection). */
export function signChallenge(transport: CardTransport, challenge: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return signWithUserAuthKey(openCardSession(transport), challenge);
}
