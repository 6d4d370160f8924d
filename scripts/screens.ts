/**
 * Screenshots of the staff app's main screens and of the resident counter into docs/screens/
 * (PNG), taken from the production build in the system Chromium with the training reader (the
 * staff screens offline; the counter with a training-mode server; last, the staff tablet online
 * with a shelter alert), at a tablet's size. Japanese text needs a Japanese font on the machine (Debian: fonts-ipafont-gothic or
 * fonts-noto-cjk).
 *
 *   npx tsx scripts/screens.ts [--no-build]
 */
import { chromium, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startBenchServer } from '../bench/server-process.ts';
import { chromiumLaunchOptions } from './chromium.ts';
import { alertsShot, enrollTablet, importR01Lost } from './screens-alerts.ts';
import { counterWalk, createCounterSystems } from './screens-counter.ts';

type Language = 'ja' | 'en';
const OUT = 'docs/screens';
const WORDS = {
  ja: { training: '練習用リーダーを使う', shelter: '2. 避難所の名前', start: '受付を始める', loaded: '練習用の失効リストを読み込みました', register: '登録する', usePin: '暗証番号を使う', useNumbers: 'カードの番号を使う', pin: '暗証番号（数字4桁）', read: '読み取る', checkIn: '入所', roster: '名簿', status: '端末と同期', back: '戻る' },
  en: { training: 'Use training reader', shelter: '2. Shelter name', start: 'Start check-in', loaded: 'Training revocation lists loaded', register: 'Register', usePin: 'Use PIN', useNumbers: 'Use card numbers', pin: 'PIN (4 digits)', read: 'Read', checkIn: 'Check in', roster: 'Roster', status: 'Device and sync', back: 'Back' },
} as const;

async function shot(page: Page, name: string): Promise<void> {
  // The live region and focus ring settle before the picture is taken.
  await page.evaluate('document.fonts.ready');
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
  console.log(`${OUT}/${name}.png`);
}

async function place(page: Page, id: string): Promise<void> {
  await page.locator(`li[data-resident="${id}"] button`).click();
  await page.locator('section.desk[data-step="verdict"]').waitFor();
}

async function tablet(lang: Language, url: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1024, height: 768 }, deviceScaleFactor: 1, locale: lang === 'ja' ? 'ja-JP' : 'en-GB' });
  const page = await context.newPage();
  const w = WORDS[lang];
  await page.goto(`/?lang=${lang}`);
  await page.waitForFunction('navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller !== null)');
  await shot(page, `first-run-${lang}`);
  await page.getByRole('button', { name: w.training }).click();
  await page.getByLabel(w.shelter).fill(lang === 'ja' ? '石巻市立中央小学校 体育館' : 'Ishinomaki Chuo Elementary School gym');
  await page.getByRole('button', { name: w.start }).click();
  await page.getByTestId('training-crl').filter({ hasText: w.loaded }).waitFor();
  await context.setOffline(true);
  return page;
}

/** Returns the tablet, offline, on its status screen (for the alert list, shot last). */
async function walk(lang: Language, url: string): Promise<Page> {
  const w = WORDS[lang];
  const page = await tablet(lang, url);
  await shot(page, `checkin-training-${lang}`);
  await place(page, 'R03');
  await shot(page, `verdict-revoked-${lang}`);
  await place(page, 'R11');
  await shot(page, `verdict-invalid-${lang}`);
  await place(page, 'R01');
  await shot(page, `verdict-valid-${lang}`);
  await page.getByRole('button', { name: w.register, exact: true }).click();
  await shot(page, `consent-${lang}`);
  await page.getByRole('button', { name: w.useNumbers }).click();
  await page.getByTestId('tries-left').waitFor();
  await shot(page, `card-numbers-${lang}`);
  await page.getByRole('button', { name: w.back }).click();
  await page.getByRole('button', { name: w.usePin }).click();
  await page.getByTestId('tries-left').waitFor();
  await page.getByLabel(w.pin).fill('12');
  await shot(page, `pin-${lang}`);
  await page.getByLabel(w.pin).fill('1234');
  await page.getByRole('button', { name: w.read, exact: true }).click();
  await page.getByTestId('card-name').waitFor();
  await shot(page, `registration-form-${lang}`);
  await page.getByRole('button', { name: w.checkIn, exact: true }).click();
  await page.getByTestId('checkin-outcome').waitFor();
  await shot(page, `checked-in-${lang}`);
  await page.locator('li[data-resident="R01"] button').click();
  await page.locator('section.desk[data-step="verdict"]').waitFor();
  await shot(page, `returning-resident-${lang}`);
  await page.getByRole('navigation').getByRole('link', { name: w.roster }).click();
  await shot(page, `roster-${lang}`);
  await page.locator('ul.residents a').first().click();
  await page.locator('ol.history li').first().waitFor();
  await shot(page, `resident-${lang}`);
  await page.getByRole('navigation').getByRole('link', { name: w.status }).click();
  await page.getByTestId('revocation-lists').waitFor();
  await shot(page, `status-${lang}`);
  return page;
}

if (!process.argv.includes('--no-build') || !existsSync('dist/index.html')) {
  const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
}
mkdirSync(OUT, { recursive: true });
// Training mode: the resident counter's server trusts the training cards.
const server = await startBenchServer({ SHELTERKEY_MODE: 'training' });
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const tablets = { ja: await walk('ja', server.url), en: await walk('en', server.url) };
  await createCounterSystems(server);
  for (const lang of ['ja', 'en'] as const) await counterWalk(browser, server, lang, shot);
  for (const lang of ['ja', 'en'] as const) await enrollTablet(tablets[lang], server, lang);
  await importR01Lost(server);
  for (const lang of ['ja', 'en'] as const) await alertsShot(tablets[lang], lang, shot);
} finally {
  await browser.close();
  await server.stop();
}
