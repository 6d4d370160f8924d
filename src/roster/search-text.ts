/**
 * Text folding for name and address search, so that what staff type finds what is stored:
 * full-width and half-width forms are the same (NFKC), katakana matches hiragana, case and
 * spaces (including the ideographic space between family and given names) are ignored.
 */

const KATAKANA_START = 0x30a1;
const KATAKANA_END = 0x30f6;
const KANA_OFFSET = 0x60;

export function foldForSearch(text: string): string {
  let folded = '';
  for (const char of text.normalize('NFKC').toLowerCase()) {
    const code = char.codePointAt(0) ?? 0;
    if (/\s/u.test(char)) continue;
    folded += code >= KATAKANA_START && code <= KATAKANA_END ? String.fromCodePoint(code - KANA_OFFSET) : char;
  }
  return folded;
}

/** True when every word of the query occurs in one of the fields. */
export function matchesQuery(query: string, fields: readonly (string | undefined)[]): boolean {
  const haystack = fields.filter((f): f is string => f !== undefined).map(foldForSearch);
  const words = query
    .normalize('NFKC')
    .split(/\s+/u)
    .map(foldForSearch)
    .filter((w) => w !== '');
  return words.every((word) => haystack.some((field) => field.includes(word)));
}
