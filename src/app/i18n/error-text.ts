/** What to tell staff about a thrown value: the error's own plain-language text when it has one. */
import { UserFacingError } from '../../protocol/user-facing-error.ts';
import type { Locale } from './locale.svelte.ts';
import type { MessageKey } from './messages.ts';

export function errorText(locale: Locale, error: unknown, fallback: MessageKey): string {
  if (error instanceof UserFacingError) return error.messageIn(locale.language);
  // IndexedDB refused a write (Dexie keeps the DOMException's name): the outbox could not grow.
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'QuotaExceededError') return locale.t('storage.full');
  if (error instanceof DOMException && error.name === 'NotFoundError') return locale.t('reader.pickerClosed');
  return locale.t(fallback);
}
