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

/** A family's abstract base: it takes the message (and the family's options) from its subclasses. */
type ErrorFamily<Instance, Options> = abstract new (message: LocalizedText, options?: Options) => Instance;

/**
 * The base of an error class whose code and message never change:
 * `export class CardRemovedError extends withMessage(CardError, 'card_removed', { ja, en }) {}`.
 * The declared class keeps its own name, `instanceof` and the literal type of its code; its
 * constructor takes the family's options (a cause, a detail for logs).
 */
export function withMessage<Instance extends UserFacingError, Options, Code extends string>(
  family: ErrorFamily<Instance, Options>,
  code: Code,
  message: LocalizedText,
): new (options?: Options) => Instance & { readonly code: Code } {
  const Family = family as unknown as ErrorFamily<UserFacingError, Options>;
  class FixedMessage extends Family {
    readonly code = code;
    constructor(options?: Options) {
      super(message, options);
    }
  }
  return FixedMessage as unknown as new (options?: Options) => Instance & { readonly code: Code };
}

/**
 * The same for an error whose message names a technical `detail` (an offset, a field, a count;
 * never personal data): `class X extends withDetail(Family, 'code', (detail) => ({ ja, en })) {}`.
 */
export function withDetail<Instance extends UserFacingError, Options, Code extends string>(
  family: ErrorFamily<Instance, Options>,
  code: Code,
  message: (detail: string) => LocalizedText,
): new (detail: string, options?: Options) => Instance & { readonly code: Code; readonly detail: string } {
  const Family = family as unknown as ErrorFamily<UserFacingError, Options>;
  class DetailedMessage extends Family {
    readonly code = code;
    constructor(
      readonly detail: string,
      options?: Options,
    ) {
      super(message(detail), options);
    }
  }
  return DetailedMessage as unknown as new (detail: string, options?: Options) => Instance & { readonly code: Code; readonly detail: string };
}
