/**
 * The server's error catalogue: every error a client can see has a stable code, an HTTP status
 * and a message in plain language. Anything else becomes a 500 whose details stay in the log.
 */
import type { LocalizedText } from '../src/protocol/user-facing-error.ts';

export const errorCatalogue = {
  not_found: { status: 404, message: 'There is nothing at this address.' },
  bad_request: { status: 400, message: 'The request is not valid.' },
  unauthorized: { status: 401, message: 'Sign-in is required: the token is missing, unknown or revoked.' },
  forbidden: { status: 403, message: 'This device or key may not do that.' },
  enrollment_code_invalid: { status: 400, message: 'The enrollment code is unknown, already used or expired. Ask the coordinator for a new one.' },
  payload_too_large: { status: 413, message: 'The request is too large: send it in smaller parts.' },
  request_timeout: { status: 408, message: 'The request stopped arriving. Send it again.' },
  rate_limited: { status: 429, message: 'Too many requests. Wait a moment and try again.' },
  conflict: { status: 409, message: 'This already exists.' },
  app_not_built: { status: 503, message: 'The app has not been built yet: run "npm run build" or start with "npm start".' },
  admin_disabled: { status: 503, message: 'Administration is switched off: set ADMIN_TOKEN.' },
  storage_unavailable: { status: 503, message: 'The database is not answering. Try again in a moment.' },
  storage_full: { status: 507, message: 'The server has no room left to store data: nothing of this request was kept. Free disk space on the server, then send again.' },
  // Revocation lists refused by the revocation engine (codes of src/revocation/errors.ts).
  crl_malformed: { status: 400, message: 'The revocation list cannot be read.' },
  crl_unknown_critical_extension: { status: 400, message: 'The revocation list has an unsupported critical extension.' },
  crl_unsupported: { status: 400, message: 'This kind of revocation list is not supported.' },
  crl_signature_invalid: { status: 400, message: 'The revocation list is not signed by a trusted JPKI CA.' },
  crl_delta_mismatch: { status: 409, message: 'The delta revocation list does not apply to the list held.' },
  crl_older_than_stored: { status: 409, message: 'The revocation list is older than the one held.' },
  internal: { status: 500, message: 'Something went wrong on the server. The problem has been logged.' },
  // MyKey functions: a resident or a counter screen may show these, so they come in Japanese too.
  not_a_certificate: { status: 400, message: 'This is not a certificate: send the DER bytes in base64.', ja: '証明書ではありません。DERをbase64で送ってください。' },
  already_registered: { status: 409, message: 'Already registered.', ja: 'すでに登録されています。' },
  consent_required: { status: 403, message: 'The resident has not consented to give this system these data.', ja: 'この情報をこのシステムに提供することへの本人の同意がありません。' },
  certificate_not_accepted: { status: 422, message: 'This certificate cannot be used: it is revoked, expired or not trusted.', ja: 'この証明書は使えません（失効・期限切れ・信頼できない発行元）。' },
  key_possession_not_proven: { status: 403, message: 'The card\'s signature could not be checked: place the card and enter the PIN again.', ja: 'カードの署名を確認できませんでした。カードを置き、暗証番号をもう一度入力してください。' },
  renewal_not_proven: { status: 403, message: 'The new card could not be tied to an earlier registration. Ask the staff at the counter.', ja: '新しいカードを以前の登録に結び付けられませんでした。窓口の職員にお尋ねください。' },
  serial_link_unavailable: { status: 503, message: 'The J-LIS old/new certificate link is not available on this server.', ja: 'このサーバーでは新旧証明書の紐付け照会（J-LIS）を利用できません。' },
} as const satisfies Record<string, { status: number; message: string; ja?: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  /** The message in both product languages, for errors a resident may see. */
  readonly text: LocalizedText | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string = errorCatalogue[code].message,
    ja: string | undefined = (errorCatalogue[code] as { ja?: string }).ja,
  ) {
    super(message);
    this.status = errorCatalogue[code].status;
    this.text = ja === undefined ? undefined : { ja, en: message };
  }
}

export interface ErrorBody {
  error: { code: string; message: string; text?: LocalizedText };
}

export function errorBody(code: string, message: string, text?: LocalizedText): ErrorBody {
  return { error: { code, message, ...(text ? { text } : {}) } };
}
