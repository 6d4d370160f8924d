/**
 * The whole revocation loop through the app and a real server (training mode): a coordinator
 * imports a CRL in the coordinator view; a tablet that accepted a card while offline syncs,
 * receives the list (verified and applied in its worker), and the server's re-check turns that
 * check-in into an alert the coordinator sees.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { validationEvent, allBut, REVOKED_RESIDENT, trainingAuthority, trainingUserAuthCrl } from '../support/training-revocation.ts';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

test.use({ serverMode: 'training' });

/** The row of the device's revocation panel for the list with CRL number `crlNumber`. */
const heldList = (page: Page, crlNumber: string) => page.getByTestId('revocation-lists').getByRole('row').filter({ hasText: `Number ${crlNumber}` });

test('a CRL imported by a coordinator reaches the tablet and turns an offline check-in into an alert', async ({ page, shelterServer, request }) => {
  const adminToken = readFileSync(join(shelterServer.dataDir, 'admin-token'), 'utf8').trim();
  const authority = await trainingAuthority();
  const now = Date.now();
  const older = join(shelterServer.dataDir, 'auth-older.crl');
  const newer = join(shelterServer.dataDir, 'auth.crl');
  writeFileSync(older, await trainingUserAuthCrl(authority, { crlNumber: 700n, thisUpdate: new Date(now - 2 * 86_400_000), residents: allBut(REVOKED_RESIDENT), filler: 200 }));
  writeFileSync(newer, await trainingUserAuthCrl(authority, { crlNumber: 701n, thisUpdate: new Date(now - 3600_000), filler: 200 }));

  // The coordinator sets up the shelter, and imports the first list.
  await page.goto('/coordinator?lang=en');
  await page.getByLabel('Administrator token').fill(adminToken);
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByLabel('Shelter name').fill('第二中学校');
  await page.getByRole('button', { name: 'Add' }).click();
  await page.getByLabel('Revocation list file (DER or PEM)').setInputFiles(older);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('crl-outcome')).toHaveText(/Imported: number 700, 200 entries \(version 1\)/);
  await expect(page.getByTestId('server-crls')).toContainText('JPKI TRAINING');
  const card = page.getByRole('article', { name: '第二中学校' });
  await card.getByRole('button', { name: 'New enrollment code' }).click();
  const code = (await card.getByTestId('enrollment-code').textContent())?.trim() ?? '';

  // The tablet enrolls and receives the list.
  await page.getByRole('navigation').getByRole('link', { name: 'Device and sync' }).click();
  await page.getByLabel('Enrollment code').fill(code);
  await page.getByLabel('Name of this device').fill('受付タブレット2');
  await page.getByRole('button', { name: 'Enroll' }).click();
  await expect(page.getByTestId('sync-state')).toHaveText(/Up to date/);
  await expect(heldList(page, '700')).toContainText('JPKI TRAINING');
  await expect(heldList(page, '700').getByRole('cell').first()).toHaveText('200');

  // Offline, staff accept R07's card: the tablet's list (700) does not name it.
  const shelterId = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('shelterkey');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const value = await new Promise<{ id: string }>((resolve) => {
      const get = db.transaction('settings').objectStore('settings').get('shelter');
      get.onsuccess = () => resolve((get.result as { value: { id: string } }).value);
    });
    db.close();
    return value.id;
  });
  const checkIn = validationEvent(shelterId, REVOKED_RESIDENT, new Date(now - 600_000), 1);
  checkIn.id = uuidv7();
  await page.context().setOffline(true);
  await page.evaluate(async (event) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('shelterkey');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['events', 'settings'], 'readwrite');
      tx.objectStore('events').put({ id: event.id, syncState: 'pending', sequence: 1, residentId: undefined, type: event.type, occurredAt: event.occurredAt, event });
      tx.objectStore('settings').put({ key: 'nextSequence', value: 2 });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, checkIn);

  // Meanwhile the coordinators import the newer list, which names R07 (on hold since 2026-11-02).
  const imported = await request.post('/api/v1/admin/crls', { headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/pkix-crl' }, data: readFileSync(newer) });
  expect(imported.status()).toBe(201);
  expect(await imported.json()).toMatchObject({ version: 2, crlNumber: '701', deltaPublished: true });

  // Back online: the check-in goes out, the re-check raises the alert, the delta comes in.
  await page.context().setOffline(false);
  await page.reload();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('outbox-count')).toHaveText('0');
  await expect(heldList(page, '701')).toContainText('JPKI TRAINING');
  await expect(heldList(page, '701').getByRole('cell').first()).toHaveText('201');
  await expect(page.getByTestId('shelter-alerts').getByRole('heading')).toHaveText(/1 card was already revoked when it was accepted/);

  await page.getByRole('navigation').getByRole('link', { name: 'Coordinators' }).click();
  const shelter = page.getByRole('article', { name: '第二中学校' });
  await shelter.getByRole('button', { name: 'Show check-ins to check' }).click();
  const alerts = shelter.getByTestId('alerts');
  await expect(alerts).toContainText('受付タブレット2');
  await expect(alerts).toContainText('the card was reported lost (temporarily suspended)');

  // The coordinator view with its lists and alerts, and the sync panel, stay accessible.
  for (const view of [undefined, 'Device and sync'] as const) {
    if (view) await page.getByRole('navigation').getByRole('link', { name: view }).click();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  }
});
