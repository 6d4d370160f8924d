/**
 * A renewed card at the counter (DOMAIN.md §2: a renewed certificate has a new MyKey ID, so the
 * earlier registration does not show): which step the resident's screen offers, and what to say
 * when the server cannot tie the card to the earlier registration. Two proofs carry it over:
 * the 4 attributes read from the new card, matching the keyed digest registered with the
 * earlier card ("prepare"), or J-LIS's old/new serial link.
 */
import type { FourAttributes } from '../../card/text-ap/four-attributes.ts';
import type { CounterView, FourAttributesInput } from '../../protocol/mykey-api.ts';
import type { KioskMessageKey } from '../i18n/catalogue/counter-kiosk.ts';
import { CounterApiError } from './counter-errors.ts';

/** Carry over with the 4 attributes, or with J-LIS's serial link; or prepare the earlier card for a renewal to come (register the digest). */
export type RenewalAction = 'attributes' | 'serial-link' | 'prepare';
/** The actions that read the 4 attributes first (the card details' PIN). */
export type AttributesAction = Exclude<RenewalAction, 'serial-link'>;

export type RenewalStep =
  | { name: 'details-pin'; action: AttributesAction; triesLeft: number | undefined; reading: boolean; problem: unknown }
  | { name: 'sending'; action: RenewalAction }
  | { name: 'carried-over'; mykeyId: string; previousMyKeyIds: string[] }
  | { name: 'prepared' }
  | { name: 'problem'; action: RenewalAction; error: unknown };

/** What the resident's screen shows about renewal: the offer to carry over, its result, the offer to prepare, its result, or nothing. */
export type RenewalSection = 'carry-over' | 'carried-over' | 'prepare' | 'prepared' | undefined;

export function renewalSection(view: Pick<CounterView, 'known' | 'canCarryOver' | 'attributesRegistered'>, step: RenewalStep | undefined): RenewalSection {
  if (step?.name === 'carried-over' || step?.name === 'prepared') return step.name;
  if (step && step.name !== 'details-pin') return step.action === 'prepare' ? 'prepare' : 'carry-over';
  // A card new here, or whose registration holds nothing yet, may be the renewal of an earlier one.
  if (view.canCarryOver) return 'carry-over';
  if (view.known && !view.attributesRegistered) return 'prepare';
  return undefined;
}

/** Exactly the 4 attributes, as the server takes them (the reading also carries its integrity check). */
export function attributesForRenewal(reading: FourAttributes): FourAttributesInput {
  return { name: reading.name, address: reading.address, birthDate: reading.birthDate, sex: reading.sex };
}

/** The counter's own words for the server's renewal refusals; undefined: the counter's usual error text applies. */
export function renewalProblemKey(action: RenewalAction, error: unknown): KioskMessageKey | undefined {
  if (!(error instanceof CounterApiError)) return undefined;
  switch (error.code) {
    case 'renewal_not_proven':
      return action === 'serial-link' ? 'renewal.notProvenSerialLink' : 'renewal.notProvenAttributes';
    case 'serial_link_unavailable':
      return 'renewal.serialLinkUnavailable';
    case 'already_registered':
      return action === 'prepare' ? 'prepare.heldElsewhere' : 'renewal.heldElsewhere';
    default:
      return undefined;
  }
}
