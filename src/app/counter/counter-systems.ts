/**
 * What the counter offers the resident for each relying system, from the system's scopes: a
 * service-card link (`links`), consent to the 4 attributes (`attributes`) and to yes/no age
 * answers (`age-check`); and which card attribute each consent item needs sent with it.
 */
import { CONSENT_ITEMS, serviceId, type ConsentItem, type FourAttributesInput } from '../../protocol/mykey-api.ts';
import { UserFacingError } from '../../protocol/user-facing-error.ts';
import type { CounterConsent, CounterSystem } from './counter-client.ts';

const ATTRIBUTE_OF_ITEM: Readonly<Record<ConsentItem, keyof FourAttributesInput>> = {
  name: 'name',
  address: 'address',
  birthDate: 'birthDate',
  sex: 'sex',
  // A yes/no age answer is computed on the server from the birth date; the system never sees it.
  ageCheck: 'birthDate',
};

export function usesLinks(system: CounterSystem): boolean {
  return system.scopes.includes('links');
}

/** The consent items a system may ask for, in the catalogue's order. */
export function consentItemsOf(system: CounterSystem): ConsentItem[] {
  return CONSENT_ITEMS.filter((item) => (item === 'ageCheck' ? system.scopes.includes('age-check') : system.scopes.includes('attributes')));
}

/** Exactly the attributes the consent to `items` needs, nothing more. */
export function attributesFor(items: readonly ConsentItem[], attributes: FourAttributesInput): Partial<FourAttributesInput> {
  const needed: Partial<FourAttributesInput> = {};
  for (const item of items) {
    const key = ATTRIBUTE_OF_ITEM[item];
    Object.assign(needed, { [key]: attributes[key] });
  }
  return needed;
}

export function consentTo(consents: readonly CounterConsent[], systemId: string, item: ConsentItem): CounterConsent | undefined {
  return consents.find((c) => c.relyingPartyId === systemId && c.item === item);
}

/** The number typed or scanned is not a service card number the server takes. */
export class ServiceIdFormatError extends UserFacingError {
  readonly code = 'counter_service_id_format';
  constructor() {
    super({
      ja: 'カードの番号は、英数字と記号で64文字までです（空白は入れません）。',
      en: 'The card number is up to 64 letters, digits or symbols, with no spaces.',
    });
  }
}

/** The number as the server takes it: full-width characters folded (ｌｉｂ０１ → lib01), spaces around it dropped. */
export function serviceIdOf(typed: string): string {
  const parsed = serviceId.safeParse(typed.normalize('NFKC'));
  if (!parsed.success) throw new ServiceIdFormatError();
  return parsed.data;
}
