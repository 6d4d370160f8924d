/**
 * The counter's language: Japanese, English or やさしい日本語, chosen on the counter screen and
 * back to the counter's starting language when a visit ends (the next resident starts afresh).
 * Kept apart from the staff app's Locale: three languages here, two there.
 */
import type { Language } from '../../protocol/language.ts';
import { counterKiosk, type KioskLanguage, type KioskMessageKey } from '../i18n/catalogue/counter-kiosk.ts';

export class CounterLocale {
  language = $state<KioskLanguage>('ja');

  constructor(private readonly initial: KioskLanguage = 'ja') {
    this.language = initial;
  }

  reset(): void {
    this.language = this.initial;
  }

  /** The HTML lang of the text (easy Japanese is Japanese). */
  get htmlLang(): Language {
    return this.language === 'en' ? 'en' : 'ja';
  }

  /** The product language whose texts stand in where the counter has none of its own. */
  get productLanguage(): Language {
    return this.htmlLang;
  }

  t = (key: KioskMessageKey, params?: Record<string, string | number>): string => {
    const text = counterKiosk[this.language][key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : String(value);
    });
  };

  /** A calendar date as residents read it (2026年11月20日 / 20 Nov 2026). */
  date = (iso: string): string =>
    new Intl.DateTimeFormat(this.language === 'en' ? 'en-GB' : 'ja-JP', { dateStyle: 'medium', timeZone: 'Asia/Tokyo' }).format(Date.parse(iso));

  /** Items joined as the language lists them. */
  list = (items: readonly string[]): string => (this.language === 'en' ? new Intl.ListFormat('en', { type: 'conjunction' }).format(items) : items.join('・'));
}
