/**
 * What to tell a resident at the counter about a thrown value, in the counter's language. The
 * server's own words are shown for its refusals (e.g. 409 "すでに登録されています。"); the
 * counter's catalogue speaks for the errors it expects, so easy Japanese has them too.
 */
import { CardStatusError, PinLockedError, WrongPinError } from '../../card/apdu/status-errors.ts';
import { CardError } from '../../card/errors.ts';
import { LastPinTryNeedsConfirmationError, PinFormatError } from '../../card/pin/errors.ts';
import { UserFacingError } from '../../protocol/user-facing-error.ts';
import type { KioskMessageKey } from '../i18n/catalogue/counter-kiosk.ts';
import { CounterApiError, CounterNetworkError, CounterNotEnrolledError, CounterProtocolError, NotAMyKeyCardError } from './counter-errors.ts';
import type { CounterLocale } from './counter-locale.svelte.ts';
import { ServiceIdFormatError } from './counter-systems.ts';

/** Server error codes with a counter text of their own (used where the server has no words in this language). */
const SERVER_CODES: Readonly<Record<string, KioskMessageKey>> = {
  already_registered: 'problem.alreadyRegistered',
  certificate_not_accepted: 'problem.notAccepted',
  key_possession_not_proven: 'problem.proof',
  unauthorized: 'problem.notEnrolled',
  rate_limited: 'problem.server',
};

function keyOf(error: unknown): KioskMessageKey | undefined {
  if (error instanceof CounterNetworkError) return 'problem.network';
  if (error instanceof CounterNotEnrolledError) return 'problem.notEnrolled';
  if (error instanceof CounterProtocolError) return 'problem.server';
  if (error instanceof WrongPinError) return 'pin.wrong';
  if (error instanceof PinLockedError) return 'pin.locked';
  if (error instanceof LastPinTryNeedsConfirmationError) return 'pin.lastTryNeeded';
  if (error instanceof PinFormatError) return 'pin.format';
  if (error instanceof ServiceIdFormatError) return 'problem.cardNumber';
  if (error instanceof NotAMyKeyCardError) return 'unusable.body';
  if (error instanceof CardError && !(error instanceof CardStatusError)) return 'problem.card';
  return undefined;
}

export function counterErrorText(locale: CounterLocale, error: unknown): string {
  if (error instanceof CounterApiError) {
    if (error.serverText && locale.language !== 'easy') return error.serverText[locale.language];
    const key = SERVER_CODES[error.code] ?? (error.status === 401 ? 'problem.notEnrolled' : error.status >= 500 ? 'problem.server' : undefined);
    return key ? locale.t(key) : error.messageIn(locale.productLanguage);
  }
  const key = keyOf(error);
  if (key) return locale.t(key);
  if (error instanceof UserFacingError) return error.messageIn(locale.productLanguage);
  return locale.t('problem.server');
}
