import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test as base } from '@playwright/test';
import { startShelterServer } from './fixtures.ts';

/**
 * Publishes a "new version" of the built app in place: a changed index.html and a service
 * worker whose precache revision for it differs, exactly what a real deployment changes.
 */
function publishNewVersion(staticDir: string, marker: string): void {
  const indexFile = join(staticDir, 'index.html');
  writeFileSync(indexFile, readFileSync(indexFile, 'utf8').replace('</head>', `<meta name="build" content="${marker}"></head>`));
  const swFile = join(staticDir, 'sw.js');
  const sw = readFileSync(swFile, 'utf8');
  const updated = sw.replace(/(url:"index\.html",revision:")[0-9a-f]+"/, `$1${marker}"`);
  if (updated === sw) throw new Error('sw.js has no precache entry for index.html');
  writeFileSync(swFile, updated);
}

base('a new version waits for "Reload" and then takes over', async ({ page }) => {
  const staticDir = mkdtempSync(join(tmpdir(), 'shelterkey-dist-'));
  cpSync('dist', staticDir, { recursive: true });
  const server = await startShelterServer({ staticDir });
  try {
    await page.goto(`${server.url}/?lang=en`);
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null);
    await expect(page.getByRole('alertdialog')).toHaveCount(0);

    publishNewVersion(staticDir, 'v2test');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

    const prompt = page.getByRole('alertdialog', { name: 'A new version is ready' });
    await expect(prompt).toBeVisible();
    // Until staff accept, the page keeps running the old version.
    await expect(page.locator('meta[name="build"]')).toHaveCount(0);

    await prompt.getByRole('button', { name: 'Reload' }).click();
    await expect(page.locator('meta[name="build"]')).toHaveAttribute('content', 'v2test');
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
  } finally {
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
    rmSync(staticDir, { recursive: true, force: true });
  }
});
