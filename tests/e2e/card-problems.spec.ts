/**
 * What goes wrong at the desk, offline with the training reader's practice problems: the card
 * slipping off mid-read, the last PIN try, a locked PIN, a card that does not answer; and the
 * 照合番号B path for residents without their PIN. Nothing recorded is lost on the way.
 */
import { expect, test } from './fixtures.ts';
import { choosePractice, placeCard, R01, R02, startTrainingOffline } from './training-desk.ts';

test('ja: card numbers (照合番号B) with the birth date in the Japanese era, a mistyped date explained first', async ({ page }) => {
  await startTrainingOffline(page, 'ja');
  await placeCard(page, 'ja', R01);
  await expect(page.getByTestId('verdict')).toHaveText('有効');
  await page.getByRole('button', { name: '登録する' }).click();
  await page.getByRole('button', { name: 'カードの番号を使う' }).click();
  await expect(page.getByTestId('tries-left')).toHaveText('あと10回間違えるとロックされます。');

  const birth = page.getByRole('group', { name: '① 生年月日' });
  await birth.getByLabel('暦').selectOption('昭和');
  // 昭和64年は1月7日まで: 2月1日は存在しない日付。
  await birth.getByLabel('年').fill('64');
  await birth.getByLabel('月').fill('2');
  await birth.getByLabel('日').fill('1');
  await page.getByLabel('② 有効期限の年（西暦4桁）').fill('2035');
  await page.getByLabel('③ セキュリティコード（数字4桁）').fill('2285');
  await page.getByRole('button', { name: '読み取る' }).click();
  await expect(page.getByRole('alert')).toHaveText('生年月日が正しくありません。');

  await birth.getByLabel('年').fill('55');
  await birth.getByLabel('日').fill('17');
  await page.getByRole('button', { name: '読み取る' }).click();
  await expect(page.getByTestId('card-name')).toHaveText(R01);
  await page.getByRole('button', { name: '入所', exact: true }).click();
  await expect(page.getByTestId('checkin-outcome')).toHaveText('入所しました');
  await expect(page.getByTestId('checkin-headcount')).toHaveText('1人が在所中');
});

test('a wrong PIN shows the tries left; the last try is used only after the resident confirms it', async ({ page }) => {
  await startTrainingOffline(page, 'en');
  await placeCard(page, 'en', R02);
  await expect(page.getByTestId('verdict')).toHaveText('Valid');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByRole('button', { name: 'Use PIN' }).click();
  const pin = page.getByLabel('PIN (4 digits)');
  const read = page.getByRole('button', { name: 'Read', exact: true });
  await pin.fill('9999');
  await read.click();
  await expect(page.getByRole('alert')).toHaveText('Wrong PIN. 2 more wrong tries lock it.');
  await expect(page.getByTestId('tries-left')).toHaveText('2 wrong tries lock the card.');
  await expect(pin).toBeFocused();
  await pin.fill('8888');
  await read.click();
  await expect(page.getByRole('alert').filter({ hasText: 'Only one try is left' })).toBeVisible();

  await pin.fill('1234');
  await expect(read).toBeDisabled();
  await page.getByLabel('The resident agrees to use the last try').check();
  await read.click();
  await expect(page.getByTestId('card-name')).toHaveText(R02);
});

test('a card pulled off mid-read, or as the PIN is sent, is read again when placed again; nothing is lost', async ({ page }) => {
  await startTrainingOffline(page, 'en');
  await choosePractice(page, 'en', 'The card slips off while it is read');
  await placeCard(page, 'en', R01);
  await expect(page.getByRole('alert')).toContainText('The card was removed. Keep the card on the reader and try again.');
  await expect(page.getByText('Place the card on the reader again to retry.')).toBeVisible();
  await placeCard(page, 'en', R01);
  await expect(page.getByTestId('verdict')).toHaveText('Valid');

  await choosePractice(page, 'en', 'The card slips off as the PIN is sent');
  await placeCard(page, 'en', R01);
  await expect(page.getByTestId('verdict')).toHaveText('Valid');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByRole('button', { name: 'Use PIN' }).click();
  await page.getByLabel('PIN (4 digits)').fill('1234');
  await page.getByRole('button', { name: 'Read', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('The card was removed.');
  await expect(page.getByText('Place the card on the reader, then press Read.')).toBeVisible();
  // The PIN never reached the card: all three tries are left, and the field is empty again.
  await placeCard(page, 'en', R01);
  await expect(page.getByLabel('PIN (4 digits)')).toHaveValue('');
  await page.getByLabel('PIN (4 digits)').fill('1234');
  await page.getByRole('button', { name: 'Read', exact: true }).click();
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  await expect(page.getByTestId('checkin-outcome')).toHaveText('Checked in');

  await page.reload();
  await expect(page.getByTestId('checkin-headcount')).toHaveText('1 resident checked in');
  await page.getByRole('navigation').getByRole('link', { name: 'Device and sync' }).click();
  // Two card checks (the slipped read reached no verdict), the registration and the check-in.
  await expect(page.getByTestId('outbox-count')).toHaveText('4');
});

test('a card that does not answer is explained; a locked PIN points to the card numbers', async ({ page }) => {
  await startTrainingOffline(page, 'en');
  await choosePractice(page, 'en', 'The card does not answer');
  await placeCard(page, 'en', R02);
  await expect(page.getByRole('alert')).toContainText('The card did not answer. Place the card again and retry.');
  await placeCard(page, 'en', R02);
  await expect(page.getByTestId('verdict')).toHaveText('Valid');

  await choosePractice(page, 'en', 'The PIN is locked');
  await placeCard(page, 'en', R02);
  await expect(page.getByTestId('verdict')).toHaveText('Valid');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByRole('button', { name: 'Use PIN' }).click();
  await expect(page.getByRole('alert')).toHaveText('The PIN is locked. Use the card numbers instead, or register without a card.');
  await page.getByRole('button', { name: 'Use card numbers' }).click();
  await expect(page.getByRole('heading', { name: 'Numbers on the front of the card' })).toBeVisible();
  await expect(page.getByTestId('tries-left')).toHaveText('10 wrong tries lock the card.');
});
