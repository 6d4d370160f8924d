/**
 * PIN safety (DOMAIN.md §3): ask the card how many tries are left without spending one (VERIFY
 * with no data, ISO/IEC 7816-4 §11.5.6), refuse a locked PIN, refuse the last try unless the
 * resident has confirmed it, send the PIN once and never again on failure, and wipe the PIN
 * bytes when the call ends.
 */
import { verifyCommand } from '../apdu/instructions.ts';
import { isWrongPin, PinLockedError, statusError, WrongPinError } from '../apdu/status-errors.ts';
import { pinFile, type ApplicationName } from '../card-layout.ts';
import { selectFile } from '../select.ts';
import type { CardSession } from '../session/card-session.ts';
import { LastPinTryNeedsConfirmationError } from './errors.ts';
import { encodePin } from './pin-format.ts';

export type PinStatus =
  /** Verified earlier since the card was reset. */
  | { state: 'verified' }
  | { state: 'tries-left'; triesLeft: number }
  | { state: 'locked' };

export interface PinAttemptOptions {
  /** The resident chose to use the last try, knowing a wrong PIN locks the card. */
  residentConfirmedLastTry?: boolean;
  signal?: AbortSignal;
}

/** Selects the PIN EF and asks for its status; spends no try. */
export async function queryPinStatus(session: CardSession, app: ApplicationName, pinFid: number, signal?: AbortSignal): Promise<PinStatus> {
  await selectFile(session, app, pinFid, signal);
  const { sw } = await session.transmit(verifyCommand(), signal ? { signal } : {});
  if (sw === 0x9000) return { state: 'verified' };
  if (isWrongPin(sw)) return (sw & 0x0f) === 0 ? { state: 'locked' } : { state: 'tries-left', triesLeft: sw & 0x0f };
  if (sw === 0x6983 || sw === 0x6984) return { state: 'locked' };
  throw statusError(sw);
}

/** Tries left as a number: the retry limit when the PIN is verified (a success resets the counter), 0 when locked. */
export function triesLeftOf(status: PinStatus, retryLimit: number): number {
  return status.state === 'verified' ? retryLimit : status.state === 'locked' ? 0 : status.triesLeft;
}

/**
 * Verifies `value` against the PIN EF `pinFid` of `app`, under the safety rule. Throws
 * PinFormatError (nothing sent), PinLockedError, LastPinTryNeedsConfirmationError (nothing
 * spent), or WrongPinError with the tries left (one try spent, no retry).
 */
export async function verifyPinSafely(
  session: CardSession,
  app: ApplicationName,
  pinFid: number,
  value: string,
  options: PinAttemptOptions = {},
): Promise<void> {
  const { format } = pinFile(app, pinFid);
  const referenceData = encodePin(format, value);
  try {
    const status = await queryPinStatus(session, app, pinFid, options.signal);
    if (status.state === 'locked') throw new PinLockedError(0x6983);
    if (status.state === 'tries-left' && status.triesLeft === 1 && options.residentConfirmedLastTry !== true) {
      throw new LastPinTryNeedsConfirmationError();
    }
    const { sw } = await session.transmit(verifyCommand(referenceData), options.signal ? { signal: options.signal } : {});
    if (sw === 0x9000) return;
    if (isWrongPin(sw)) throw new WrongPinError(sw, format === 'collation-number-b' ? 'card-numbers' : 'pin');
    throw statusError(sw);
  } finally {
    referenceData.fill(0);
  }
}
