/**
 * Reader workarounds, one table keyed by VID:PID, each with the reason (the facts come from
 * libccid, which met these readers: ccid.c ccid_open_hack_pre, commands.c, ifdhandler.c). The
 * driver applies `effects` after reading the class descriptor; the virtual readers model the
 * same firmware (a descriptor that under-reports its buffer really accepts the larger size).
 * `guidance` entries are not CCID readers at all; the picker advice names them.
 */

export interface QuirkEffects {
  /** The firmware's real message buffer when dwMaxCCIDMessageLength under-reports it. */
  maxMessageLength?: number;
  /** dwMaxIFSD to use instead of the descriptor's. */
  maxIfsd?: number;
  /** Highest bit rate to ask the card for. */
  maxDataRate?: number;
  /** Minimum wait for any reply (slow firmware). */
  minReplyTimeoutMs?: number;
  /** Power the card off before each power on. */
  powerOffBeforePowerOn?: boolean;
  /** Never PPS: keep the card's default protocol and rate. */
  noPps?: boolean;
  /** Where the class descriptor sits in the configuration descriptor. */
  descriptorAfterEndpoints?: boolean;
}

export interface ReaderQuirk {
  name: string;
  reason: string;
  effects: QuirkEffects;
}

export interface ReaderGuidanceEntry {
  name: string;
  /** Why the product cannot use it, in both languages. */
  ja: string;
  en: string;
}

const SCM_MESSAGE_LENGTH: ReaderQuirk['reason'] =
  'SCM Microsystems firmware reports dwMaxCCIDMessageLength 263 but accepts 270-byte messages; taken at its word, a full short APDU (261 bytes) and a 258-byte response would not fit.';

export const READER_QUIRKS: Readonly<Record<string, ReaderQuirk>> = {
  '04E6:5612': { name: 'Identiv uTrust 3720', reason: SCM_MESSAGE_LENGTH, effects: { maxMessageLength: 270 } },
  '04E6:511C': { name: 'Axalto Reader V3', reason: SCM_MESSAGE_LENGTH, effects: { maxMessageLength: 270 } },
  '04E6:5120': { name: 'SCR331-DI NTTCom', reason: SCM_MESSAGE_LENGTH, effects: { maxMessageLength: 270 } },
  '04E6:5111': { name: 'SCM SCR331-DI', reason: SCM_MESSAGE_LENGTH, effects: { maxMessageLength: 270 } },
  '04E6:511F': { name: 'SCM SCR3310 v2', reason: SCM_MESSAGE_LENGTH, effects: { maxMessageLength: 270 } },
  '04E6:5410': { name: 'SCM SCR355', reason: SCM_MESSAGE_LENGTH, effects: { maxMessageLength: 270 } },
  '09BE:0002': { name: 'MySmartPad', reason: 'Reports dwMaxIFSD 0; the firmware uses 254.', effects: { maxIfsd: 254 } },
  '0B97:7762': {
    name: 'O2Micro Oz776',
    reason: 'Cannot follow PPS and reports data rates it cannot keep (libccid limits it to 9600 bps); puts the CCID descriptor after its endpoints.',
    effects: { maxDataRate: 9600, noPps: true, descriptorAfterEndpoints: true },
  },
  '0B97:7772': {
    name: 'O2Micro Oz776 (7772)',
    reason: 'Same chipset as the Oz776: no PPS, 9600 bps, CCID descriptor after the endpoints.',
    effects: { maxDataRate: 9600, noPps: true, descriptorAfterEndpoints: true },
  },
  '0B81:0200': { name: 'id3 CL1356D', reason: 'The firmware needs up to a minute to initialise before it answers.', effects: { minReplyTimeoutMs: 60_000 } },
  '072F:2200': { name: 'ACS ACR122U', reason: 'Answers GetSlotStatus after up to 1 s when no tag is present.', effects: { minReplyTimeoutMs: 1_000 } },
  '09D8:0427': { name: 'Elatec TWN4 (CCID + CDC)', reason: 'Answers GetSlotStatus after up to 1 s when no tag is present.', effects: { minReplyTimeoutMs: 1_000 } },
  '09D8:0428': { name: 'Elatec TWN4 (CCID)', reason: 'Answers GetSlotStatus after up to 1 s when no tag is present.', effects: { minReplyTimeoutMs: 1_000 } },
  '04E6:5293': { name: 'SCM SCL011', reason: 'Needs about 350 ms to answer.', effects: { minReplyTimeoutMs: 1_000 } },
  '04E6:5790': { name: 'Identiv uTrust 3700 F', reason: 'Same firmware family as the SCL011: about 350 ms to answer.', effects: { minReplyTimeoutMs: 1_000 } },
  '04E6:5791': { name: 'Identiv uTrust 3701 F', reason: 'Same firmware family as the SCL011: about 350 ms to answer.', effects: { minReplyTimeoutMs: 1_000 } },
  '04E6:5724': { name: 'Identiv uTrust 4701 F', reason: 'Same firmware family as the SCL011: about 350 ms to answer.', effects: { minReplyTimeoutMs: 1_000 } },
  '058F:9540': { name: 'Alcor Micro AU9540', reason: 'Loses the card above 200,000 bps.', effects: { maxDataRate: 200_000 } },
  '0D46:301D': { name: 'Kobil IDToken', reason: 'The card must be powered off before each power on.', effects: { powerOffBeforePowerOn: true } },
};

/** Devices people plug in that are not CCID readers, with what to say about them. */
export const NOT_CCID_DEVICES: Readonly<Record<string, ReaderGuidanceEntry>> = {
  '054C:06C1': {
    name: 'Sony PaSoRi RC-S380/S',
    ja: 'ソニーの独自方式（CCIDではない）で動くため、ブラウザーからは使えません。RC-S300 などのCCID対応リーダーをお使いください。',
    en: "It speaks Sony's own protocol, not CCID, so a browser cannot drive it. Use a CCID reader such as the RC-S300.",
  },
  '054C:06C3': {
    name: 'Sony PaSoRi RC-S380/P',
    ja: 'ソニーの独自方式（CCIDではない）で動くため、ブラウザーからは使えません。RC-S300 などのCCID対応リーダーをお使いください。',
    en: "It speaks Sony's own protocol, not CCID, so a browser cannot drive it. Use a CCID reader such as the RC-S300.",
  },
};

export function vidPidKey(vendorId: number, productId: number): string {
  const hex = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
  return `${hex(vendorId)}:${hex(productId)}`;
}

export function quirkFor(vendorId: number, productId: number): ReaderQuirk | undefined {
  return READER_QUIRKS[vidPidKey(vendorId, productId)];
}
