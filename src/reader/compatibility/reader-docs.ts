/**
 * Everything `npm run readers:docs` writes, as text, from the corpus files' contents: the
 * compatibility page in Markdown and HTML, and the data the app carries (the picker's
 * vendor-class readers, each known reader's best path). Pure, so a test can check the
 * committed files against it.
 */
import { parseDescriptorFile } from '../virtual/descriptor-file.ts';
import { compatibilityRows, parseSupportedReaders, vendorClassReaders, type CompatibilityRow } from './compatibility-table.ts';
import type { AppPath } from './assess-reader.ts';
import { GENERATED_NOTE, renderHtml, renderMarkdown } from './render-compatibility.ts';

export interface ReaderDocs {
  markdown: string;
  html: string;
  knownReaders: string;
}

export function generateReaderDocs(corpus: ReadonlyMap<string, string>): ReaderDocs {
  const libccid = parseSupportedReaders(corpus.get('supported_readers.txt') ?? '');
  const files = [...corpus]
    .filter(([name]) => name.endsWith('.txt') && name !== 'supported_readers.txt')
    .map(([name, text]) => parseDescriptorFile(name, text));
  const rows = compatibilityRows(files, libccid);
  return { markdown: renderMarkdown(rows), html: renderHtml(rows), knownReaders: renderKnownReaders(rows) };
}

function renderKnownReaders(rows: readonly CompatibilityRow[]): string {
  const best = new Map<string, AppPath>();
  const rank: Readonly<Record<AppPath, number>> = { pwa: 3, iwa: 2, 'iwa-smart-card': 1, none: 0 };
  for (const row of rows) {
    const current = best.get(row.vidPid);
    if (current === undefined || rank[row.readerPath] > rank[current]) best.set(row.vidPid, row.readerPath);
  }
  const vendor = vendorClassReaders(rows);
  const hex = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;
  return [
    `// ${GENERATED_NOTE}`,
    "import type { AppPath } from '../assess-reader.ts';",
    '',
    '/** Readers whose CCID interface is vendor-class (0xFF) and reads a My Number Card from a plain page: the picker names them. */',
    'export const VENDOR_CLASS_READERS: readonly { vendorId: number; productId: number; name: string }[] = [',
    ...vendor.map((r) => `  { vendorId: ${hex(r.vendorId)}, productId: ${hex(r.productId)}, name: ${JSON.stringify(r.name)} },`),
    '];',
    '',
    '/** Each reader of the corpus (VID:PID) and the best way the product reaches it. */',
    'export const KNOWN_READERS: Readonly<Record<string, AppPath>> = {',
    ...[...best].sort(([a], [b]) => a.localeCompare(b)).map(([vidPid, path]) => `  '${vidPid}': '${path}',`),
    '};',
    '',
  ].join('\n');
}
