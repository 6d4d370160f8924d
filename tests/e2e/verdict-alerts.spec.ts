/**
 * A card revoked before it was accepted, known only once J-LIS lists it: the tablet checks two
 * training cards in offline while the server holds no list, syncs, then the coordinators import
 * a list naming both. The next sync brings the changed verdicts (the shelter's verdict feed), and
 * the tablet's alert list names the resident, says what the reason means and what to do; one
 * alert acknowledged leaves the list, also after a reload, and the coordinators' open alerts;
 * they acknowledge the other in their view.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainingAuthority, trainingUserAuthCrl } from '../support/training-revocation.ts';
import { expect, test } from './fixtures.ts';
import { expectAccessible, placeCard, R01, R02, startTrainingOffline } from './training-desk.ts';

test.use({ serverMode: 'training' });

/** certificateHold: the card was reported lost. */
const CERTIFICATE_HOLD = 6;

test('a list arriving after the check-in turns it into an alert the tablet lists by name; acknowledged, it stays so', async ({ page, shelterServer, request }) => {
  const adminToken = readFileSync(join(shelterServer.dataDir, 'admin-token'), 'utf8').trim();
  const admin = { authorization: `Bearer ${adminToken}` };
  const shelter = (await (await request.post('/api/v1/admin/shelters', { headers: admin, data: { name: '中央小学校 体育館' } })).json()) as { id: string };
  const { code } = (await (await request.post(`/api/v1/admin/shelters/${shelter.id}/enrollment-codes`, { headers: admin })).json()) as { code: string };

  // Offline, R01 registers with their card and checks in; R02's card is read too.
  await startTrainingOffline(page, 'en');
  await placeCard(page, 'en', R01);
  await expect(page.getByTestId('verdict')).toHaveText('Valid');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByRole('button', { name: 'Use PIN' }).click();
  await page.getByLabel('PIN (4 digits)').fill('1234');
  await page.getByRole('button', { name: 'Read', exact: true }).click();
  await expect(page.getByTestId('card-name')).toHaveText(R01);
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  await expect(page.getByTestId('checkin-outcome')).toHaveText('Checked in');
  await page.getByRole('button', { name: 'Remove card' }).click();
  await placeCard(page, 'en', R02);
  await expect(page.getByTestId('verdict')).toHaveText('Valid');

  // Back online, the tablet enrolls and sends everything; the server has no list yet.
  await page.context().setOffline(false);
  await page.getByRole('navigation').getByRole('link', { name: 'Device and sync' }).click();
  await page.getByLabel('Enrollment code').fill(code);
  await page.getByLabel('Name of this device').fill('受付タブレット1');
  await page.getByRole('button', { name: 'Enroll' }).click();
  await expect(page.getByTestId('sync-state')).toHaveText(/Up to date/);
  await expect(page.getByTestId('outbox-count')).toHaveText('0');
  await expect(page.getByTestId('shelter-alerts')).toHaveCount(0);

  // Both cards were reported lost the day before; the list saying so reaches the server now.
  const now = Date.now();
  const revokedAt = new Date(now - 86_400_000);
  const list = await trainingUserAuthCrl(await trainingAuthority(), {
    crlNumber: 900n,
    thisUpdate: new Date(now),
    alsoRevoked: ['R01', 'R02'].map((residentId) => ({ residentId, revokedAt, reasonCode: CERTIFICATE_HOLD })),
  });
  const imported = await request.post('/api/v1/admin/crls', { headers: { ...admin, 'content-type': 'application/pkix-crl' }, data: Buffer.from(list) });
  expect(imported.status()).toBe(201);
  expect(await imported.json()).toMatchObject({ rechecked: 2, newAlerts: 2 });

  await page.getByRole('button', { name: 'Sync now' }).click();
  const alerts = page.getByTestId('shelter-alerts');
  await expect(alerts.getByRole('heading')).toHaveText('Check: 2 cards were already revoked when they were accepted');
  const hanako = alerts.getByTestId('shelter-alert').filter({ hasText: R01 });
  await expect(hanako).toContainText('the card was reported lost (temporarily suspended)');
  await expect(hanako).toContainText('ask for another form of ID');
  // R02 never registered: the card alone is known.
  await expect(alerts.getByTestId('shelter-alert').filter({ hasText: 'A resident not registered on this device' })).toHaveCount(1);
  await expectAccessible(page, 'sync panel with alerts');

  // The resident's page shows it too.
  await page.getByRole('navigation').getByRole('link', { name: 'Roster' }).click();
  await page.getByRole('link', { name: R01 }).click();
  await expect(page.getByTestId('shelter-alerts')).toContainText('the card was reported lost (temporarily suspended)');
  await expectAccessible(page, 'resident page with an alert');

  await page.getByRole('navigation').getByRole('link', { name: 'Device and sync' }).click();
  await hanako.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(page.getByText(`Marked as handled: ${R01}`)).toBeVisible();
  await expect(alerts.getByRole('heading')).toHaveText('Check: 1 card was already revoked when it was accepted');
  await expect(alerts.getByRole('button', { name: 'Acknowledge' })).toBeFocused();
  await expect(hanako).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId('sync-state')).toHaveText(/Up to date/);
  await expect(alerts.getByRole('heading')).toHaveText('Check: 1 card was already revoked when it was accepted');
  await expect(hanako).toHaveCount(0);

  // The same in Japanese.
  await page.goto('/status?lang=ja');
  await expect(alerts.getByRole('heading')).toHaveText('要確認: 受付時点で失効していたカードが1件あります');
  await expect(alerts.getByRole('button', { name: '確認済みにする' })).toBeVisible();
  await expectAccessible(page, 'sync panel with alerts (ja)');

  // The acknowledgement went to the server with the sync: the coordinators see R02's alert only, and close it.
  await expect(page.getByTestId('outbox-count')).toHaveText('0件');
  await page.goto('/coordinator?lang=en');
  await page.getByLabel('Administrator token').fill(adminToken);
  await page.getByRole('button', { name: 'Show' }).click();
  const card = page.getByRole('article', { name: '中央小学校 体育館' });
  await expect(card).toContainText('To check: 1');
  await card.getByRole('button', { name: 'Show check-ins to check' }).click();
  const rows = card.getByTestId('alerts').getByRole('row');
  await expect(rows).toHaveCount(2);
  await expectAccessible(page, 'coordinator alert list');
  await card.getByRole('button', { name: /^Acknowledge the check-in at / }).click();
  await expect(card.getByRole('status')).toHaveText('Marked as handled.');
  await expect(card.getByRole('status')).toBeFocused();
  await expect(card).toContainText('To check: 0');
  await expect(rows).toHaveCount(1);
});
