import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

async function startOffline(page: Page, lang: 'en' | 'ja'): Promise<void> {
  await page.goto(`/?lang=${lang}`);
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null);
  await page.context().setOffline(true);
}

test('registers a family by hand offline, checks them in and out, and keeps it all after a reload', async ({ page }) => {
  await startOffline(page, 'en');
  await page.getByLabel('2. Shelter name').fill('Chuo Elementary School gym');
  await page.getByRole('button', { name: 'Start check-in' }).click();
  await expect(page.getByTestId('checkin-headcount')).toHaveText('0 residents checked in');

  await page.getByRole('button', { name: 'Register without a card' }).click();
  const first = page.getByRole('group', { name: 'Person 1' });
  await first.getByLabel('Name', { exact: true }).fill('山田\u3000花子');
  await first.getByLabel('Name in kana').fill('ヤマダ ハナコ');
  await first.getByLabel('Allergies').fill('そば');
  await page.getByRole('button', { name: 'Add a household member' }).click();
  const second = page.getByRole('group', { name: 'Person 2' });
  await second.getByLabel('Name', { exact: true }).fill('山田\u3000太郎');
  await second.getByLabel('Name in kana').fill('ヤマダ タロウ');
  await page.getByRole('button', { name: 'Register and check in' }).click();

  await expect(page.getByTestId('headcount')).toContainText('2 residents checked in');
  // Half-width katakana finds the full-width kana.
  await page.getByLabel('Search by name, kana or address').fill('ﾀﾛｳ');
  await expect(page.getByRole('link', { name: '山田\u3000太郎' })).toBeVisible();
  await expect(page.getByRole('link', { name: '山田\u3000花子' })).toHaveCount(0);
  await page.getByRole('link', { name: '山田\u3000太郎' }).click();

  await expect(page.getByRole('heading', { level: 2, name: '山田\u3000太郎' })).toBeVisible();
  await expect(page.getByText('山田\u3000花子')).toBeVisible();
  await page.getByRole('button', { name: 'Check out' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Checked out' })).toBeVisible();

  await page.reload();
  await expect(page.getByTestId('presence')).toHaveText(/Checked out/);
  await page.getByRole('navigation').getByRole('link', { name: 'Roster' }).click();
  await expect(page.getByTestId('headcount')).toContainText('1 resident checked in');

  // Needs can be edited later; the edit is one more event.
  await page.getByRole('link', { name: '山田\u3000花子' }).click();
  await expect(page.getByText('そば')).toBeVisible();
  await page.getByRole('button', { name: 'Edit contact and needs' }).click();
  await page.getByLabel('Mobility, assistance').fill('車いす');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('車いす')).toBeVisible();
  await page.getByRole('button', { name: 'Transfer to another shelter' }).click();
  await page.getByLabel('Shelter to transfer to').fill('第二中学校');
  await page.getByRole('button', { name: 'Transfer to another shelter' }).click();
  await expect(page.getByTestId('presence')).toHaveText(/Transferred.*第二中学校/);
  await expect(page.getByRole('listitem').filter({ hasText: 'Transferred' })).toHaveCount(1);

  // Every action waits in the outbox for the network.
  await page.getByRole('navigation').getByRole('link', { name: 'Device and sync' }).click();
  await expect(page.getByTestId('outbox-count')).toHaveText('7');
});

test('speaks Japanese on the roster, and the screens pass an accessibility check', async ({ page }) => {
  await startOffline(page, 'ja');
  const check = async (where: string) => {
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${where} ${v.id}: ${v.help}`)).toEqual([]);
  };
  await check('first run');
  await page.getByLabel('2. 避難所の名前').fill('中央小学校');
  await page.getByRole('button', { name: '受付を始める' }).click();
  await expect(page.getByTestId('checkin-headcount')).toHaveText('0人が在所中');
  await check('check-in');
  await page.getByRole('button', { name: '新規登録（カードなし）' }).click();
  await check('register');
  await page.getByLabel('氏名').fill('佐藤\u3000一郎');
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: '佐藤\u3000一郎' })).toBeVisible();
  await check('resident');
  await page.getByRole('button', { name: '入所' }).click();
  await expect(page.getByRole('status').filter({ hasText: '入所しました' })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: '名簿' }).click();
  await expect(page.getByTestId('headcount')).toContainText('1人が在所中');
  await check('roster');
});
