/**
 * The card layer: everything the product does with a My Number Card, independent of how bytes
 * reach it. Platform-neutral (WebCrypto, PKI.js, asn1js): the browser, workers, the server and
 * tests use the same code.
 *
 * Reaching a card
 *   A reader implements `CardTransport` (transport.ts): `transmit(apdu, { signal, timeoutMs })`
 *   and `capabilities` (extended length, max lengths). `openCardSession(transport, { signal,
 *   timeoutsMs, trace })` gives the `CardSession` every flow below takes. The session runs the
 *   privacy guard on every command before it is sent (`PrivacyGuardRefusalError`, nothing sent),
 *   bounds each exchange (`CardTimeoutError`, `CardCancelledError`; a pulled card is
 *   `CardRemovedError` from the transport), handles 61xx (GET RESPONSE) and 6Cxx (re-send with
 *   the right Le), and traces with PINs and personal data redacted (`formatTraceLine`). After a
 *   card reset (re-insertion) call `session.cardWasReset()` or open a new session.
 *
 * JPKI-AP (no PIN)
 *   readUserAuthCertificate(session)   DER of the user-authentication certificate (EF 000A)
 *   readUserAuthCaCertificate(session) DER of its CA certificate (EF 000B)
 *   readTokenInfo(session)             "JPKIAPICCTOKEN2": the card carries the JPKI-AP
 *   userAuthPinStatus / userAuthPinTriesLeft(session)   tries left, spending none
 * JPKI-AP (PIN, with the resident)
 *   verifyUserAuthPin(session, pin, { residentConfirmedLastTry })   see PIN safety below
 *   signWithUserAuthKey(session, challenge) → PKCS#1 v1.5 SHA-256 signature by the card
 *   proveUserAuthKey(session, certificate) → { verified } with a fresh challenge
 *   verifyUserAuthSignature(certificate, challenge, signature)
 * Text AP (券面事項入力補助AP, with consent)
 *   readFourAttributes(session, { kind: 'pin', pin } | { kind: 'collation-number-b', value },
 *     { cvIssuerKey, residentConfirmedLastTry }) → { name, address, birthDate, sex, integrity }
 *   buildCollationNumberB({ birthDate, cardExpiryYear, securityCode }) → 14 digits
 *
 * PIN safety: a PIN of the wrong form is refused before anything is sent (`PinFormatError`); the
 * tries left are read first; a locked PIN is `PinLockedError`; with one try left the attempt is
 * refused (`LastPinTryNeedsConfirmationError`) unless the caller passes
 * `residentConfirmedLastTry: true`; a wrong PIN is `WrongPinError` (triesLeft) and never retried;
 * PIN bytes are wiped when the call returns.
 *
 * Never read (privacy guard, `FORBIDDEN_COMMANDS`): the individual number (text AP EF 0001,
 * 照合番号A EF 0014, by SELECT, by SFI or by VERIFY reference P2 94), the 住基AP and the 券面AP.
 *
 * Card knowledge as data: `CARD_APPLICATIONS`, `JPKI_EF`, `TEXT_EF` (card-layout.ts), status
 * words (apdu/status-words.ts), timeouts (session/timeouts.ts).
 *
 * Virtual cards and training
 *   `VirtualMyNumberCard` answers the real APDUs; `VirtualCardTransport` puts it on a virtual
 *   reader (with `atr`, capabilities, and faults: removal, latency; a locked PIN via
 *   `card.setTriesLeft`). `trainingCardTransport('R01')` gives a fixed training resident's card;
 *   `TRAINING_RESIDENTS`, `trainingAuthority()` (the committed training JPKI hierarchy: trust
 *   store, CV issuer key), `generateResidents(authority, { count })` for fresh ones, and
 *   `createTrainingCrl` / `createTrainingCrlSet` for their revocation lists. Training PINs:
 *   `TRAINING_PINS` (1234, 1234, TRAINING1). `readTrainingCardEndToEnd(session, resident,
 *   authority)` is the whole read the card demo and `readers simulate` run.
 */
