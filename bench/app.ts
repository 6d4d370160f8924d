/**
 * The staff app in headless Chromium (the system build, through Playwright) with the training
 * reader at realistic card timing (TRAINING_LATENCY_MS per APDU, src/reader/training/training-reader.ts),
 * offline after the first visit, against the real server and the production build:
 *
 * - card placed → verdict on screen: from the click that places a training card to the frame
 *   after the verdict is in the DOM, measured in the page; the first placement after a reload is
 *   the cold one (worker, shards and card code not warm yet), reported apart;
 * - returning resident check-in end to end: placement → verdict and name → the "Check in" tap
 *   (made by the script the moment the button appears: no human reaction time) → "Checked in";
 * - cold start offline to usable: navigation to the performance mark the app sets when the
 *   check-in screen can take a card (settings, roster and reader restored);
 * - JavaScript shipped: every .js the page and its workers fetched, gzip-compressed from dist/.
 *
 *   npm run bench:app [-- --runs 48 --cold-starts 10 --no-build]
 */
import { chromium, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { TRAINING_LATENCY_MS } from '../src/reader/training/training-reader.ts';
import { chromiumLaunchOptions } from '../scripts/chromium.ts';
import { startBenchServer } from './server-process.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '48' },
    'cold-starts': { type: 'string', default: '10' },
    'no-build': { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const COLD_STARTS = Number(values['cold-starts']);
const RESIDENTS = ['R01', 'R02', 'R03', 'R04', 'R05', 'R06', 'R07', 'R08', 'R09', 'R10', 'R11', 'R12', 'R13', 'R14', 'R15', 'R16'];
/** Training residents whose user-authentication certificate is valid: they can be registered. */
const REGISTRABLE = ['R01', 'R02', 'R04', 'R06', 'R08', 'R10', 'R12', 'R13', 'R14', 'R15', 'R16'];

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
const ms = (value: number) => `${value.toFixed(0)} ms`;

/**
 * In the page (a string, so the bundler's helpers stay out of it): clicks "Place a training card"
 * for `id` and resolves with the ms until the desk shows a result, or with `tap`, until the
 * "Check in" tap made the moment it appeared is answered with "Checked in".
 */
const PLACE_AND_TIME = `({ id, tap }) => new Promise((resolve, reject) => {
  const button = document.querySelector('li[data-resident="' + id + '"] button');
  const desk = () => document.querySelector('section.desk');
  if (!button) return reject(new Error('no training card ' + id));
  let sawReading = false;
  let tapped = false;
  const started = performance.now();
  const observer = new MutationObserver(() => {
    const step = desk()?.dataset.step;
    if (step === 'reading') sawReading = true;
    if (!sawReading) return;
    if (tap && step === 'verdict' && !tapped) {
      const checkIn = [...desk().querySelectorAll('button')].find((b) => b.textContent.trim() === 'Check in');
      if (checkIn) { tapped = true; checkIn.click(); }
      return;
    }
    if ((tap && step === 'done') || (!tap && (step === 'verdict' || step === 'problem'))) {
      observer.disconnect();
      requestAnimationFrame(() => resolve({ ms: performance.now() - started, step }));
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-step'] });
  button.click();
})`;

/** In the page: when the app marked itself usable, and the scripts it had started fetching by then. */
const USABLE_AT = `new Promise((resolve) => {
  const poll = () => {
    const mark = performance.getEntriesByName('shelterkey:usable')[0];
    if (!mark) return requestAnimationFrame(poll);
    const scripts = performance.getEntriesByType('resource').filter((e) => e.startTime <= mark.startTime && new URL(e.name).pathname.endsWith('.js')).map((e) => new URL(e.name).pathname);
    resolve({ at: mark.startTime, scripts });
  };
  poll();
})`;

interface Usable {
  at: number;
  scripts: string[];
}

function placeAndTime(page: Page, id: string, tap: boolean): Promise<{ ms: number; step: string }> {
  return page.evaluate(`(${PLACE_AND_TIME})(${JSON.stringify({ id, tap })})`) as Promise<{ ms: number; step: string }>;
}

async function setUp(page: Page): Promise<void> {
  await page.goto('/?lang=en');
  await page.waitForFunction('navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller !== null)');
  await page.getByRole('button', { name: 'Use training reader' }).click();
  await page.getByLabel('2. Shelter name').fill('Bench Elementary School gym');
  await page.getByRole('button', { name: 'Start check-in' }).click();
  await page.getByTestId('training-crl').filter({ hasText: 'Training revocation lists loaded' }).waitFor();
  await page.context().setOffline(true);
}

async function register(page: Page, id: string): Promise<void> {
  await page.locator(`li[data-resident="${id}"] button`).click();
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByRole('button', { name: 'Use PIN' }).click();
  await page.getByLabel('PIN (4 digits)').fill('1234');
  await page.getByRole('button', { name: 'Read', exact: true }).click();
  await page.getByTestId('card-name').waitFor();
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByTestId('checkin-outcome').filter({ hasText: 'Registered' }).waitFor();
}

async function checkEveryoneOut(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Roster' }).click();
  const buttons = page.getByRole('button', { name: 'Check out' });
  while ((await buttons.count()) > 0) {
    const before = await buttons.count();
    await buttons.first().click();
    await page.waitForFunction(`[...document.querySelectorAll('button')].filter((b) => b.textContent.trim() === 'Check out').length < ${before}`);
  }
  await page.getByRole('navigation').getByRole('link', { name: 'Check-in' }).click();
}

if (!values['no-build'] || !existsSync('dist/index.html')) {
  const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
}

const server = await startBenchServer();
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'allow' });
  const page = await context.newPage();
  await setUp(page);

  // 1. Card placed → verdict, cycling through every training resident (valid, revoked, expired).
  await page.reload();
  await page.evaluate(USABLE_AT);
  const first = await placeAndTime(page, 'R02', false);
  const verdicts: number[] = [];
  const steps = new Map<string, number>();
  for (let i = 0; i < RUNS; i++) {
    const result = await placeAndTime(page, RESIDENTS[i % RESIDENTS.length] ?? 'R01', false);
    verdicts.push(result.ms);
    steps.set(result.step, (steps.get(result.step) ?? 0) + 1);
  }

  // 2. Returning residents: registered once, then each checks in with one tap.
  for (const id of REGISTRABLE) await register(page, id);
  const returning: number[] = [];
  const rounds = Math.max(1, Math.ceil(RUNS / (2 * REGISTRABLE.length)));
  for (let round = 0; round < rounds; round++) {
    if (round > 0) await checkEveryoneOut(page);
    for (const id of REGISTRABLE) returning.push((await placeAndTime(page, id, true)).ms);
  }

  // 3. Cold start offline to usable, and the JavaScript fetched by then.
  const cold: number[] = [];
  let checkInScreenJs = new Set<string>();
  for (let i = 0; i < COLD_STARTS; i++) {
    const fresh = await context.newPage();
    await fresh.goto('/?lang=en');
    const usable = (await fresh.evaluate(USABLE_AT)) as Usable;
    cold.push(usable.at);
    checkInScreenJs = new Set(usable.scripts);
    await fresh.close();
  }

  // 4. A first visit (first-run screen, no reader chosen yet), and everything a training check-in loads.
  const firstRun = await browser.newContext({ baseURL: server.url });
  const firstPage = await firstRun.newPage();
  await firstPage.goto('/?lang=en');
  const firstRunJs = new Set(((await firstPage.evaluate(USABLE_AT)) as Usable).scripts);
  await firstRun.close();
  const allJs = new Set<string>();
  const full = await context.newPage();
  full.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('.js')) allJs.add(new URL(request.url()).pathname);
  });
  await full.goto('/?lang=en');
  await full.locator('li[data-resident="R01"] button').waitFor();
  await placeAndTime(full, 'R01', false);

  const gz = (paths: Set<string>) => [...paths].filter((p) => !p.endsWith('/sw.js') && !p.includes('workbox')).reduce((sum, p) => sum + gzipSync(readFileSync(join('dist', p))).length, 0);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, Chromium ${browser.version()}`);
  console.log(`training reader: ${TRAINING_LATENCY_MS} ms per APDU exchange; runs: ${RUNS}; cold starts: ${COLD_STARTS}\n`);
  console.log('| measure | median | p90 | worst | n |');
  console.log('|---|---|---|---|---|');
  console.log(`| card placed → verdict on screen (warm) | ${ms(quantile(verdicts, 0.5))} | ${ms(quantile(verdicts, 0.9))} | ${ms(Math.max(...verdicts))} | ${verdicts.length} |`);
  console.log(`| card placed → verdict, first card after a reload | ${ms(first.ms)} | | | 1 |`);
  console.log(`| returning resident: card placed → one tap → "Checked in" | ${ms(quantile(returning, 0.5))} | ${ms(quantile(returning, 0.9))} | ${ms(Math.max(...returning))} | ${returning.length} |`);
  console.log(`| cold start offline → check-in screen usable | ${ms(quantile(cold, 0.5))} | ${ms(quantile(cold, 0.9))} | ${ms(Math.max(...cold))} | ${cold.length} |`);
  console.log(`\nverdict steps seen: ${[...steps].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log('\n| JavaScript (gzip, from dist/) | size | files |');
  console.log('|---|---|---|');
  console.log(`| first screen, first visit (first run, no reader) | ${kb(gz(firstRunJs))} | ${[...firstRunJs].join(' ')} |`);
  console.log(`| check-in screen (training reader), reload offline, until usable | ${kb(gz(checkInScreenJs))} | ${[...checkInScreenJs].join(' ')} |`);
  const realUse = new Set([...allJs].filter((p) => !p.includes('training-kit')));
  console.log(`| everything a card check loads in real use (card code, revocation worker; no training data) | ${kb(gz(realUse))} | ${[...realUse].join(' ')} |`);
  console.log(`| everything after a training card was checked (also the training data) | ${kb(gz(allJs))} | ${[...allJs].join(' ')} |`);
} finally {
  await browser.close();
  await server.stop();
}
