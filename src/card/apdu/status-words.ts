/**
 * Status words the product meets (ISO/IEC 7816-4:2020 §5.6, Tables 5 and 6), as data: a stable
 * code for each, and what a volunteer at the counter should read. The card layer turns any
 * status but 9000 (and the warnings a flow accepts) into a typed error from this table.
 */
import type { LocalizedText } from '../../protocol/user-facing-error.ts';

export interface StatusWordEntry {
  /** Matches when (sw & mask) === value. */
  value: number;
  mask: number;
  code: string;
  /** The spec's wording, for logs and developers. */
  meaning: string;
  message: LocalizedText;
}

const RETRY: LocalizedText = {
  ja: 'カードの読み取りに失敗しました。カードを置き直して、もう一度お試しください。',
  en: 'Reading the card failed. Place the card again and retry.',
};
const NOT_THIS_CARD: LocalizedText = {
  ja: 'このカードから必要な情報を読み取れません。マイナンバーカードであることを確かめてください。',
  en: 'The information needed is not on this card. Check that it is a My Number Card.',
};
const PRODUCT_FAULT: LocalizedText = {
  ja: 'カードが操作を受け付けませんでした。係の人に知らせてください。',
  en: 'The card refused the operation. Please tell the staff in charge.',
};

function exact(value: number, code: string, meaning: string, message: LocalizedText): StatusWordEntry {
  return { value, mask: 0xffff, code, meaning, message };
}

export const STATUS_WORDS: readonly StatusWordEntry[] = [
  exact(0x9000, 'ok', 'normal processing', { ja: '正常終了', en: 'Done' }),
  exact(0x6282, 'end_of_file', 'end of file reached before reading Ne bytes', RETRY),
  { value: 0x6100, mask: 0xff00, code: 'more_data', meaning: 'SW2 more response bytes available (GET RESPONSE)', message: RETRY },
  { value: 0x63c0, mask: 0xfff0, code: 'pin_wrong', meaning: 'verification failed, X further retries allowed', message: RETRY },
  exact(0x6581, 'card_memory_failure', 'memory failure', {
    ja: 'カードの記憶領域に異常があります。市区町村の窓口での確認が必要です。',
    en: 'The card memory has a fault. The card needs checking at the municipal office.',
  }),
  exact(0x6700, 'wrong_length', 'wrong length (Lc or Le)', PRODUCT_FAULT),
  exact(0x6981, 'incompatible_file_structure', 'command incompatible with file structure', PRODUCT_FAULT),
  exact(0x6982, 'security_status_not_satisfied', 'security status not satisfied', {
    ja: '暗証番号の確認が済んでいないため、読み取れません。',
    en: 'This needs the PIN to be confirmed first.',
  }),
  exact(0x6983, 'pin_locked', 'authentication method blocked', {
    ja: '暗証番号がロックされています。お住まいの市区町村の窓口でロックの解除が必要です。',
    en: 'The PIN is locked. It must be unlocked at the municipal office.',
  }),
  exact(0x6984, 'pin_locked', 'reference data not usable', {
    ja: '暗証番号がロックされています。お住まいの市区町村の窓口でロックの解除が必要です。',
    en: 'The PIN is locked. It must be unlocked at the municipal office.',
  }),
  exact(0x6985, 'conditions_not_satisfied', 'conditions of use not satisfied', PRODUCT_FAULT),
  exact(0x6986, 'command_not_allowed', 'command not allowed (no current EF)', PRODUCT_FAULT),
  exact(0x6a80, 'incorrect_data', 'incorrect parameters in the command data field', PRODUCT_FAULT),
  exact(0x6a81, 'function_not_supported', 'function not supported', NOT_THIS_CARD),
  exact(0x6a82, 'file_not_found', 'file or application not found', NOT_THIS_CARD),
  exact(0x6a86, 'incorrect_p1_p2', 'incorrect parameters P1-P2', PRODUCT_FAULT),
  exact(0x6a88, 'reference_data_not_found', 'referenced data or reference data not found', NOT_THIS_CARD),
  exact(0x6b00, 'wrong_offset', 'wrong parameters P1-P2 (offset outside the EF)', PRODUCT_FAULT),
  { value: 0x6c00, mask: 0xff00, code: 'wrong_le', meaning: 'wrong Le field; SW2 encodes the exact number of available bytes', message: PRODUCT_FAULT },
  exact(0x6d00, 'instruction_not_supported', 'instruction code not supported or invalid', NOT_THIS_CARD),
  exact(0x6e00, 'class_not_supported', 'class not supported', NOT_THIS_CARD),
  exact(0x6f00, 'card_internal_error', 'no precise diagnosis', RETRY),
];

const UNKNOWN: Omit<StatusWordEntry, 'value' | 'mask'> = {
  code: 'unexpected_status',
  meaning: 'status word not in the table',
  message: RETRY,
};

export function lookupStatusWord(sw: number): Omit<StatusWordEntry, 'value' | 'mask'> {
  return STATUS_WORDS.find((entry) => (sw & entry.mask) === entry.value) ?? UNKNOWN;
}