export type { CardTransport, TransmitOptions, TransportCapabilities } from './transport.ts';
export { SHORT_APDU_CAPABILITIES } from './transport.ts';
export { CardCancelledError, CardError, CardRemovedError, CardTimeoutError, TransportError } from './errors.ts';
export { CardDataError } from './errors-data.ts';
export { MalformedApduError, MalformedResponseError } from './apdu/errors.ts';
export { CardStatusError, FileNotFoundError, PinLockedError, SecurityStatusNotSatisfiedError, WrongPinError, expectSuccess, statusError } from './apdu/status-errors.ts';
export { STATUS_WORDS } from './apdu/status-words.ts';
export { decodeCommand, encodeCommand, type CommandApdu, type DecodedCommand } from './apdu/command.ts';
export { decodeResponse, encodeResponse, type ResponseApdu } from './apdu/response.ts';
export { CARD_APPLICATIONS, JPKI_EF, TEXT_EF, type ApplicationName, type CardApplication, type CardFile } from './card-layout.ts';
export { FORBIDDEN_COMMANDS, type ForbiddenCommand } from './guard/forbidden-commands.ts';
export { PrivacyGuardRefusalError } from './guard/errors.ts';
export { CardSession, openCardSession, type CardSessionOptions } from './session/card-session.ts';
export { ExtendedLengthUnavailableError } from './session/errors.ts';
export { DEFAULT_TIMEOUTS_MS, type CommandKind } from './session/timeouts.ts';
export { formatTraceLine, type TraceEntry, type TraceSink } from './session/trace.ts';
export { LastPinTryNeedsConfirmationError, PinFormatError } from './pin/errors.ts';
export type { PinAttemptOptions, PinStatus } from './pin/pin-safety.ts';
export { readTokenInfo, type TokenInfo } from './jpki/token-info.ts';
export {
  proveUserAuthKey,
  readUserAuthCaCertificate,
  readUserAuthCertificate,
  signWithUserAuthKey,
  userAuthPinStatus,
  userAuthPinTriesLeft,
  verifyUserAuthPin,
  verifyUserAuthSignature,
  type KeyPossessionProof,
} from './jpki/user-auth.ts';
export { readFourAttributes, type FourAttributesReading, type ReadFourAttributesOptions, type TextApCredential } from './text-ap/read-attributes.ts';
export { buildCollationNumberB, CollationNumberBInputError, type CollationNumberBInput } from './text-ap/collation-number-b.ts';
export { splitName, type FourAttributes, type Sex } from './text-ap/four-attributes.ts';
export type { IntegrityVerification } from './text-ap/integrity.ts';
export type { RsaPublicKeyComponents } from './rsa-public-key.ts';
export { MY_NUMBER_CARD_ATR, VirtualMyNumberCard, type VirtualCardOptions } from './virtual/virtual-card.ts';
export { EXTENDED_APDU_CAPABILITIES, VirtualCardTransport, type VirtualCardFaults, type VirtualCardTransportOptions } from './virtual/virtual-transport.ts';
export type { VirtualCardImage } from './virtual/card-image.ts';
export { TrainingAuthority, type TrainingCa } from './training/training-authority.ts';
export { trainingAuthority, TRAINING_RESIDENTS, trainingResident } from './training/committed-data.ts';
export { generateResidents, keyPool, type GenerateResidentsOptions, type TrainingResident } from './training/resident-generator.ts';
export { buildCardImage, createVirtualCard, residentCollationNumberB, residentName, TRAINING_PINS } from './training/card-image-builder.ts';
export { trainingCardTransport } from './training/training-card.ts';
export { readTrainingCardEndToEnd, type EndToEndReading } from './training/end-to-end-read.ts';
export { createTrainingCrl, createTrainingCrlSet, CRL_REASON_CODES, type TrainingCrlOptions } from './training/training-crl.ts';
export type { RevocationMark, TrainingRevocationReason } from './training/training-data-types.ts';
