/**
 * One feature's words in both languages. The Japanese text defines the keys; the English object
 * must have exactly the same keys, so a missing translation is a type error.
 */
export interface MessageSet<K extends string> {
  ja: Record<K, string>;
  en: Record<K, string>;
}

export function defineMessages<const J extends Record<string, string>>(ja: J, en: Record<keyof J, string>): MessageSet<keyof J & string> {
  return { ja, en };
}
