/**
 * The PIN tries left after a failed attempt, for screens that show the count. Kept apart from
 * pin-safety.ts so that screens can use it without loading the card protocol code.
 */
import { PinLockedError, WrongPinError } from '../apdu/status-errors.ts';
import { LastPinTryNeedsConfirmationError } from './errors.ts';

/**
 * Tries left after a PIN attempt failed with `error`: the count the card gave, 0 when locked, 1
 * when the last try was refused for want of the resident's confirmation; otherwise (the card
 * never answered) the count known before.
 */
export function triesLeftAfter(error: unknown, before: number | undefined): number | undefined {
  if (error instanceof WrongPinError) return error.triesLeft;
  if (error instanceof PinLockedError) return 0;
  if (error instanceof LastPinTryNeedsConfirmationError) return 1;
  return before;
}
