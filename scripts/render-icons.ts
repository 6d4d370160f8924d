// Rasterises public/favicon.svg into the PNG icons the web manifest lists, with the system Chromium.
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './chromium.ts';

const svg = await readFile(new URL('../public/favicon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const targets = [
    { file: 'icon-192.png', size: 192, padding: 0, background: 'transparent' },
    { file: 'icon-512.png', size: 512, padding: 0, background: 'transparent' },
    // Maskable icons keep their content inside the central 80% safe zone.
    { file: 'icon-maskable-512.png', size: 512, padding: 0.1, background: '#0b5394' },
    { file: 'apple-touch-icon-180.png', size: 180, padding: 0, background: '#0b5394' },
  ];
  for (const { file, size, padding, background } of targets) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const inner = Math.round(size * (1 - 2 * padding));
    await page.setContent(
      `<html><body style="margin:0;background:${background};display:grid;place-items:center;height:${size}px">` +
        `<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`,
    );
    await page.screenshot({ path: new URL(`../public/icons/${file}`, import.meta.url).pathname, omitBackground: background === 'transparent' });
    await page.close();
  }
} finally {
  await browser.close();
}
