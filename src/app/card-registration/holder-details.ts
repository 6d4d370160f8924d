/**
 * The card holder's details: name, address, birth date and sex exactly as read from the card
 * (staff cannot edit what the card says), with the kana, contact and needs staff typed in.
 */
import type { Sex } from '../../card/text-ap/four-attributes.ts';
import type { FourAttributesReading } from '../../card/text-ap/read-attributes.ts';
import type { ResidentDetails } from '../../protocol/events.ts';
import { detailsOf, emptyDraft, type ResidentDraft } from '../residents/resident-draft.ts';

/** The card's sex codes (1 male, 2 female, 0 not known, 9 not applicable) as the events record them; 3 ("other") is left unset. */
const SEX: Record<Sex, ResidentDetails['sex']> = {
  male: 'male',
  female: 'female',
  'not-known': 'not_known',
  'not-applicable': 'not_applicable',
  other: undefined,
};

/** The form's starting point: the card's details, nothing else filled in. */
export function holderDraft(attributes: FourAttributesReading): ResidentDraft {
  return { ...emptyDraft(), name: attributes.name, address: attributes.address, birthDate: attributes.birthDate, sex: SEX[attributes.sex] ?? '' };
}

export function holderDetails(attributes: FourAttributesReading, typed: ResidentDraft): ResidentDetails {
  const fromCard = holderDraft(attributes);
  return detailsOf({ ...typed, name: fromCard.name, address: fromCard.address, birthDate: fromCard.birthDate, sex: fromCard.sex });
}
