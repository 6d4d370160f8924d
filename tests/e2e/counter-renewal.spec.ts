/**
 * A renewed card at the resident counter, end to end against a real server in training mode: the
 * resident links a service card with their first card, comes back with the renewed card (a new
 * MyKey ID, nothing to see), and brings the registration over — with J-LIS's serial link after
 * the 4 attributes could not prove it (nothing was prepared), or with the 4 attributes the first
 * card prepared — and sees the same link under the new MyKey ID.
 */
import type { Page } from '@playwright/test';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { renewedTrainingResident } from '../../src/card/training/renewal.ts';
import { deviceStorage, startCounter } from './counter-setup.ts';
import { expect, test } from './fixtures.ts';
import { expectAccessible, placeCard, R01, R02, type Language } from './training-desk.ts';

test.use({ serverMode: 'training' });

const WORDS = {
  en: { renewed: 'Place the renewed card', pin: 'PIN (4 digits)', confirm: 'Confirm', library: 'Number of your 市立図書館 card', link: 'Link', remove: 'Remove card' },
  ja: { renewed: '更新後のカードを置く', pin: '暗証番号（数字4桁）', confirm: '確認する', library: '市立図書館のカードの番号', link: 'ひも付ける', remove: 'カードを取る' },
} as const;

async function placeRenewedCard(page: Page, lang: Language, name: string): Promise<void> {
  await page.getByRole('listitem').filter({ hasText: name }).getByRole('button', { name: WORDS[lang].renewed }).click();
}

/** The PIN of the user certificate, then the resident's screen; returns the card's MyKey ID. */
async function enterPin(page: Page, lang: Language): Promise<string> {
  await page.getByLabel(WORDS[lang].pin).fill('1234');
  await page.getByRole('button', { name: WORDS[lang].confirm }).click();
  await expect(page.getByTestId('mykey-id')).toHaveText(/^[A-Z0-9]{23}$/);
  return (await page.getByTestId('mykey-id').textContent()) ?? '';
}

async function linkLibraryCard(page: Page, lang: Language, serviceId: string): Promise<void> {
  const library = page.getByRole('article', { name: '市立図書館' });
  await library.getByLabel(WORDS[lang].library).fill(serviceId);
  await library.getByRole('button', { name: WORDS[lang].link, exact: true }).click();
  await expect(library.getByTestId('link-state')).toContainText(serviceId);
}

