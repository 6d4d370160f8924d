/**
 * The server's error catalogue: every error a client can see has a stable code, an HTTP status
 * and a message in plain language. Anything else becomes a 500 whose details stay in the log.
 */
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
  // Revocation lists refused by the revocation engine (codes of src/revocation/errors.ts).
  crl_malformed: { status: 400, message: 'The revocation list cannot be read.' },
  crl_unknown_critical_extension: { status: 400, message: 'The revocation list has an unsupported critical extension.' },
  crl_unsupported: { status: 400, message: 'This kind of revocation list is not supported.' },
  crl_signature_invalid: { status: 400, message: 'The revocation list is not signed by a trusted JPKI CA.' },
  crl_delta_mismatch: { status: 409, message: 'The delta revocation list does not apply to the list held.' },
  crl_older_than_stored: { status: 409, message: 'The revocation list is older than the one held.' },
  internal: { status: 500, message: 'Something went wrong on the server. The problem has been logged.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string = errorCatalogue[code].message,
  ) {
    super(message);
    this.status = errorCatalogue[code].status;
  }
}

export interface ErrorBody {
  error: { code: string; message: string };
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}
