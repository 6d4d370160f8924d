/** The counter's words in three languages, the errors it explains, and the idle timeout the address may shorten. */
import { describe, expect, it } from 'vitest';
import { WrongPinError } from '../../src/card/apdu/status-errors.ts';
import { CounterApiError, CounterNetworkError } from '../../src/app/counter/counter-errors.ts';
import { counterErrorText } from '../../src/app/counter/counter-error-text.ts';
import { CounterLocale } from '../../src/app/counter/counter-locale.svelte.ts';
import { idleTimeoutFromUrl } from '../../src/app/counter/idle-timer.svelte.ts';
import { counterKiosk, KIOSK_LANGUAGES } from '../../src/app/i18n/catalogue/counter-kiosk.ts';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('counter words', () => {
  it('has every key in Japanese, English and easy Japanese, none empty, with the same placeholders', () => {
    const keys = Object.keys(counterKiosk.ja).sort();
    for (const language of KIOSK_LANGUAGES) {
      expect(Object.keys(counterKiosk[language]).sort(), language).toEqual(keys);
      for (const key of keys) {
        const text = counterKiosk[language][key as keyof typeof counterKiosk.ja];
        expect(text.trim(), `${language} ${key}`).not.toBe('');
        expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(counterKiosk.ja[key as keyof typeof counterKiosk.ja]));
      }
    }
  });

  it('writes easy Japanese in kana for residents (the staff-only exit texts excepted)', () => {
    for (const [key, text] of Object.entries(counterKiosk.easy)) {
      if (key.startsWith('exit.') || key === 'kiosk.language') continue;
      // Kanji only in words a resident meets on the card itself (マイナンバーカード is katakana).
      expect(text.replace(/\{\w+\}/g, ''), key).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('shows the server\'s own words for its refusals in Japanese and English, and the counter\'s in easy Japanese', () => {
    const locale = new CounterLocale('ja');
    const conflict = new CounterApiError(409, 'already_registered', { ja: 'すでに登録されています。', en: 'Already registered.' }, 'Already registered.');
    expect(counterErrorText(locale, conflict)).toBe('すでに登録されています。');
    locale.language = 'en';
    expect(counterErrorText(locale, conflict)).toBe('Already registered.');
    locale.language = 'easy';
    expect(counterErrorText(locale, conflict)).toBe('もう とうろく されて います。');
    expect(counterErrorText(locale, new CounterNetworkError())).toMatch(/インターネット が ひつよう/);
    expect(counterErrorText(locale, new WrongPinError(0x63c1))).toBe('あんしょうばんごう が ちがいます。');
    expect(counterErrorText(locale, new CounterApiError(401, 'unauthorized', undefined, 'Sign-in is required'))).toBe(counterKiosk.easy['problem.notEnrolled']);
    locale.reset();
    expect(locale.language).toBe('ja');
    expect(locale.htmlLang).toBe('ja');
  });

  it('idles for 60 s unless the address asks for less (never more)', () => {
    expect(idleTimeoutFromUrl(new URL('https://x/counter'))).toBe(60_000);
    expect(idleTimeoutFromUrl(new URL('https://x/counter?counterIdle=8'))).toBe(8_000);
    expect(idleTimeoutFromUrl(new URL('https://x/counter?counterIdle=600'))).toBe(60_000);
    expect(idleTimeoutFromUrl(new URL('https://x/counter?counterIdle=1'))).toBe(60_000);
    expect(idleTimeoutFromUrl(new URL('https://x/counter?counterIdle=abc'))).toBe(60_000);
  });
});
