/**
 * What can go wrong between the counter and the server, typed so the screen can say it plainly:
 * no network (nothing was sent, nothing changed), the server's refusal with its code and, for
 * the errors a resident may see, its own words in Japanese and English, or an answer the
 * protocol does not allow.
 */
import { UserFacingError, type LocalizedText } from '../../protocol/user-facing-error.ts';

/** The server could not be reached: the request did not get through, or its answer was lost. */
export class CounterNetworkError extends UserFacingError {
  readonly code = 'counter_network';
  constructor(options?: { cause?: unknown }) {
    super(
      {
        ja: 'サーバーにつながりません。ネットワークが戻ってから、もう一度お試しください。',
        en: 'Cannot reach the server. Try again when the network is back.',
      },
      options,
    );
  }
}

/** The server answered with an error (`code` from its catalogue, e.g. already_registered). */
export class CounterApiError extends UserFacingError {
  constructor(
    readonly status: number,
    readonly code: string,
    /** The server's own words, present for the errors a resident may see. */
    readonly serverText: LocalizedText | undefined,
    serverMessage: string,
  ) {
    super(serverText ?? { ja: `サーバーが受け付けませんでした（${status}）: ${serverMessage}`, en: `The server refused (${status}): ${serverMessage}` });
  }
}

/** The server's answer does not match the protocol (a wrong server, or a different version). */
export class CounterProtocolError extends UserFacingError {
  readonly code = 'counter_protocol';
  constructor(readonly status: number) {
    super({ ja: `サーバーの応答を読めませんでした（${status}）。`, en: `The server's answer could not be read (${status}).` });
  }
}

/** This device has no enrollment (or lost it): the counter cannot reach the server as a device. */
export class CounterNotEnrolledError extends UserFacingError {
  readonly code = 'counter_not_enrolled';
  constructor() {
    super({
      ja: 'この窓口の端末はサーバーに登録されていません。職員にお知らせください。',
      en: 'This counter device is not enrolled with the server. Please tell the staff.',
    });
  }
}

/** The card answers, but it carries no JPKI user-authentication certificate with a MyKey ID. */
export class NotAMyKeyCardError extends UserFacingError {
  readonly code = 'counter_not_mykey_card';
  constructor() {
    super({
      ja: 'このカードからマイナンバーカードの利用者証明用電子証明書を読み取れませんでした。',
      en: 'No My Number Card user-authentication certificate could be read from this card.',
    });
  }
}
