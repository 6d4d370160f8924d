/**
 * The commands that would read the individual number (My Number), as data derived from the card
 * layout (DOMAIN.md §3, "Privacy rules that are law"): selecting EF 0001 or 0014 of the text AP,
 * READ BINARY by their short EF identifiers, VERIFY against 照合番号A by reference (P2 94), and
 * the applications the product never opens (住基AP; 券面AP, which holds the number's image).
 */
import type { LocalizedText } from '../../protocol/user-facing-error.ts';
import { CARD_APPLICATIONS, fidHex, type ApplicationName } from '../card-layout.ts';
import { VERIFY_CURRENT_EF } from '../apdu/instructions.ts';

export type ForbiddenPattern =
  | { kind: 'select-application'; application: ApplicationName; aid: Uint8Array }
  | { kind: 'select-file'; application: ApplicationName; fid: number }
  | { kind: 'read-binary-sfi'; application: ApplicationName; sfi: number }
  | { kind: 'verify-reference'; p2: number };

export interface ForbiddenCommand {
  id: string;
  pattern: ForbiddenPattern;
  why: LocalizedText;
}

const NUMBER: LocalizedText = {
  ja: '個人番号（マイナンバー）を読み取る操作です',
  en: 'it would read the individual number (My Number)',
};

/** ISO/IEC 7816-4 §7.3.3: an SFI is 1..30; the My Number Card's SFIs are the low bits of the FID. */
export function sfiOf(fid: number): number | undefined {
  return fid >= 1 && fid <= 30 ? fid : undefined;
}

function derive(): ForbiddenCommand[] {
  const rules: ForbiddenCommand[] = [];
  for (const app of CARD_APPLICATIONS) {
    if (!app.usedByProduct) {
      rules.push({
        id: `select-${app.name}-ap`,
        pattern: { kind: 'select-application', application: app.name, aid: app.aid },
        why: { ja: `${app.label}は使いません（${NUMBER.ja}）`, en: `the product never opens ${app.label} (${NUMBER.en})` },
      });
    }
    for (const file of app.files) {
      if (!('forbidden' in file) || !file.forbidden) continue;
      const name = `${app.name}-ef-${fidHex(file.fid)}`;
      rules.push({ id: `select-${name}`, pattern: { kind: 'select-file', application: app.name, fid: file.fid }, why: NUMBER });
      const sfi = sfiOf(file.fid);
      if (sfi !== undefined) {
        rules.push({ id: `read-${name}-by-sfi`, pattern: { kind: 'read-binary-sfi', application: app.name, sfi }, why: NUMBER });
      }
      if (file.kind === 'pin' && sfi !== undefined) {
        rules.push({ id: `verify-${name}-by-reference`, pattern: { kind: 'verify-reference', p2: VERIFY_CURRENT_EF | sfi }, why: NUMBER });
      }
    }
  }
  return rules;
}

export const FORBIDDEN_COMMANDS: readonly ForbiddenCommand[] = derive();
