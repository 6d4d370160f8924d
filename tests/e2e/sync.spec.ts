import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulateEvents } from '../../server/sim/event-generator.ts';
import { expect, test } from './fixtures.ts';

test('a coordinator enrolls a tablet, and the tablet sends its whole outbox once', async ({ page, shelterServer, request }) => {
  const adminToken = readFileSync(join(shelterServer.dataDir, 'admin-token'), 'utf8').trim();

  // The coordinator adds a shelter and issues a code.
  await page.goto('/coordinator?lang=en');
  await page.getByLabel('Administrator token').fill(adminToken);
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByLabel('Shelter name').fill('第一小学校 体育館');
  await page.getByRole('button', { name: 'Add' }).click();
  const card = page.getByRole('article', { name: '第一小学校 体育館' });
  await card.getByRole('button', { name: 'New enrollment code' }).click();
  const code = (await card.getByTestId('enrollment-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  // The tablet enrolls with it.
  await page.getByRole('navigation').getByRole('link', { name: 'Device and sync' }).click();
  await expect(page.getByTestId('sync-state')).toHaveText(/not enrolled/);
  await page.getByLabel('Enrollment code').fill(code.toLowerCase());
  await page.getByLabel('Name of this device').fill('受付タブレット1');
  await page.getByRole('button', { name: 'Enroll' }).click();
  await expect(page.getByText('Enrolled: 第一小学校 体育館')).toBeVisible();
  await expect(page.getByTestId('shelter-name')).toHaveText('第一小学校 体育館');
  await expect(page.getByTestId('sync-state')).toHaveText(/Up to date/);

  // 1,204 records waiting in the outbox (as after a long outage) survive a reload…
  const shelters = (await (await request.get('/api/v1/admin/shelters', { headers: { authorization: `Bearer ${adminToken}` } })).json()) as { shelters: { id: string }[] };
  const shelterId = shelters.shelters[0]?.id ?? '';
  const events = simulateEvents({ shelterId, count: 1204, start: new Date(Date.now() - 3600_000) });
  await page.evaluate(async (rows) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('shelterkey');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['events', 'settings'], 'readwrite');
      for (const event of rows) {
        const residentId = (event.payload as { residentId?: string }).residentId;
        tx.objectStore('events').put({ id: event.id, syncState: 'pending', sequence: event.sequence, residentId, type: event.type, occurredAt: event.occurredAt, event });
      }
      tx.objectStore('settings').put({ key: 'nextSequence', value: rows.length + 1 });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, events);
  await page.context().setOffline(true);
  await page.reload();
  await expect(page.getByTestId('outbox-count')).toHaveText('1,204');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-state')).toHaveText(/Offline/);

  // …and go out once the network is back.
  await page.context().setOffline(false);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('outbox-count')).toHaveText('0', { timeout: 30_000 });
  await expect(page.getByTestId('sync-state')).toHaveText(/Up to date/);
  await expect(page.getByTestId('last-synced')).not.toHaveText('Not synced yet');

  // The coordinator downloads the registry.
  await page.getByRole('navigation').getByRole('link', { name: 'Coordinators' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('article', { name: '第一小学校 体育館' }).getByRole('button', { name: 'Download the registry (CSV)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('第一小学校 体育館.csv');
  const csv = readFileSync((await download.path()) ?? '', 'utf8');
  expect(csv.startsWith('\uFEFF氏名 name')).toBe(true);
  const registered = events.filter((e) => e.type === 'resident.registered').length;
  expect(csv.trim().split('\r\n')).toHaveLength(registered + 1);

  const summary = await (await request.get(`/api/v1/admin/shelters/${shelterId}/summary`, { headers: { authorization: `Bearer ${adminToken}` } })).json();
  expect(summary.events).toBe(1204);
  expect(summary.devices).toBe(1);
});

test('the coordinator view refuses a wrong token and says why', async ({ page }) => {
  await page.goto('/coordinator?lang=en');
  await page.getByLabel('Administrator token').fill('not-the-token');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('alert')).toHaveText(/token is missing, unknown or revoked/);
});
