import type { Locale } from '../i18n/locale.svelte.ts';

/** "1 resident checked in" / "12 residents checked in" / 「12人が在所中」. */
export function headcountText(locale: Locale, count: number): string {
  return locale.t(count === 1 ? 'roster.headcountOne' : 'roster.headcount', { count });
}
