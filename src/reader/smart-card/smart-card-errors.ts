/** Rejections of the Web Smart Card API mapped to the reader layer's typed errors. */
import { CardCancelledError, CardError, CardRemovedError, TransportError } from '../../card/errors.ts';
import { CardMuteError, CardProtocolMismatchError, ReaderBusyError, ReaderUnpluggedError } from '../errors.ts';
import { responseCodeOf } from './web-smart-card.ts';

/** The computer's smart card service (PC/SC) failed or is not running. */
export class SmartCardServiceError extends TransportError {
  override readonly code = 'smart_card_service';
  constructor(
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      {
        ja: 'パソコンのスマートカード機能が応答しません。リーダーを差し直し、それでも直らなければ端末を再起動してください。',
        en: "The computer's smart card service is not answering. Plug the reader in again; if that does not help, restart the device.",
      },
      options,
    );
  }
}

export function smartCardError(error: unknown, what: string): CardError {
  if (error instanceof CardError) return error;
  const code = responseCodeOf(error);
  const detail = `${what}: ${code ?? (error instanceof Error ? `${error.name}: ${error.message}` : String(error))}`;
  switch (code) {
    case 'removed-card':
    case 'no-smartcard':
    case 'reset-card':
      return new CardRemovedError({ cause: error });
    case 'reader-unavailable':
    case 'unknown-reader':
      return new ReaderUnpluggedError({ cause: error, detail });
    case 'sharing-violation':
      return new ReaderBusyError({ cause: error, detail });
    case 'unresponsive-card':
    case 'unpowered-card':
      return new CardMuteError({ cause: error, detail });
    case 'proto-mismatch':
    case 'unsupported-card':
      return new CardProtocolMismatchError({ cause: error, detail });
    default:
      if (error instanceof Error && error.name === 'AbortError') return new CardCancelledError({ cause: error });
      return new SmartCardServiceError(detail, { cause: error });
  }
}
