/**
 * JPKI-AP flows with the user-authentication certificate (利用者証明用電子証明書): read it and
 * its CA certificate without a PIN, check the PIN's tries, verify the PIN, and have the card sign
 * a challenge with the user-authentication key, checked against the certificate's key.
 */
import { parseCertificate, type Certificate } from '../../pki/certificate.ts';
import { OID } from '../../pki/oids.ts';
import { verifySignature } from '../../pki/signature.ts';
import { computeDigitalSignatureCommand } from '../apdu/instructions.ts';
import { expectSuccess } from '../apdu/status-errors.ts';
import { binaryFile, JPKI_EF, pinFile } from '../card-layout.ts';
import { CardDataError } from '../errors-data.ts';
import { queryPinStatus, triesLeftOf, verifyPinSafely, type PinAttemptOptions, type PinStatus } from '../pin/pin-safety.ts';
import { readSelectedFile } from '../read-file.ts';
import { selectFile } from '../select.ts';
import type { CardSession } from '../session/card-session.ts';
import { sha256DigestInfo } from './digest-info.ts';

/** RSA-2048 signature length; the card answers with exactly this many bytes. */
const SIGNATURE_LENGTH = 256;

async function readCertificateFile(session: CardSession, fid: number, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  const file = binaryFile('jpki', fid);
  await selectFile(session, 'jpki', fid, signal);
  const der = await readSelectedFile(session, file, signal);
  if (der[0] !== 0x30) throw new CardDataError(`${file.label} is not a DER SEQUENCE`);
  return der;
}

/** The user-authentication certificate (EF 000A), DER; no PIN needed. */
export function readUserAuthCertificate(session: CardSession, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  return readCertificateFile(session, JPKI_EF.userAuthCertificate, signal);
}

/** The CA certificate of the user-authentication certificate's generation (EF 000B), DER. */
export function readUserAuthCaCertificate(session: CardSession, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  return readCertificateFile(session, JPKI_EF.userAuthCaCertificate, signal);
}

export function userAuthPinStatus(session: CardSession, signal?: AbortSignal): Promise<PinStatus> {
  return queryPinStatus(session, 'jpki', JPKI_EF.userAuthPin, signal);
}

/** Tries left on the user-authentication PIN, without spending one (0 = locked). */
export async function userAuthPinTriesLeft(session: CardSession, signal?: AbortSignal): Promise<number> {
  return triesLeftOf(await userAuthPinStatus(session, signal), pinFile('jpki', JPKI_EF.userAuthPin).retryLimit);
}

/** Verifies the 4-digit user-authentication PIN under the PIN-safety rule (see verifyPinSafely). */
export function verifyUserAuthPin(session: CardSession, pin: string, options: PinAttemptOptions = {}): Promise<void> {
  return verifyPinSafely(session, 'jpki', JPKI_EF.userAuthPin, pin, options);
}

/**
 * The card's PKCS#1 v1.5 signature of SHA-256(`challenge`) with the user-authentication key.
 * The PIN must have been verified since the card was reset (else SecurityStatusNotSatisfiedError).
 */
export async function signWithUserAuthKey(session: CardSession, challenge: Uint8Array<ArrayBuffer>, signal?: AbortSignal): Promise<Uint8Array> {
  await selectFile(session, 'jpki', JPKI_EF.userAuthKey, signal);
  const digestInfo = await sha256DigestInfo(challenge);
  const signature = expectSuccess(await session.transmit(computeDigitalSignatureCommand(digestInfo, SIGNATURE_LENGTH), signal ? { signal } : {}));
  if (signature.length === 0) throw new CardDataError('the card returned an empty signature');
  return signature;
}

/** True when `signature` is a sha256WithRSAEncryption signature of `challenge` by the certificate's key. */
export function verifyUserAuthSignature(certificate: Certificate | Uint8Array, challenge: Uint8Array<ArrayBuffer>, signature: Uint8Array): Promise<boolean> {
  const cert = certificate instanceof Uint8Array ? parseCertificate(certificate) : certificate;
  return verifySignature({
    algorithm: { oid: OID.sha256WithRSAEncryption, parameters: undefined },
    publicKey: cert.subjectPublicKeyInfo,
    data: challenge,
    signature: new Uint8Array(signature),
  });
}

export interface KeyPossessionProof {
  challenge: Uint8Array<ArrayBuffer>;
  signature: Uint8Array;
  /** The signature verifies under the certificate's public key. */
  verified: boolean;
}

/**
 * Proof that the card holds the certificate's key: a fresh 32-byte challenge signed by the card
 * (the PIN must be verified first) and checked against the certificate.
 */
export async function proveUserAuthKey(session: CardSession, certificate: Certificate | Uint8Array, signal?: AbortSignal): Promise<KeyPossessionProof> {
  const challenge = crypto.getRandomValues(new Uint8Array(32));
  const signature = await signWithUserAuthKey(session, challenge, signal);
  return { challenge, signature, verified: await verifyUserAuthSignature(certificate, challenge, signature) };
}
