/** What can go wrong while syncing, in words for the staff, and whether trying again helps. */
import { UserFacingError, type LocalizedText } from '../protocol/user-facing-error.ts';

export abstract class SyncError extends UserFacingError {
  /** A later attempt may succeed without anyone doing anything. */
  abstract readonly retryable: boolean;
}

export class SyncNetworkError extends SyncError {
  readonly code = 'sync_network';
  readonly retryable = true;
  constructor(options?: { cause?: unknown }) {
    super({ ja: 'サーバーにつながりません。ネットワークが戻ると自動で送信します。', en: 'Cannot reach the server. Sending resumes on its own when the network is back.' }, options);
  }
}

export class SyncServerError extends SyncError {
  readonly code = 'sync_server';
  readonly retryable = true;
  constructor(readonly status: number) {
    super(
      status === 507
        ? { ja: 'サーバーの保存領域がいっぱいです。データはこの端末に残っています。本部に連絡してください（空きができれば自動で再送します）。', en: 'The server has run out of storage. The data stays on this device. Tell the coordinators; sending resumes once there is room.' }
        : { ja: `サーバーが一時的に応答できません（${status}）。しばらくして自動で再送します。`, en: `The server cannot answer right now (${status}). Sending will be retried.` },
    );
  }
}

export class SyncUnauthorizedError extends SyncError {
  readonly code = 'sync_unauthorized';
  readonly retryable = false;
  constructor() {
    super({ ja: 'この端末の登録が無効になりました。本部から新しい登録コードを受け取ってください。', en: 'This device is no longer enrolled. Ask the coordinators for a new enrollment code.' });
  }
}

export class BatchTooLargeError extends SyncError {
  readonly code = 'sync_batch_too_large';
  readonly retryable = true;
  constructor() {
    super({ ja: '送信データが大きすぎます。分けて送信します。', en: 'The batch is too large; it will be sent in smaller parts.' });
  }
}

export class SyncRejectedError extends SyncError {
  readonly code = 'sync_rejected';
  readonly retryable = false;
  constructor(
    readonly status: number,
    readonly serverMessage: string,
  ) {
    super({ ja: `サーバーが受け付けませんでした（${status}）: ${serverMessage}`, en: `The server refused the data (${status}): ${serverMessage}` });
  }
}

export class EnrollmentCodeError extends SyncError {
  readonly code = 'enrollment_code_invalid';
  readonly retryable = false;
  constructor() {
    super({ ja: '登録コードが正しくないか、使用済みか、期限切れです。', en: 'The enrollment code is wrong, already used or expired.' });
  }
}

/**
 * A revocation package from the server was refused on this device (another key than the one
 * pinned at enrollment, a signature or digest that does not verify, a delta that does not fit):
 * nothing of it was stored. `reason` is the revocation engine's code.
 */
export class RevocationUpdateError extends SyncError {
  readonly code = 'sync_revocation_refused';
  readonly retryable: boolean;
  constructor(
    readonly reason: string,
    userMessage: LocalizedText,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
    // A package of another key will not verify on a later try either: it needs a new enrollment.
    this.retryable = reason !== 'revocation_package_wrong_key' && reason !== 'revocation_package_no_pinned_key';
  }
}
