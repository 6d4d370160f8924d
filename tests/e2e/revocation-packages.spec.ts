/**
 * Revocation packages applied in the real revocation worker in Chromium: a snapshot, then a
 * delta, verified against the pinned publishing key and stored in IndexedDB in one transaction;
 * an altered package and one of another key are refused with their codes and change nothing.
 * The packages are made in Node by the server's own code from training CRLs.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackage } from '../../server/revocation/package-builder.ts';
import { ephemeralPublishingKey } from '../../server/revocation/publishing-key.ts';
import { trainingResident } from '../../src/card/training/committed-data.ts';
import { bytesToBase64 } from '../../src/protocol/encoding.ts';
import { deltaParts, diffIndexes, ingestCrl, snapshotParts } from '../../src/revocation/index.ts';
import { buildHarness, removeHarness, serveHarness, type HarnessServer } from '../support/revocation-harness-server.ts';
import { allBut, REVOKED_RESIDENT, trainingAuthority, trainingUserAuthCrl } from '../support/training-revocation.ts';

test.describe.configure({ mode: 'serial' });

let dir: string;
let site: string;
let server: HarnessServer;
let pinnedKey: string;
let anchors: string[];
const AT = '2026-11-20T12:00:00.000Z';

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(join(tmpdir(), 'shelterkey-packages-'));
  const authority = await trainingAuthority();
  const trustStore = authority.trustStore();
  anchors = [bytesToBase64(authority.ca('user-authentication', '2023').der)];
  const v1 = await ingestCrl(
    await trainingUserAuthCrl(authority, { crlNumber: 100n, thisUpdate: new Date('2026-11-18T00:00:00Z'), residents: allBut(REVOKED_RESIDENT), filler: 3000 }),
    { trustStore },
  );
  const v2 = await ingestCrl(await trainingUserAuthCrl(authority, { crlNumber: 101n, thisUpdate: new Date('2026-11-19T00:00:00Z'), filler: 3000, fillerReleased: [1, 2] }), { trustStore });
  const key = ephemeralPublishingKey();
  pinnedKey = bytesToBase64(key.publicKey);
  const issuerKeyId = v1.index.manifest.issuerKeyId;
  const createdAt = new Date();
  const snapshot = buildPackage(key, { kind: 'snapshot', issuerKeyId, version: 1, fromVersion: 0, createdAt }, snapshotParts(v1.index));
  const delta = buildPackage(key, { kind: 'delta', issuerKeyId, version: 2, fromVersion: 1, createdAt }, deltaParts(v1.index.manifest, v2.index.manifest, diffIndexes(v1.index, v2.index) ?? []));
  const tampered = delta.slice();
  tampered[tampered.length - 7] ^= 0x01;
  const otherKey = buildPackage(ephemeralPublishingKey(), { kind: 'snapshot', issuerKeyId, version: 5, fromVersion: 0, createdAt }, snapshotParts(v2.index));
  writeFileSync(join(dir, 'snapshot-1.skrp'), snapshot);
  writeFileSync(join(dir, 'delta-1-2.skrp'), delta);
  writeFileSync(join(dir, 'delta-tampered.skrp'), tampered);
  writeFileSync(join(dir, 'other-key.skrp'), otherKey);
  site = await buildHarness();
  server = await serveHarness(site, dir);
});

test.afterAll(async () => {
  await server?.close();
  if (site) removeHarness(site);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const certificate = trainingResident(REVOKED_RESIDENT).userAuth.certificate;

test('applies a snapshot and then a delta in the worker, and answers from them after a reload', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await page.evaluate((k) => window.revocationHarness.pinPublishingKey(k), pinnedKey);
  await page.evaluate((a) => window.revocationHarness.setAnchors(a), anchors);

  const first = await page.evaluate((url) => window.revocationHarness.applyPackageFromUrl(url), server.fileUrl('snapshot-1.skrp'));
  expect(first).toMatchObject({ ok: true, applied: { kind: 'snapshot', version: 1, applied: true, crlNumber: '100', entryCount: 3000 } });
  expect(await page.evaluate(([c, t]) => window.revocationHarness.validate(c, t), [certificate, AT] as const)).toMatchObject({ status: 'valid', crl: { crlNumber: '100' } });

  const second = await page.evaluate((url) => window.revocationHarness.applyPackageFromUrl(url), server.fileUrl('delta-1-2.skrp'));
  expect(second).toMatchObject({ ok: true, applied: { kind: 'delta', version: 2, applied: true, crlNumber: '101', entryCount: 2999 } });

  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await page.evaluate((a) => window.revocationHarness.setAnchors(a), anchors);
  expect(await page.evaluate(([c, t]) => window.revocationHarness.validate(c, t), [certificate, AT] as const)).toMatchObject({
    status: 'revoked',
    reason: 'certificateHold',
    crl: { crlNumber: '101' },
  });
  const [held] = await page.evaluate(() => window.revocationHarness.list());
  expect(held).toMatchObject({ crlNumber: '101', packageVersion: 2, entryCount: 2999 });
  expect(new Date((held as { thisUpdate: Date }).thisUpdate).toISOString()).toBe('2026-11-19T00:00:00.000Z');
});

test('refuses an altered package and one of another key, changing nothing', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await page.evaluate((k) => window.revocationHarness.pinPublishingKey(k), pinnedKey);
  expect(await page.evaluate((url) => window.revocationHarness.applyPackageFromUrl(url), server.fileUrl('snapshot-1.skrp'))).toMatchObject({ ok: true });
  const before = await page.evaluate(() => window.revocationHarness.list());

  expect(await page.evaluate((url) => window.revocationHarness.applyPackageFromUrl(url), server.fileUrl('delta-tampered.skrp'))).toMatchObject({
    ok: false,
    code: 'revocation_package_signature_invalid',
  });
  expect(await page.evaluate((url) => window.revocationHarness.applyPackageFromUrl(url), server.fileUrl('other-key.skrp'))).toMatchObject({
    ok: false,
    code: 'revocation_package_wrong_key',
  });
  expect(await page.evaluate(() => window.revocationHarness.list())).toEqual(before);
  expect(await page.evaluate((url) => window.revocationHarness.applyPackageFromUrl(url), server.fileUrl('delta-1-2.skrp'))).toMatchObject({ ok: true, applied: { version: 2 } });
});
