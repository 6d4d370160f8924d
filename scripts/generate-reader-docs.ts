/**
 * `npm run readers:docs`: regenerates the reader compatibility page (docs/readers.md,
 * public/readers.html) and the app's reader data (src/reader/compatibility/generated/
 * known-readers.ts) from corpus/ccid-readers/. `--check` exits 1 when a committed file differs.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateReaderDocs } from '../src/reader/compatibility/reader-docs.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const READER_DOCS_OUTPUTS = {
  markdown: 'docs/readers.md',
  html: 'public/readers.html',
  knownReaders: 'src/reader/compatibility/generated/known-readers.ts',
} as const;

export async function readCorpus(): Promise<Map<string, string>> {
  const dir = join(root, 'corpus/ccid-readers');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')] as const)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const docs = generateReaderDocs(await readCorpus());
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [key, path] of Object.entries(READER_DOCS_OUTPUTS) as [keyof typeof READER_DOCS_OUTPUTS, string][]) {
    const target = join(root, path);
    if (check) {
      const current = await readFile(target, 'utf8').catch(() => '');
      if (current !== docs[key]) {
        stale++;
        console.error(`${path} is out of date: run npm run readers:docs`);
      }
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, docs[key]);
    console.log(`wrote ${path}`);
  }
  process.exitCode = stale === 0 ? 0 : 1;
}
