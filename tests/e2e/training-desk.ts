/** Steps shared by the check-in end-to-end tests: set a tablet up with the training reader, place cards. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';

export type Language = 'en' | 'ja';

const WORDS = {
  en: { useTraining: 'Use training reader', shelter: '2. Shelter name', start: 'Start check-in', crlLoaded: /Training revocation lists loaded/, place: 'Place a training card' },
  ja: { useTraining: '練習用リーダーを使う', shelter: '2. 避難所の名前', start: '受付を始める', crlLoaded: /練習用の失効リストを読み込みました/, place: '練習用カードを置く' },
} as const;

/** First run with the training reader, then the network goes away. */
export async function startTrainingOffline(page: Page, lang: Language): Promise<void> {
  const words = WORDS[lang];
  await page.goto(`/?lang=${lang}`);
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null);
  await page.getByRole('button', { name: words.useTraining }).click();
  await page.getByLabel(words.shelter).fill('中央小学校 体育館');
  await page.getByRole('button', { name: words.start }).click();
  await expect(page.getByTestId('training-banner')).toBeVisible();
  await expect(page.getByTestId('training-crl')).toHaveText(words.crlLoaded);
  await page.context().setOffline(true);
}

/** Places the training card of the resident called `name` (as the training panel lists them). */
export async function placeCard(page: Page, lang: Language, name: string): Promise<void> {
  await page.getByRole('listitem').filter({ hasText: name }).getByRole('button', { name: WORDS[lang].place }).click();
}

export async function choosePractice(page: Page, lang: Language, condition: string): Promise<void> {
  await page.getByLabel(lang === 'en' ? 'Practise a problem with the next card placed' : '次に置くカードで練習するトラブル').selectOption({ label: condition });
}

/** axe-core: no serious or critical violations on the page as it is now. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${where} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

export const R01 = '佐藤\u3000花子';
export const R02 = '鈴木\u3000健一';
export const R03 = '高橋\u3000陽子';
export const R07 = '山本\u3000節子';
export const R11 = '吉田\u3000誠';
