/**
 * Errors of the reader layer, each with what a shelter volunteer should do. They extend the card
 * layer's TransportError (or CardError) so the card session and the screens handle every reader
 * the same way; `code` is stable for logs and tests. `detail` (English, technical) goes to
 * logs and traces only, never on screen.
 */
import { CardError, TransportError } from '../card/errors.ts';
import { withMessage, type LocalizedText } from '../protocol/user-facing-error.ts';

interface ReaderErrorOptions {
  cause?: unknown;
  /** What happened, for logs: never personal data. */
  detail?: string;
}

abstract class ReaderTransportError extends TransportError {
  readonly detail: string | undefined;
  constructor(message: LocalizedText, options: ReaderErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.detail = options.detail;
  }
}

/** The reader left the USB bus (unplugged, or the tablet went to sleep). */
export class ReaderUnpluggedError extends withMessage(ReaderTransportError, 'reader_unplugged', {
  ja: 'カードリーダーが外れました。USBケーブルを差し直してから、もう一度お試しください。',
  en: 'The card reader was disconnected. Plug its USB cable in again, then retry.',
}) {}

/** A USB transfer failed (stall that did not clear, babble, bus error). */
export class UsbTransferError extends withMessage(ReaderTransportError, 'usb_transfer_failed', {
  ja: 'カードリーダーとの通信に失敗しました。リーダーのUSBケーブルを抜いて差し直し、もう一度お試しください。',
  en: 'Talking to the card reader failed. Unplug the reader, plug it in again and retry.',
}) {}

/** The reader did not answer a command in time (no reply, not even a time extension). */
export class ReaderTimeoutError extends withMessage(ReaderTransportError, 'reader_timeout', {
  ja: 'カードリーダーから応答がありません。リーダーを差し直して、もう一度お試しください。',
  en: 'The card reader stopped answering. Plug it in again and retry.',
}) {}

/** Another program (or another tab) holds the reader, or the reader reports a busy slot. */
export class ReaderBusyError extends withMessage(ReaderTransportError, 'reader_busy', {
  ja: 'カードリーダーが別のアプリで使われています。カードを使う他のアプリやタブを閉じてから、もう一度お試しください。',
  en: 'Another program is using the card reader. Close other apps or tabs that use card readers, then retry.',
}) {}

/** The reader answered with something the CCID specification does not allow. */
export class CcidProtocolError extends withMessage(ReaderTransportError, 'reader_protocol_error', {
  ja: 'カードリーダーから想定外の応答がありました。リーダーを差し直して、もう一度お試しください。続く場合は別のリーダーをお使いください。',
  en: 'The card reader gave an unexpected answer. Plug it in again and retry; if it keeps happening, use another reader.',
}) {}

/** The reader reports a hardware fault (over-current, internal error). */
export class ReaderHardwareError extends withMessage(ReaderTransportError, 'reader_hardware_error', {
  ja: 'カードリーダーが故障を知らせています。カードを抜き、リーダーを差し直してください。直らなければ別のリーダーをお使いください。',
  en: 'The card reader reports a hardware fault. Take the card out and plug the reader in again; if that does not help, use another reader.',
}) {}

/** A card is in the slot but does not answer (upside down, dirty chip, not a smart card). */
export class CardMuteError extends withMessage(ReaderTransportError, 'card_mute', {
  ja: 'カードが応答しません。ICチップの向き（表を上、チップ側から差し込む）を確かめて、置き直してください。',
  en: 'The card does not answer. Check that it is the right way round (chip side first, face up) and place it again.',
}) {}

/** The card's answer to reset, a PPS or the T=0/T=1 exchange with the card went wrong beyond recovery. */
export class CardProtocolError extends withMessage(ReaderTransportError, 'card_protocol_error', {
  ja: 'カードとの通信が乱れました。カードをいったん離して置き直し、もう一度お試しください。',
  en: 'Communication with the card was disturbed. Take the card off the reader, place it again and retry.',
}) {}

/** The card and the reader share no transmission protocol (a T=0-only reader and a T=1 card). */
export class CardProtocolMismatchError extends withMessage(ReaderTransportError, 'card_protocol_mismatch', {
  ja: 'このカードリーダーはこのカードと通信できません。別のカードリーダーをお使いください。',
  en: 'This card reader cannot talk to this card. Use another card reader.',
}) {}

/** The reader (or this interface of it) is one the product cannot drive; `reason` says why. */
export class ReaderNotSupportedError extends ReaderTransportError {
  override readonly code = 'reader_not_supported';
  constructor(
    readonly reason: LocalizedText,
    options?: ReaderErrorOptions,
  ) {
    super(
      {
        ja: `このカードリーダーは使えません: ${reason.ja} 対応リーダーの一覧をご覧ください。`,
        en: `This card reader cannot be used: ${reason.en} See the list of supported readers.`,
      },
      options,
    );
  }
}

/**
 * The browser refused to let a web page claim a smart-card-class (0x0B) USB interface.
 * Chromium protects that class for all ordinary pages, installed PWAs included.
 */
export class ProtectedInterfaceError extends withMessage(ReaderTransportError, 'reader_protected_class', {
  ja:
    'このブラウザーは、一般的なウェブアプリからこの種類のカードリーダー（スマートカード クラス）を使うことを許可していません。' +
    'ChromeOS または管理されたブラウザーに「分離ウェブアプリ（IWA）」版のシェルターキーを入れて使うか、' +
    'NTTコミュニケーションズ SCR3310 のようなベンダークラスのリーダーに替えてください。対応リーダーの一覧に詳しく書いてあります。',
  en:
    'This browser does not let ordinary web apps use this kind of card reader (smart-card class). ' +
    'Install the Isolated Web App build of shelterkey on ChromeOS or a managed browser, ' +
    'or use a vendor-class reader such as the NTT Communications SCR3310. The reader compatibility list has details.',
}) {}

/** The user closed the browser's reader picker without choosing, or the browser lacks the API. */
export class NoReaderChosenError extends withMessage(CardError, 'reader_not_chosen', {
  ja: 'カードリーダーが選ばれませんでした。リーダーをUSBに差してから、もう一度選んでください。',
  en: 'No card reader was chosen. Plug the reader in, then choose it again.',
}) {}
