/** A resident's details as typed into a form, and the event payload they become. */
import { SEX_VALUES, type ResidentDetails } from '../../protocol/events.ts';

export interface ResidentDraft {
  name: string;
  nameKana: string;
  birthDate: string;
  sex: '' | (typeof SEX_VALUES)[number];
  address: string;
  phone: string;
  contactNote: string;
  medical: string;
  allergies: string;
  mobility: string;
  otherNeeds: string;
}

export function emptyDraft(): ResidentDraft {
  return { name: '', nameKana: '', birthDate: '', sex: '', address: '', phone: '', contactNote: '', medical: '', allergies: '', mobility: '', otherNeeds: '' };
}

export function draftOf(details: Partial<ResidentDetails>): ResidentDraft {
  return {
    name: details.name ?? '',
    nameKana: details.nameKana ?? '',
    birthDate: details.birthDate ?? '',
    sex: details.sex ?? '',
    address: details.address ?? '',
    phone: details.contact?.phone ?? '',
    contactNote: details.contact?.note ?? '',
    medical: details.needs?.medical ?? '',
    allergies: details.needs?.allergies ?? '',
    mobility: details.needs?.mobility ?? '',
    otherNeeds: details.needs?.other ?? '',
  };
}

const given = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

function defined<T extends object>(value: T): T | undefined {
  return Object.values(value).some((v) => v !== undefined) ? value : undefined;
}

export function contactOf(draft: ResidentDraft): ResidentDetails['contact'] {
  return defined({ phone: given(draft.phone), note: given(draft.contactNote) });
}

export function needsOf(draft: ResidentDraft): ResidentDetails['needs'] {
  return defined({ medical: given(draft.medical), allergies: given(draft.allergies), mobility: given(draft.mobility), other: given(draft.otherNeeds) });
}

/** The details to record; empty fields are left out rather than stored as blanks. */
export function detailsOf(draft: ResidentDraft): ResidentDetails {
  const details: ResidentDetails = { name: draft.name.trim() };
  const optional: Partial<ResidentDetails> = {
    nameKana: given(draft.nameKana),
    birthDate: given(draft.birthDate),
    sex: draft.sex === '' ? undefined : draft.sex,
    address: given(draft.address),
    contact: contactOf(draft),
    needs: needsOf(draft),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(details, { [key]: value });
  return details;
}
