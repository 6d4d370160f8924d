/**
 * Typed errors for status words. Callers branch on the class (a wrong PIN, a locked PIN, a file
 * that is not there); everything else is a CardStatusError carrying the table's code.
 */
import type { LocalizedText } from '../../protocol/user-facing-error.ts';
import { CardError } from '../errors.ts';
import { swHex, type ResponseApdu } from './response.ts';
import { lookupStatusWord } from './status-words.ts';

export class CardStatusError extends CardError {
  readonly code: string;
  constructor(
    readonly sw: number,
    message?: LocalizedText,
  ) {
    const entry = lookupStatusWord(sw);
    super(
      message ?? {
        ja: `${entry.message.ja}（コード ${swHex(sw)}）`,
        en: `${entry.message.en} (code ${swHex(sw)})`,
      },
    );
    this.code = entry.code;
  }

  get meaning(): string {
    return lookupStatusWord(this.sw).meaning;
  }
}

/** 63Cx: the PIN (or 照合番号B) was wrong; x tries are left before the card locks it. */
export class WrongPinError extends CardStatusError {
  readonly triesLeft: number;
  /** What the resident typed: the PIN, or the card numbers that make 照合番号B. */
  constructor(
    sw: number,
    readonly credential: 'pin' | 'card-numbers' = 'pin',
  ) {
    const triesLeft = sw & 0x0f;
    super(sw, credential === 'pin' ? wrongPinMessage(triesLeft) : wrongCardNumbersMessage(triesLeft));
    this.triesLeft = triesLeft;
  }
}

function wrongPinMessage(triesLeft: number): LocalizedText {
  return triesLeft === 0
    ? {
        ja: '暗証番号が違います。暗証番号はロックされました。お住まいの市区町村の窓口でロックの解除が必要です。',
        en: 'Wrong PIN. The PIN is now locked and must be unlocked at the municipal office.',
      }
    : {
        ja: `暗証番号が違います。あと${triesLeft}回間違えるとロックされます。`,
        en: `Wrong PIN. ${triesLeft} more wrong ${triesLeft === 1 ? 'try locks' : 'tries lock'} it.`,
      };
}

function wrongCardNumbersMessage(triesLeft: number): LocalizedText {
  return triesLeft === 0
    ? {
        ja: 'カードの番号（生年月日・有効期限の年・セキュリティコード）が違います。この方法はロックされました。暗証番号で読み取るか、市区町村の窓口でロックの解除が必要です。',
        en: 'The card numbers (birth date, expiry year, security code) do not match. This way is now locked: use the PIN, or have it unlocked at the municipal office.',
      }
    : {
        ja: `カードの番号（生年月日・有効期限の年・セキュリティコード）が違います。あと${triesLeft}回間違えるとロックされます。`,
        en: `The card numbers (birth date, expiry year, security code) do not match. ${triesLeft} more wrong ${triesLeft === 1 ? 'try locks' : 'tries lock'} them.`,
      };
}

/** 6983 / 6984: the PIN is blocked; only the municipal office can reset it. */
export class PinLockedError extends CardStatusError {}

/** 6982: the file needs a verified PIN first. */
export class SecurityStatusNotSatisfiedError extends CardStatusError {}

/** 6A82: no such application or file on this card. */
export class FileNotFoundError extends CardStatusError {}

export function isWrongPin(sw: number): boolean {
  return (sw & 0xfff0) === 0x63c0;
}

export function statusError(sw: number): CardStatusError {
  if (isWrongPin(sw)) return new WrongPinError(sw);
  if (sw === 0x6983 || sw === 0x6984) return new PinLockedError(sw);
  if (sw === 0x6982) return new SecurityStatusNotSatisfiedError(sw);
  if (sw === 0x6a82) return new FileNotFoundError(sw);
  return new CardStatusError(sw);
}

/** The response data when the card answered 9000 (or one of `alsoAccept`); else the typed error. */
export function expectSuccess(response: ResponseApdu, alsoAccept: readonly number[] = []): Uint8Array {
  if (response.sw === 0x9000 || alsoAccept.includes(response.sw)) return response.data;
  throw statusError(response.sw);
}
