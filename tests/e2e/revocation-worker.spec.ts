/**
 * The revocation worker in real Chromium: a CRL streamed from the network into the comlink
 * worker, verified, indexed and stored in IndexedDB as binary shards, with progress events and
 * cancellation; verdicts answered from IndexedDB after a reload.
 */
import { expect, test } from '@playwright/test';
import { createPrivateKey } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { bytesToBase64, bytesToHex } from '../../src/protocol/encoding.ts';
import { EntrySequence, generateCrl, type GeneratedCrlOptions } from '../support/crl-generator.ts';
import { OpenSslWorkspace, type Issued } from '../support/openssl.ts';
import { buildHarness, removeHarness, serveHarness, type HarnessServer } from '../support/revocation-harness-server.ts';

const DN = '/C=JP/O=JPKI/OU=JPKI for user authentication/OU=Japan Agency for Local Authority Information Systems';
test.describe.configure({ mode: 'serial' });

let ws: OpenSslWorkspace;
let site: string;
let server: HarnessServer;
let ca: Issued;
let anchors: string[];
let revokedLeaf: string;
let validLeaf: string;
let options: GeneratedCrlOptions;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  ws = new OpenSslWorkspace();
  ca = ws.selfSignedCa({ subject: DN, serial: '5' });
  const caCert = parseCertificate(ca.der);
  anchors = [bytesToBase64(ca.der)];
  const now = new Date();
  options = {
    entries: 20_000,
    issuerName: caCert.subject.der,
    issuerKeyId: caCert.subjectKeyIdentifier ?? new Uint8Array(20),
    key: createPrivateKey(readFileSync(ca.keyPath)),
    thisUpdate: new Date(now.getTime() - 60_000),
    nextUpdate: new Date(now.getTime() + 86_400_000),
    crlNumber: 7,
  };
  await generateCrl(join(ws.dir, 'small.crl'), options);
  await generateCrl(join(ws.dir, 'large.crl'), { ...options, entries: 300_000 });
  const tampered = readFileSync(join(ws.dir, 'small.crl'));
  tampered[tampered.length - 300] ^= 0x01;
  writeFileSync(join(ws.dir, 'tampered.crl'), tampered);
  copyFileSync(join(ws.dir, 'small.crl'), join(ws.dir, 'copy.crl'));

  const sequence = new EntrySequence(options);
  for (let i = 0; i < 3; i++) sequence.next();
  const fourth = sequence.next();
  const leafExtensions = ['basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', 'authorityKeyIdentifier = keyid:always'];
  revokedLeaf = bytesToBase64(ws.issue(ca, { subject: '/CN=revoked', serial: `0x${bytesToHex(fourth.serial)}`, extensions: leafExtensions }).der);
  validLeaf = bytesToBase64(ws.issue(ca, { subject: '/CN=valid', serial: '0x0FEDCBA9', extensions: leafExtensions }).der);

  site = await buildHarness();
  server = await serveHarness(site, ws.dir);
});

test.afterAll(async () => {
  await server?.close();
  if (site) removeHarness(site);
  ws?.dispose();
});

test('imports a CRL in the worker with progress, stores shards, and answers verdicts after a reload', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const result = await page.evaluate(([url, a]) => window.revocationHarness.importFromUrl(url, { anchorsBase64: a }), [server.fileUrl('small.crl'), anchors] as const);
  expect(result.message).toBeUndefined();
  expect(result.ok).toBe(true);
  expect(result.summary).toMatchObject({ entryCount: 20_000, crlNumber: '7', delta: false });
  expect(result.progress.at(-1)).toMatchObject({ entries: 20_000 });
  const bytes = result.progress.map((p) => p.bytes);
  expect(bytes).toEqual([...bytes].sort((x, y) => x - y));

  // Stored as a handful of binary shards, not one row per entry.
  const rows = await page.evaluate(
    () =>
      new Promise<{ version: number; manifests: number; shards: number; firstShardBytes: number }>((resolve, reject) => {
        const open = indexedDB.open('shelterkey');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['revocationManifests', 'revocationShards']);
          const manifests = tx.objectStore('revocationManifests').count();
          const shards = tx.objectStore('revocationShards').getAll();
          tx.oncomplete = () =>
            resolve({ version: db.version, manifests: manifests.result, shards: shards.result.length, firstShardBytes: (shards.result[0] as { bytes: Uint8Array }).bytes.byteLength });
        };
      }),
  );
  expect(rows.manifests).toBe(1);
  expect(rows.shards).toBeGreaterThanOrEqual(1);
  expect(rows.shards).toBeLessThanOrEqual(16);
  expect(rows.firstShardBytes).toBeGreaterThan(1000);

  const at = new Date(Date.now() + 30_000).toISOString();
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await page.evaluate((a) => window.revocationHarness.setAnchors(a), anchors);
  expect(await page.evaluate(([c, t]) => window.revocationHarness.validate(c, t), [revokedLeaf, at] as const)).toMatchObject({ status: 'revoked', reason: 'superseded', meaning: { ja: '証明書の更新（新しい証明書があります）' } });
  expect(await page.evaluate(([c, t]) => window.revocationHarness.validate(c, t), [validLeaf, at] as const)).toMatchObject({ status: 'valid', crl: { crlNumber: '7' } });
  const list = await page.evaluate(() => window.revocationHarness.list());
  expect(list).toHaveLength(1);
  expect(list[0]).toMatchObject({ entryCount: 20_000, crlNumber: '7' });
});

// How long the page's frames stall during an import is a benchmark figure (bench/crl/chromium.ts),
// not an assertion here: this machine's load decides it, not the code.
test('cancels an import on request, keeping the stored index', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const first = await page.evaluate(([url, a]) => window.revocationHarness.importFromUrl(url, { anchorsBase64: a }), [server.fileUrl('copy.crl'), anchors] as const);
  expect(first.ok).toBe(true);
  // The network stops after 2 MB; the import waits for more and is cancelled while it waits.
  const cancelled = await page.evaluate(
    ([url, a]) => window.revocationHarness.importFromUrl(url, { anchorsBase64: a, stallAfterBytes: 2_000_000, abortAfterMs: 1500 }),
    [server.fileUrl('large.crl'), anchors] as const,
  );
  expect(cancelled).toMatchObject({ ok: false, code: 'crl_ingest_cancelled' });
  expect(cancelled.progress.at(-1)?.bytes ?? 0).toBeLessThanOrEqual(2_000_000);
  const list = await page.evaluate(() => window.revocationHarness.list());
  expect(list[0]).toMatchObject({ entryCount: 20_000 });
});

test('refuses a tampered CRL with its error code', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const result = await page.evaluate(([url, a]) => window.revocationHarness.importFromUrl(url, { anchorsBase64: a }), [server.fileUrl('tampered.crl'), anchors] as const);
  expect(result).toMatchObject({ ok: false, code: 'crl_signature_invalid' });
});
