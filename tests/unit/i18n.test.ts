import { describe, expect, it } from 'vitest';
import { catalogues, messageSets } from '../../src/app/i18n/messages.ts';
import { languageFromUrl, Locale } from '../../src/app/i18n/locale.svelte.ts';

describe('i18n', () => {
  it('has every key in both languages, none empty', () => {
    const ja = Object.keys(catalogues.ja).sort();
    expect(Object.keys(catalogues.en).sort()).toEqual(ja);
    for (const language of ['ja', 'en'] as const) {
      for (const [key, text] of Object.entries(catalogues[language])) expect(text, `${language} ${key}`).not.toBe('');
    }
  });

  it('has no key defined by two feature catalogues', () => {
    const keys = messageSets.flatMap((set) => Object.keys(set.ja));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('fills placeholders and groups numbers as each language does', () => {
    const locale = new Locale('en');
    expect(locale.t('sync.progress', { sent: 312, total: 1204 })).toBe('312 of 1,204 sent');
    locale.language = 'ja';
    expect(locale.t('sync.progress', { sent: 312, total: 1204 })).toBe('1,204件中312件を送信しました');
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
