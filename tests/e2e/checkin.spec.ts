/**
 * The staff check-in desk end to end, offline, with the training reader: the walk
 * (place card → Valid → Register → Use PIN → 1234 → Read → Check in → reload), returning
 * residents, revoked cards, and accessibility in both languages.
 */
import { expect, test } from './fixtures.ts';
import { expectAccessible, placeCard, R01, R03, R07, R11, startTrainingOffline } from './training-desk.ts';

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

test('ja: a returning resident is recognised by their card and checked in with one tap; the screens pass axe', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 2, name: 'はじめに' })).toBeVisible();
  await expectAccessible(page, 'first run');
  await startTrainingOffline(page, 'ja');
  await expectAccessible(page, 'check-in');

  await placeCard(page, 'ja', R01);
  await expect(page.getByTestId('verdict')).toHaveText('有効');
  await expect(page.getByTestId('desk-announcement')).toContainText('有効');
  await expectAccessible(page, 'verdict');
  await page.getByRole('button', { name: '登録する' }).click();
  await expectAccessible(page, 'consent');
  await page.getByRole('button', { name: '暗証番号を使う' }).click();
  await expect(page.getByLabel('暗証番号（数字4桁）')).toBeFocused();
  await expectAccessible(page, 'PIN');
  // The on-screen keypad types the PIN as well.
  const keypad = page.getByRole('group', { name: '数字ボタン' });
  for (const digit of '1234') await keypad.getByRole('button', { name: digit, exact: true }).click();
  await page.getByRole('button', { name: '読み取る' }).click();
  await expect(page.getByTestId('card-name')).toHaveText(R01);
  await expectAccessible(page, 'registration form');
  await page.getByLabel('アレルギー').fill('そば');
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await expect(page.getByTestId('checkin-outcome')).toHaveText('登録しました');
  await expect(page.getByTestId('checkin-headcount')).toHaveText('0人が在所中');

  await page.getByRole('button', { name: 'カードを取る' }).click();
  await placeCard(page, 'ja', R01);
  await expect(page.getByTestId('verdict')).toHaveText('有効');
  await expect(page.getByText(`登録済みの方: ${R01}`)).toBeVisible();
  await page.getByRole('button', { name: '入所', exact: true }).click();
  await expect(page.getByTestId('checkin-outcome')).toHaveText('入所しました');
  await expect(page.getByTestId('checkin-headcount')).toHaveText('1人が在所中');
  await expectAccessible(page, 'checked in');

  // The resident's history shows the card checks, the registration and the check-in.
  await page.getByRole('navigation').getByRole('link', { name: '名簿' }).click();
  await page.getByRole('link', { name: R01 }).click();
  await expect(page.getByText('そば')).toBeVisible();
  const history = page.getByRole('list').filter({ hasText: '入所' }).last();
  await expect(history.getByRole('listitem')).toHaveText([/入所/, /カード確認: 有効/, /登録/]);
});

test('revoked and expired cards: Revoked with what the reason means, Invalid with why; every check is in the outbox', async ({ page }) => {
  await startTrainingOffline(page, 'en');
  await placeCard(page, 'en', R03);
  await expect(page.getByTestId('verdict')).toHaveText('Revoked');
  await expect(page.getByTestId('verdict-why')).toContainText('the holder died or moved abroad');
  await expect(page.getByRole('button', { name: 'Register', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Register without a card' }).first()).toBeVisible();

  await placeCard(page, 'en', R07);
  await expect(page.getByTestId('verdict')).toHaveText('Revoked');
  await expect(page.getByTestId('verdict-why')).toContainText('the card was reported lost');

  await placeCard(page, 'en', R11);
  await expect(page.getByTestId('verdict')).toHaveText('Invalid');
  await expect(page.getByTestId('verdict-why')).toHaveText('The certificate has expired.');

  await page.getByRole('navigation').getByRole('link', { name: 'Device and sync' }).click();
  await expect(page.getByTestId('outbox-count')).toHaveText('3');
});

test('a renewed card is linked to the resident registered before, and recognised from then on', async ({ page }) => {
  await startTrainingOffline(page, 'en');
  await page.getByRole('button', { name: 'Register without a card' }).click();
  await page.getByRole('group', { name: 'Person 1' }).getByLabel('Name', { exact: true }).fill(R01);
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Check-in' }).click();

  await placeCard(page, 'en', R01);
  await expect(page.getByTestId('verdict')).toHaveText('Valid');
  await expect(page.getByText('This card is not registered at this shelter yet.')).toBeVisible();
  await page.getByText('A renewed card of someone registered?').click();
  await page.getByLabel('Find by name or kana').fill('佐藤');
  await page.getByRole('button', { name: 'Same person: link and check in' }).click();
  await expect(page.getByTestId('checkin-outcome')).toHaveText('Checked in');

  await page.getByRole('button', { name: 'Remove card' }).click();
  await placeCard(page, 'en', R01);
  await expect(page.getByText(`Registered resident: ${R01}`)).toBeVisible();
  await expect(page.getByText(/Checked in since/)).toBeVisible();
  await expect(page.getByTestId('checkin-headcount')).toHaveText('1 resident checked in');
});