test('en: the renewed card is not proven by its details when nothing was prepared, then J-LIS\'s serial link brings the registration over', async ({ page, request, shelterServer }) => {
  await startCounter(page, request, shelterServer, 'en');
  await placeCard(page, 'en', R02);
  const earlier = await enterPin(page, 'en');
  await linkLibraryCard(page, 'en', 'LIB-0002');
  // An established registration is offered the preparation instead.
  await expect(page.getByRole('heading', { name: 'Prepare for a new card' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Did you get a new card?' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Remove card' }).click();
  await expect(page.locator('main[data-step="waiting"]')).toBeVisible();

  await placeRenewedCard(page, 'en', R02);
  await expect(page.getByTestId('training-on-reader')).toHaveText(`On the reader: ${R02} (renewed card)`);
  const renewed = await enterPin(page, 'en');
  expect(renewed).not.toBe(earlier);
  const library = page.getByRole('article', { name: '市立図書館' });
  await expect(library.getByTestId('link-state')).toHaveText('No card is linked.');
  const step = page.getByTestId('renewal');
  await expect(step.getByRole('heading', { name: 'Did you get a new card?' })).toBeVisible();
  await expectAccessible(page, 'counter renewal offer (en)');

  await step.getByRole('button', { name: 'Check with the details on this card' }).click();
  await expect(page.getByRole('heading', { name: 'Reading the details on your card' })).toBeVisible();
  await expect(page.getByLabel('PIN for the card details (4 digits)')).toBeFocused();
  await page.getByLabel('PIN for the card details (4 digits)').fill('1234');
  await page.getByRole('button', { name: 'Read and check' }).click();
  await expect(step.getByRole('alert')).toHaveText(/^The details on this card do not match what was prepared with your earlier card .*Please ask the staff/);
  await expect(library.getByTestId('link-state')).toHaveText('No card is linked.');

  await step.getByRole('button', { name: 'Check with J-LIS' }).click();
  await expect(page.getByRole('heading', { name: 'Your earlier registration is brought over' })).toBeFocused();
  await expect(step.getByTestId('renewal-outcome')).toHaveText(`Your earlier registration now belongs to this card (MyKey ID ${renewed}). Your links and consents are shown below.`);
  await expect(step).toContainText(`MyKey IDs of your earlier cards: ${earlier}`);
  await expect(library.getByTestId('link-state')).toHaveText(/^Linked: LIB-0002 \(since /);
  await expectAccessible(page, 'counter renewal done (en)');

  // Back with the renewed card: it is simply the resident's now.
  await page.getByRole('button', { name: 'Remove card' }).click();
  await placeRenewedCard(page, 'en', R02);
  await enterPin(page, 'en');
  await expect(library.getByTestId('link-state')).toHaveText(/^Linked: LIB-0002 /);
  await expect(page.getByRole('heading', { name: 'Did you get a new card?' })).toHaveCount(0);
});

test('ja: the first card prepares for a new card; the renewed card brings the registration over with the details read from it', async ({ page, request, shelterServer }) => {
  const { library: system } = await startCounter(page, request, shelterServer, 'ja');
  await placeCard(page, 'ja', R01);
  const earlier = await enterPin(page, 'ja');
  await linkLibraryCard(page, 'ja', 'LIB-0001');
  const step = page.getByTestId('renewal');
  await expect(step.getByRole('heading', { name: '新しいカードへの準備' })).toBeVisible();
  await step.getByRole('button', { name: '準備する' }).click();
  await expect(page.getByTestId('details-pin-tries')).toHaveText('あと3回間違えるとロックされます。');
  await page.getByLabel('記載事項用の暗証番号（数字4桁）').fill('1234');
  await page.getByRole('button', { name: '読み取って準備する' }).click();
  await expect(step.getByTestId('renewal-outcome')).toHaveText('準備しました。新しいカードになったら、この窓口で「カードの記載事項で確かめる」を選んでください。');
  await page.getByRole('button', { name: WORDS.ja.remove }).click();
  await expect(page.locator('main[data-step="waiting"]')).toBeVisible();

  await placeRenewedCard(page, 'ja', R01);
  const renewed = await enterPin(page, 'ja');
  await expect(step.getByRole('heading', { name: '新しいカードになりましたか？' })).toBeVisible();
  await expectAccessible(page, 'counter renewal offer (ja)');
  await step.getByRole('button', { name: 'カードの記載事項で確かめる' }).click();
  await expect(page.getByRole('heading', { name: 'カードの記載事項を読み取ります' })).toBeVisible();
  await expectAccessible(page, 'counter renewal details PIN (ja)');
  await page.getByLabel('記載事項用の暗証番号（数字4桁）').fill('1234');
  await page.getByRole('button', { name: '読み取って確かめる' }).click();
  await expect(step.getByTestId('renewal-outcome')).toHaveText(`以前の登録は、このカード（マイキーID: ${renewed}）のものになりました。ひも付けと同意は下に表示されています。`);
  await expect(step).toContainText(`以前のカードのマイキーID: ${earlier}`);
  await expect(page.getByRole('article', { name: '市立図書館' }).getByTestId('link-state')).toHaveText(/^ひも付け済み: LIB-0001（/);

  // The library's own desk knows the renewed card as the same person.
  const authority = await trainingAuthority();
  const certificate = (await renewedTrainingResident(trainingResident('R01'), authority)).userAuth.certificate;
  const lookup = await request.post('/api/v1/rp/links/lookup', { headers: { authorization: `Bearer ${system.apiKey}` }, data: { certificate } });
  expect(await lookup.json()).toMatchObject({ serviceId: 'LIB-0001' });

  // The card taken: nothing of the resident on the screen or on the device.
  await page.getByRole('button', { name: WORDS.ja.remove }).click();
  await expect(page.locator('main[data-step="waiting"]')).toBeVisible();
  expect(await page.locator('main').innerHTML()).not.toContain(renewed);
  const stored = await deviceStorage(page);
  for (const trace of [renewed, earlier, 'LIB-0001', R01, '石巻市']) expect(stored).not.toContain(trace);
});
