/**
 * The base of every error a person at the shelter may see. `code` is stable (logs, tests, API
 * bodies); `userMessage` is plain language in both product languages. Messages never contain
 * personal data: no names, numbers, PINs or certificate contents.
 */
import type { Language } from './language.ts';

export type LocalizedText = Record<Language, string>;

export abstract class UserFacingError extends Error {
  abstract readonly code: string;

  constructor(
    readonly userMessage: LocalizedText,
    options?: { cause?: unknown },
  ) {
    super(userMessage.en, options);
  }

  messageIn(language: Language): string {
    return this.userMessage[language];
  }
}
