import { describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { CardRemovedError } from '../../src/card/errors.ts';
import { errorText } from '../../src/app/i18n/error-text.ts';
import { Locale } from '../../src/app/i18n/locale.svelte.ts';

describe('errorText', () => {
  const en = new Locale('en');
  it('uses an error’s own plain-language message, in the screen’s language', () => {
    expect(errorText(en, new CardRemovedError(), 'checkin.failed')).toBe('The card was removed. Keep the card on the reader and try again.');
    expect(errorText(new Locale('ja'), new CardRemovedError(), 'checkin.failed')).toMatch(/^カードが離れました/);
  });

  it('says the storage is full when IndexedDB refuses a write, as Dexie reports it', () => {
    const quota = new Dexie.QuotaExceededError('quota');
    expect(errorText(en, quota, 'checkin.failed')).toBe('This device’s storage is full, so nothing was recorded. Free some space or tell the coordinators.');
  });

  it('names a closed reader picker, and falls back for anything else', () => {
    expect(errorText(en, new DOMException('No device selected.', 'NotFoundError'), 'reader.failed')).toBe('No reader was chosen.');
    expect(errorText(en, new Error('boom'), 'reader.failed')).toBe('Could not connect to the reader.');
  });
});
