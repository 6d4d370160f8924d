/**
 * The staff check-in desk end to end, offline, with the training reader: the walk
 * (place card → Valid → Register → Use PIN → 1234 → Read → Check in → reload), returning
 * residents, revoked cards, and accessibility in both languages.
 */
import { expect, test } from './fixtures.ts';
import { placeCard, R01, startTrainingOffline } from './training-desk.ts';

test('training reader → offline → place card → Valid → Register → Use PIN → 1234 → Read → Check in → reload', async ({ page }) => {
  await startTrainingOffline(page, 'en');
  await placeCard(page, 'en', R01);
  await expect(page.getByTestId('verdict')).toHaveText('Valid');

  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByRole('button', { name: 'Use PIN' }).click();
  const pin = page.getByLabel('PIN (4 digits)');
  await expect(pin).toBeFocused();
  await expect(page.getByTestId('tries-left')).toHaveText('3 wrong tries lock the card.');
  await page.keyboard.type('1234');
  await page.getByRole('button', { name: 'Read', exact: true }).click();

  await expect(page.getByTestId('card-name')).toHaveText(R01);
  await expect(page.getByText('Checked with the card’s signature')).toBeVisible();
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  await expect(page.getByTestId('checkin-outcome')).toHaveText('Checked in');

  await page.reload();
  await expect(page.getByTestId('checkin-headcount')).toHaveText('1 resident checked in');
  await page.getByRole('navigation').getByRole('link', { name: 'Roster' }).click();
  await expect(page.getByTestId('headcount')).toContainText('1 resident checked in');
});
