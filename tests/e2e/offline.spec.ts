import { expect, test } from './fixtures.ts';

test('after one online visit the app shell loads with no network', async ({ page, context, shelterServer }) => {
  await page.goto('/status');
  await expect(page.getByRole('heading', { level: 1, name: 'シェルターキー' })).toBeVisible();
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });
  await expect(page.getByTestId('offline-start-status')).toHaveText(/可能/);

  await shelterServer.stop();
  await context.setOffline(true);
  await page.reload();

  await expect(page.getByRole('heading', { level: 1, name: 'シェルターキー' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: '端末の状態' })).toBeVisible();
  await expect(page.getByTestId('network-status')).toHaveText(/オフライン/);
  await expect(page.getByTestId('worker-status')).toHaveText('準備完了');
  await expect(page.getByTestId('offline-start-status')).toHaveText(/可能/);

  // Any screen's address opens from the cache, not only the one visited.
  await page.goto('/roster');
  await expect(page.getByRole('heading', { level: 2, name: 'はじめに' })).toBeVisible();
});
