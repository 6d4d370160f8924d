/**
 * The display language. `?lang=en` in the address wins (a link handed to a foreign resident),
 * then the saved setting, then Japanese. Kept as a small typed catalogue rather than an i18n
 * library: two languages, no plurals beyond counts we format ourselves, and compile-time checks
 * that both languages have every key.
 */
import { isLanguage, type Language } from '../../protocol/language.ts';
import { catalogues, type MessageKey } from './messages.ts';

export function languageFromUrl(url: URL): Language | undefined {
  const lang = url.searchParams.get('lang');
  return isLanguage(lang) ? lang : undefined;
}

export class Locale {
  language = $state<Language>('ja');

  constructor(initial: Language = 'ja') {
    this.language = initial;
  }

  t = (key: MessageKey): string => catalogues[this.language][key];
}
