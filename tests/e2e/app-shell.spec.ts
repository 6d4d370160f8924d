import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';

test('speaks Japanese by default and English with ?lang=en', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('heading', { level: 2, name: 'はじめに' })).toBeVisible();

  await page.goto('/?lang=en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 2, name: 'Getting started' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
});

test('remembers the chosen language in the device database', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Getting started' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Getting started' })).toBeVisible();
  const saved = await page.evaluate(
    () =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open('shelterkey');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('settings').objectStore('settings').get('language');
          get.onsuccess = () => resolve(get.result);
        };
      }),
  );
  expect(saved).toEqual({ key: 'language', value: 'en' });

  await page.goto('/?lang=ja');
  await expect(page.getByRole('heading', { level: 2, name: 'はじめに' })).toBeVisible();
});

test('runs the crypto worker through comlink', async ({ page }) => {
  await page.goto('/status?lang=en');
  await expect(page.getByTestId('worker-status')).toHaveText('Ready');
});

test('publishes an installable manifest with its icons', async ({ page, request }) => {
  await page.goto('/');
  const href = (await page.locator('link[rel="manifest"]').getAttribute('href')) ?? '';
  expect(href).not.toBe('');
  const manifest = (await (await request.get(href)).json()) as {
    lang: string;
    display: string;
    name: string;
    short_name: string;
    icons: { src: string; sizes: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({ lang: 'ja', display: 'standalone' });
  expect(manifest.name).toContain('シェルターキー');
  expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  for (const icon of manifest.icons) {
    const response = await request.get(`/${icon.src}`);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()['content-type']).toBe('image/png');
  }
});

for (const lang of ['ja', 'en'] as const) {
  test(`has no serious or critical accessibility violations (${lang})`, async ({ page }) => {
    for (const path of ['/', '/status', '/coordinator']) {
      await page.goto(`${path}?lang=${lang}`);
      if (path === '/status') await expect(page.getByTestId('worker-status')).not.toHaveText(/起動中|Starting/);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${path} ${v.id}: ${v.help}`)).toEqual([]);
    }
  });
}
