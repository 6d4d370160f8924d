/**
 * Which CCID functions the WebUSB driver can drive, and which can read a My Number Card: pure
 * decisions on the class descriptor, shared by the driver (it refuses at open with the
 * reason), `readers simulate` and the generated compatibility page.
 */
import type { LocalizedText } from '../../protocol/user-facing-error.ts';
import { exchangeLevelOf, supportsT1, type CcidClassDescriptor, type ExchangeLevel } from './class-descriptor.ts';
import type { CcidTransportProtocol } from './interfaces.ts';

/** Command and response sizes of the product's longest exchange: a 256-byte signature + SW1 SW2. */
export const LONGEST_RESPONSE_APDU = 258;
/** COMPUTE DIGITAL SIGNATURE with a SHA-256 DigestInfo: 5 + 51 + 1. */
export const LONGEST_COMMAND_APDU = 57;
/** CCID message header (CCID §6.1). */
export const CCID_HEADER_LENGTH = 10;
/** Smallest T=1 block worth carrying: prologue, one INF byte, CRC. */
const MIN_T1_BLOCK = 3 + 1 + 2;

export type SupportCode =
  | 'supported'
  | 'character-level'
  | 'iccd'
  | 'unknown-transport'
  | 'no-bulk-endpoints'
  | 'unknown-level'
  | 'no-t1'
  | 'messages-too-short';

export interface CcidFunctionFacts {
  transport: CcidTransportProtocol;
  interfaceClass: number;
  /** CCID §4.2: 0 for class 0x0B; a vendor-class (0xFF) interface may use any. */
  interfaceSubClass: number;
  hasBulkIn: boolean;
  hasBulkOut: boolean;
  descriptor: Pick<CcidClassDescriptor, 'dwFeatures' | 'dwProtocols' | 'dwMaxCCIDMessageLength'>;
}

export type Support =
  | { supported: true; code: 'supported'; level: ExchangeLevel }
  | { supported: false; code: Exclude<SupportCode, 'supported'>; level: ExchangeLevel | undefined; reason: LocalizedText };

const REASONS: Readonly<Record<Exclude<SupportCode, 'supported'>, LocalizedText>> = {
  'character-level': {
    ja: '文字単位（キャラクターレベル）のリーダーで、ブラウザーから1バイトずつ制御する必要があります。',
    en: 'it works at character level, so a browser would have to drive every byte itself.',
  },
  iccd: {
    ja: 'ICチップを内蔵したUSBトークン（ICCD、制御転送のみ）で、カードを差し込むリーダーではありません。',
    en: 'it is a USB token with a built-in chip (ICCD, control transfers only), not a reader a card can be inserted into.',
  },
  'unknown-transport': {
    ja: 'CCIDインターフェースのサブクラスまたは通信方式が規格外です。',
    en: 'its CCID interface declares a subclass or transport protocol the specification does not define.',
  },
  'no-bulk-endpoints': {
    ja: 'CCIDに必要なバルク転送の出入口がありません。',
    en: 'it lacks the bulk endpoints CCID needs.',
  },
  'unknown-level': {
    ja: '交換レベル（dwFeatures）が規格外です。',
    en: 'its exchange level (dwFeatures) is not one the specification defines.',
  },
  'no-t1': {
    ja: 'T=1方式に対応していません（マイナンバーカードはT=1で通信します）。',
    en: 'it does not support T=1, the only protocol the My Number Card speaks.',
  },
  'messages-too-short': {
    ja: '1回に運べるデータが短すぎて、カードの署名（258バイト）を受け取れません。',
    en: "its messages are too short to carry the card's 258-byte signature response.",
  },
};

export function supportReason(code: Exclude<SupportCode, 'supported'>): LocalizedText {
  return REASONS[code];
}

function refuse(code: Exclude<SupportCode, 'supported'>, level: ExchangeLevel | undefined): Support {
  return { supported: false, code, level, reason: REASONS[code] };
}

/** Whether the WebUSB driver can drive this function at all, whatever the card. */
export function driverSupport(facts: CcidFunctionFacts): Support {
  const level = exchangeLevelOf(facts.descriptor.dwFeatures);
  if ((facts.interfaceClass === 0x0b && facts.interfaceSubClass !== 0) || facts.transport === 'unknown') return refuse('unknown-transport', level);
  if (facts.transport === 'iccd-a' || facts.transport === 'iccd-b') return refuse('iccd', level);
  if (!facts.hasBulkIn || !facts.hasBulkOut) return refuse('no-bulk-endpoints', level);
  if (level === undefined) return refuse('unknown-level', level);
  if (level === 'character') return refuse('character-level', level);
  return { supported: true, code: 'supported', level };
}

/** Whether this function can carry the product's whole read of a My Number Card (T=1 only). */
export function myNumberCardSupport(facts: CcidFunctionFacts, effectiveMaxMessageLength = facts.descriptor.dwMaxCCIDMessageLength): Support {
  const driver = driverSupport(facts);
  if (!driver.supported) return driver;
  if (!supportsT1(facts.descriptor)) return refuse('no-t1', driver.level);
  const payload = effectiveMaxMessageLength - CCID_HEADER_LENGTH;
  // Short-APDU readers carry each response in one message (CCID §6.1.4); the others chain.
  const enough = driver.level === 'short-apdu' ? payload >= LONGEST_RESPONSE_APDU && payload >= LONGEST_COMMAND_APDU : driver.level === 'tpdu' ? payload >= MIN_T1_BLOCK : payload >= 1;
  if (!enough) return refuse('messages-too-short', driver.level);
  return driver;
}
