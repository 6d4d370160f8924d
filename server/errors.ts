/**
 * The server's error catalogue: every error a client can see has a stable code, an HTTP status
 * and a message in plain language. Anything else becomes a 500 whose details stay in the log.
 */
export const errorCatalogue = {
  not_found: { status: 404, message: 'There is nothing at this address.' },
  bad_request: { status: 400, message: 'The request is not valid.' },
  app_not_built: { status: 503, message: 'The app has not been built yet: run "npm run build" or start with "npm start".' },
  storage_unavailable: { status: 503, message: 'The database is not answering. Try again in a moment.' },
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
