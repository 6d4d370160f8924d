/**
 * The browser half of `npm run bench:crl`: the system Chromium, headless, drives the revocation
 * worker through the harness page (tests/e2e/harness): the CRL is fetched as a stream,
 * verified, parsed, indexed and stored in IndexedDB in the worker; then lookups warm (memory)
 * and cold (IndexedDB, and the first one after a reload).
 */
import { chromium } from '@playwright/test';
import { basename, dirname } from 'node:path';
import { chromiumLaunchOptions } from '../../scripts/chromium.ts';
import { bytesToBase64, bytesToHex } from '../../src/protocol/encoding.ts';
import { EntrySequence, type GeneratedCrlOptions } from '../../tests/support/crl-generator.ts';
import { buildHarness, removeHarness, serveHarness } from '../../tests/support/revocation-harness-server.ts';

export interface ChromiumResult {
  browser: string;
  rows: [string, string][];
}

const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? Number.NaN;

export async function runChromiumBenchmark(options: { crlPath: string; caDer: Uint8Array; entries: GeneratedCrlOptions }): Promise<ChromiumResult> {
  const site = await buildHarness();
  const server = await serveHarness(site, dirname(options.crlPath));
  const browser = await chromium.launch(chromiumLaunchOptions());
  const rows: [string, string][] = [];
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const anchors = [bytesToBase64(options.caDer)];
    const url = server.fileUrl(basename(options.crlPath));
    const imports = [];
    const kinds = [
      { fromFile: true, what: 'file (Blob) → worker' },
      { fromFile: false, what: 'network stream → worker' },
      { fromFile: true, what: 'file (Blob) → worker, again' },
    ];
    for (const kind of kinds) {
      const result = await page.evaluate(([u, a, f]) => window.revocationHarness.importFromUrl(u, { anchorsBase64: a, fromFile: f }), [url, anchors, kind.fromFile] as [string, string[], boolean]);
      if (!result.ok) throw new Error(`import failed: ${result.message}`);
      imports.push(result);
      const summary = result.summary as { parseMs: number; storeMs: number; entryCount: number };
      rows.push([
        `import from ${kind.what}: verified, indexed, stored in IndexedDB`,
        `**${Math.round(result.ms)} ms** (verify + parse + index ${Math.round(summary.parseMs)} ms, store ${Math.round(summary.storeMs)} ms; longest page frame gap ${Math.round(result.longestFrameGapMs)} ms; ${result.progress.length} progress events)`,
      ]);
    }
    const keyId = (imports[0]?.summary as { issuerKeyId: string }).issuerKeyId;

    const sequence = new EntrySequence(options.entries);
    const present: string[] = [];
    for (let i = 0; i < options.entries.entries && present.length < 1000; i++) {
      const entry = sequence.next();
      if (i % Math.max(1, Math.floor(options.entries.entries / 1000)) === 0) present.push(bytesToHex(entry.serial));
    }
    const absent = present.map((s) => `7f${s.slice(2)}`);
    const warm = await page.evaluate(([k, s]) => window.revocationHarness.timeWarmLookups(k, s, 20), [keyId, [...present, ...absent]] as [string, string[]]);
    rows.push(['warm lookup (memory cache, as a check-in does it), 2,000 serials × 20', `${warm.microsPerLookup.toFixed(2)} µs each (${warm.found} found per round)`]);

    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const firstStarted = Date.now();
    const first = await page.evaluate(([k, s]) => window.revocationHarness.lookup(k, s, true), [keyId, present[7] ?? ''] as const);
    rows.push(['first lookup after a reload (new worker, opens IndexedDB), seen from the page', `${Date.now() - firstStarted} ms (${first ? 'found' : 'NOT FOUND'})`]);
    const serials = [...present.slice(0, 200), ...absent.slice(0, 200)];
    for (const withManifest of [false, true]) {
      const cold = await page.evaluate(([k, s, m]) => window.revocationHarness.timeColdLookups(k, s, m), [keyId, serials, withManifest] as [string, string[], boolean]);
      const what = withManifest ? 'manifest and shard both read from IndexedDB' : 'shard read from IndexedDB, manifest in memory';
      rows.push([`cold lookup, ${what} (400 serials)`, `median ${percentile(cold, 0.5).toFixed(2)} ms, p95 ${percentile(cold, 0.95).toFixed(2)} ms, max ${Math.max(...cold).toFixed(2)} ms`]);
    }
    return { browser: `Chromium ${browser.version()}`, rows };
  } finally {
    await browser.close();
    await server.close();
    removeHarness(site);
  }
}
