/**
 * The revocation data panel offline: the lists the device holds (issuer, entries, dates), and a
 * raw CRL file picked from local storage imported through the worker; a tampered file is refused
 * and changes nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTrainingCrl, trainingAuthority, TRAINING_RESIDENTS } from '../../src/card/index.ts';
import { expect, test } from './fixtures.ts';
import { expectAccessible, startTrainingOffline } from './training-desk.ts';

const ISSUER = 'JPKI TRAINING user-authentication CA (2023)';

test('lists the training CRLs and imports a CRL file picked on the device; a tampered one is refused', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'shelterkey-crl-'));
  try {
    await startTrainingOffline(page, 'en');
    await page.getByRole('navigation').getByRole('link', { name: 'Device and sync' }).click();
    const lists = page.getByTestId('revocation-lists');
    const row = lists.getByRole('row').filter({ hasText: ISSUER });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('cell').first()).toHaveText(/^\d+$/);
    await expect(lists.getByRole('row').filter({ hasText: 'JPKI TRAINING digital-signature CA (2023)' })).toHaveCount(1);
    await expectAccessible(page, 'status');
    const numberOf = async (): Promise<bigint> => BigInt(/Number (\d+)/.exec((await row.getByRole('rowheader').textContent()) ?? '')?.[1] ?? '0');
    const before = await numberOf();
    expect(before).toBeGreaterThan(0n);

    // A newer list of the same CA, as a file received out of band.
    const der = await createTrainingCrl(await trainingAuthority(), {
      kind: 'user-authentication',
      generation: '2023',
      residents: TRAINING_RESIDENTS,
      thisUpdate: new Date(Math.floor(Date.now() / 1000) * 1000 + 5_000),
    });
    writeFileSync(join(dir, 'auth-2023.crl'), der);
    const tampered = Uint8Array.from(der);
    tampered[tampered.length - 20] = (tampered[tampered.length - 20] ?? 0) ^ 0x01;
    writeFileSync(join(dir, 'tampered.crl'), tampered);

    const picker = page.getByLabel('Import a CRL file');
    await picker.setInputFiles(join(dir, 'tampered.crl'));
    await expect(page.getByTestId('crl-import-outcome')).toHaveText(/^Could not import: /);
    await picker.setInputFiles(join(dir, 'auth-2023.crl'));
    await expect(page.getByTestId('crl-import-outcome')).toHaveText(new RegExp(`^Imported: ${ISSUER.replace(/[()]/g, '\\$&')}, \\d+ entries$`));
    await expect.poll(numberOf).toBeGreaterThan(before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ja: with no revocation lists the panel says checks answer Unknown', async ({ page }) => {
  await page.goto('/?lang=ja');
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null);
  await page.context().setOffline(true);
  await page.getByLabel('2. 避難所の名前').fill('第二中学校');
  await page.getByRole('button', { name: '受付を始める' }).click();
  await expect(page.getByRole('heading', { name: 'カードリーダー' })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: '端末と同期' }).click();
  await expect(page.getByTestId('revocation-none')).toHaveText(/未確認/);
  await expectAccessible(page, 'status without lists');
});
