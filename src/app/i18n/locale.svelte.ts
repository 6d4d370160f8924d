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

  /** The text for `key`, with {placeholders} filled; numbers are grouped as the language writes them. */
  t = (key: MessageKey, params?: Record<string, string | number>): string => {
    const text = catalogues[this.language][key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? this.number(value) : value;
    });
  };

  number = (value: number): string => new Intl.NumberFormat(this.language === 'ja' ? 'ja-JP' : 'en-US').format(value);

  /** A date and time in the device's time zone, as people at the shelter read it. */
  dateTime = (iso: string): string =>
    new Intl.DateTimeFormat(this.language === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(iso));
}
