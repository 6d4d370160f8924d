/**
 * The UI's words, Japanese first, gathered from one catalogue per feature (./catalogue/).
 * Placeholders are written {name} and filled by Locale.t.
 */
import type { Language } from '../../protocol/language.ts';
import { coordinator } from './catalogue/coordinator.ts';
import { counter } from './catalogue/counter.ts';
import { cardRegistration } from './catalogue/card-registration.ts';
import { checkin } from './catalogue/checkin.ts';
import { firstRun } from './catalogue/first-run.ts';
import { reader } from './catalogue/reader.ts';
import { revocation } from './catalogue/revocation.ts';
import { residents } from './catalogue/residents.ts';
import { shell } from './catalogue/shell.ts';
import { sync } from './catalogue/sync.ts';
import { training } from './catalogue/training.ts';

export const messageSets = [shell, sync, coordinator, residents, firstRun, reader, checkin, cardRegistration, training, revocation, counter] as const;
const sets = messageSets;

type KeysOf<S> = S extends { ja: Record<infer K, string> } ? K : never;
export type MessageKey = KeysOf<(typeof sets)[number]>;
export type Messages = Record<MessageKey, string>;

function merge(language: Language): Messages {
  return Object.assign({}, ...sets.map((set) => set[language])) as Messages;
}

export const catalogues: Record<Language, Messages> = { ja: merge('ja'), en: merge('en') };
