/**
 * What the product can do with each reader of the corpus (or a reader just picked): whether the
 * WebUSB driver can read a My Number Card through it, and in which kind of app — a plain web
 * page or PWA (only vendor-class interfaces: Chromium protects class 0x0B), an Isolated Web App
 * (WebUSB with `usb-unrestricted`, or the Web Smart Card API through the computer's own driver),
 * or neither.
 */
import type { LocalizedText } from '../../protocol/user-facing-error.ts';
import { exchangeLevelOf, supportsT0, supportsT1, type CcidClassDescriptor, type ExchangeLevel } from '../ccid/class-descriptor.ts';
import { SMART_CARD_CLASS, type CcidTransportProtocol } from '../ccid/interfaces.ts';
import { quirkFor } from '../ccid/quirks.ts';
import { myNumberCardSupport, type Support } from '../ccid/support.ts';

export type AppPath = 'pwa' | 'iwa' | 'iwa-smart-card' | 'none';

export interface InterfaceFacts {
  interfaceNumber: number;
  interfaceClass: number;
  interfaceSubClass: number;
  interfaceProtocol: number;
  numEndpoints: number;
  descriptor: CcidClassDescriptor;
}

export interface InterfaceAssessment {
  interfaceNumber: number;
  interfaceClass: number;
  level: ExchangeLevel | undefined;
  protocols: ('T=0' | 'T=1')[];
  support: Support;
  /** The best way the product reaches this interface. */
  path: AppPath;
  /** What a volunteer should know. */
  note: LocalizedText;
}

function transportOf(protocol: number): CcidTransportProtocol {
  return (['bulk', 'iccd-a', 'iccd-b'] as const)[protocol] ?? 'unknown';
}

const NOTES: Readonly<Record<AppPath, LocalizedText>> = {
  pwa: { ja: 'ブラウザー版（PWA）でそのまま使えます。', en: 'Works in the browser app (PWA) as it is.' },
  iwa: {
    ja: 'スマートカード クラスのため、分離ウェブアプリ（IWA）版で使えます（ブラウザー版では使えません）。',
    en: 'Smart-card class: works in the Isolated Web App build (not in the plain browser app).',
  },
  'iwa-smart-card': {
    ja: '分離ウェブアプリ（IWA）版で、パソコン側のリーダードライバー（Web Smart Card API）を通して使える場合があります。',
    en: "May work in the Isolated Web App build through the computer's own reader driver (Web Smart Card API).",
  },
  none: { ja: 'マイナンバーカードの読み取りには使えません。', en: 'Cannot read a My Number Card.' },
};

export function assessInterface(vendorId: number, productId: number, facts: InterfaceFacts, libccidSupports = false): InterfaceAssessment {
  const quirk = quirkFor(vendorId, productId);
  const transport = transportOf(facts.interfaceProtocol);
  const support = myNumberCardSupport(
    { transport, interfaceClass: facts.interfaceClass, interfaceSubClass: facts.interfaceSubClass, hasBulkIn: facts.numEndpoints >= 2, hasBulkOut: facts.numEndpoints >= 2, descriptor: facts.descriptor },
    quirk?.effects.maxMessageLength ?? facts.descriptor.dwMaxCCIDMessageLength,
  );
  const protocols: ('T=0' | 'T=1')[] = [...(supportsT0(facts.descriptor) ? (['T=0'] as const) : []), ...(supportsT1(facts.descriptor) ? (['T=1'] as const) : [])];
  let path: AppPath;
  if (support.supported) path = facts.interfaceClass === SMART_CARD_CLASS ? 'iwa' : 'pwa';
  // Through the OS driver a character-level reader may still work; a token or a T=0-only reader never will.
  else if (support.code === 'character-level' && supportsT1(facts.descriptor) && libccidSupports) path = 'iwa-smart-card';
  else path = 'none';
  const note = path === 'none' && !support.supported ? { ja: `${NOTES.none.ja} ${support.reason.ja}`, en: `${NOTES.none.en} Reason: ${support.reason.en}` } : NOTES[path];
  return { interfaceNumber: facts.interfaceNumber, interfaceClass: facts.interfaceClass, level: exchangeLevelOf(facts.descriptor.dwFeatures), protocols, support, path, note };
}

/** The best path over a device's interfaces (a reader is usable as soon as one interface is). */
export function bestPath(assessments: readonly InterfaceAssessment[]): AppPath {
  for (const path of ['pwa', 'iwa', 'iwa-smart-card'] as const) if (assessments.some((a) => a.path === path)) return path;
  return 'none';
}
