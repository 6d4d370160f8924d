import { describe, expect, it } from 'vitest';
import { catalogues } from '../../src/app/i18n/messages.ts';
import { languageFromUrl, Locale } from '../../src/app/i18n/locale.svelte.ts';

describe('i18n', () => {
  it('has every key in both languages, none empty', () => {
    const ja = Object.keys(catalogues.ja).sort();
    expect(Object.keys(catalogues.en).sort()).toEqual(ja);
    for (const language of ['ja', 'en'] as const) {
      for (const [key, text] of Object.entries(catalogues[language])) expect(text, `${language} ${key}`).not.toBe('');
    }
  });

  it('reads ?lang= only when it names a known language', () => {
    expect(languageFromUrl(new URL('https://x/?lang=en'))).toBe('en');
    expect(languageFromUrl(new URL('https://x/?lang=ja'))).toBe('ja');
    expect(languageFromUrl(new URL('https://x/?lang=fr'))).toBeUndefined();
    expect(languageFromUrl(new URL('https://x/'))).toBeUndefined();
  });

  it('defaults to Japanese and switches language', () => {
    const locale = new Locale();
    expect(locale.t('update.reload')).toBe('再読み込み');
    locale.language = 'en';
    expect(locale.t('update.reload')).toBe('Reload');
  });
});
