/**
 * What to tell a volunteer about the reader they just picked (DOMAIN.md §4: the product must say
 * plainly which of the ways in applies). Pure: from the USB device's identity and interface
 * classes, the app's environment, and the error opening it gave, if any. The screens show
 * `title` and `steps` and link `compatibilityPage`.
 */
import { CardError } from '../../card/errors.ts';
import type { LocalizedText } from '../../protocol/user-facing-error.ts';
import { NOT_CCID_DEVICES, vidPidKey } from '../ccid/quirks.ts';
import { ReaderNotSupportedError } from '../errors.ts';
import type { AppPath } from './assess-reader.ts';
import { readerAnchor } from './compatibility-table.ts';
import { KNOWN_READERS } from './generated/known-readers.ts';

export const COMPATIBILITY_PAGE = 'readers.html';

export interface PickedDevice {
  vendorId: number;
  productId: number;
  productName?: string | undefined;
  /** bInterfaceClass of each interface (WebUSB's USBDevice.configuration shows them). */
  interfaceClasses: readonly number[];
}

export interface AppEnvironment {
  /** The Isolated Web App build, with `usb-unrestricted`. */
  isolatedWebApp: boolean;
}

export type GuidanceVerdict = 'ready' | 'needs-isolated-web-app' | 'close-other-programs' | 'unsupported';

export interface ReaderGuidance {
  verdict: GuidanceVerdict;
  title: LocalizedText;
  steps: LocalizedText[];
  /** Where the reader is on the compatibility page (readers.html#r-VVVV-PPPP). */
  compatibilityPage: string;
  /** What the corpus says about this VID:PID, when it is in it. */
  known: AppPath | undefined;
}

const INSTALL_IWA: LocalizedText = {
  ja: 'ChromeOS（学校のChromebookなど）や管理されたブラウザーに、シェルターキーの「分離ウェブアプリ（IWA）」版を入れて、そちらで開いてください。',
  en: 'Install the Isolated Web App build of shelterkey on ChromeOS (a school Chromebook, for example) or a managed browser, and open it there.',
};
const USE_VENDOR_READER: LocalizedText = {
  ja: 'または、NTTコミュニケーションズ SCR3310 のようなベンダークラスのリーダーに替えると、このままブラウザー版で使えます。',
  en: 'Or use a vendor-class reader such as the NTT Communications SCR3310, which works in this browser app as it is.',
};
const SEE_LIST: LocalizedText = { ja: '使えるリーダーは「対応カードリーダー」の一覧で確かめられます。', en: 'The reader compatibility list shows which readers work.' };

export function readerGuidance(device: PickedDevice, environment: AppEnvironment, openingError?: unknown): ReaderGuidance {
  const vidPid = vidPidKey(device.vendorId, device.productId);
  const compatibilityPage = `${COMPATIBILITY_PAGE}#${readerAnchor(vidPid)}`;
  const known = KNOWN_READERS[vidPid];
  const base = { compatibilityPage, known };
  const notCcid = NOT_CCID_DEVICES[vidPid];
  if (notCcid) {
    return { ...base, verdict: 'unsupported', title: { ja: `${notCcid.name} は使えません。`, en: `The ${notCcid.name} cannot be used.` }, steps: [{ ja: notCcid.ja, en: notCcid.en }, SEE_LIST] };
  }
  const code = openingError instanceof CardError ? openingError.code : undefined;
  if (code === 'reader_busy') {
    return {
      ...base,
      verdict: 'close-other-programs',
      title: { ja: 'カードリーダーが別のアプリで使われています。', en: 'Another program is using the card reader.' },
      steps: [{ ja: 'カードを使う他のアプリやブラウザーのタブを閉じて、リーダーを選び直してください。', en: 'Close other apps and browser tabs that use card readers, then choose the reader again.' }],
    };
  }
  if (openingError instanceof ReaderNotSupportedError || known === 'none') {
    const reason = openingError instanceof ReaderNotSupportedError ? openingError.reason : { ja: 'マイナンバーカードの読み取りに必要な方式に対応していません。', en: 'it does not support what reading a My Number Card needs.' };
    return { ...base, verdict: 'unsupported', title: { ja: 'このカードリーダーは使えません。', en: 'This card reader cannot be used.' }, steps: [{ ja: reason.ja, en: `Reason: ${reason.en}` }, SEE_LIST] };
  }
  const smartCardClass = device.interfaceClasses.includes(0x0b);
  const vendorClass = device.interfaceClasses.includes(0xff);
  const protectedHere = !environment.isolatedWebApp && (code === 'reader_protected_class' || (smartCardClass && !vendorClass && known !== 'pwa'));
  if (protectedHere) {
    return {
      ...base,
      verdict: 'needs-isolated-web-app',
      title: {
        ja: 'このリーダーはスマートカード クラスのため、ブラウザー版では使えません。',
        en: 'This is a smart-card-class reader, which the browser app is not allowed to use.',
      },
      steps: [INSTALL_IWA, USE_VENDOR_READER, SEE_LIST],
    };
  }
  return {
    ...base,
    verdict: 'ready',
    title: { ja: 'このカードリーダーを使えます。', en: 'This card reader can be used.' },
    steps: [{ ja: 'マイナンバーカードをリーダーに置いてください。', en: 'Place the My Number Card on the reader.' }],
  };
}
