/**
 * Steps shared by the resident counter's end-to-end tests: a server in training mode with two
 * municipal systems, a tablet enrolled with it, the training reader chosen, counter mode started.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, type ShelterServer } from './fixtures.ts';

export const EXIT_CODE = '482913';

const WORDS = {
  en: { sync: 'Device and sync', code: 'Enrollment code', deviceName: 'Name of this device', enroll: 'Enroll', training: 'Use training reader', crl: /Training revocation lists loaded/, open: 'Resident counter (MyKey)', exitCode: 'Exit code (4 to 8 digits)', exitRepeat: 'Exit code again', start: 'Start the counter', checkin: 'Check-in' },
  ja: { sync: '端末と同期', code: '登録コード', deviceName: 'この端末の名前', enroll: '登録', training: '練習用リーダーを使う', crl: /練習用の失効リストを読み込みました/, open: '住民窓口（マイキー）', exitCode: '終了コード（数字4〜8桁）', exitRepeat: '終了コード（確認のためもう一度）', start: '窓口モードを始める', checkin: '受付' },
} as const;

export interface CounterServer {
  adminToken: string;
  library: { id: string; apiKey: string };
  welfare: { id: string; apiKey: string };
}

/** A shelter, an enrollment code and two relying systems, made through the admin API. */
export async function prepareServer(request: APIRequestContext, server: ShelterServer): Promise<CounterServer & { code: string }> {
  const adminToken = readFileSync(join(server.dataDir, 'admin-token'), 'utf8').trim();
  const headers = { authorization: `Bearer ${adminToken}` };
  const shelter = (await (await request.post('/api/v1/admin/shelters', { headers, data: { name: '中央小学校 体育館' } })).json()) as { id: string };
  const { code } = (await (await request.post(`/api/v1/admin/shelters/${shelter.id}/enrollment-codes`, { headers, data: {} })).json()) as { code: string };
  const system = async (name: string, scopes: string[]) => (await (await request.post('/api/v1/admin/relying-parties', { headers, data: { name, scopes } })).json()) as { id: string; apiKey: string };
  return { adminToken, code, library: await system('市立図書館', ['validate', 'links']), welfare: await system('福祉課', ['validate', 'attributes', 'age-check']) };
}

/** Enrolls the tablet, chooses the training reader and starts counter mode with EXIT_CODE. */
export async function startCounter(page: Page, request: APIRequestContext, server: ShelterServer, lang: 'en' | 'ja'): Promise<CounterServer> {
  const words = WORDS[lang];
  const prepared = await prepareServer(request, server);
  await page.goto(`/status?lang=${lang}`);
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null);
  await page.getByLabel(words.code).fill(prepared.code);
  await page.getByLabel(words.deviceName).fill('窓口タブレット');
  await page.getByRole('button', { name: words.enroll, exact: true }).click();
  await expect(page.getByTestId('shelter-name')).toHaveText('中央小学校 体育館');
  await page.getByRole('navigation').getByRole('link', { name: words.checkin }).click();
  await page.getByRole('button', { name: words.training }).click();
  await expect(page.getByTestId('training-crl')).toHaveText(words.crl);
  await page.getByRole('button', { name: words.open }).click();
  await page.getByLabel(words.exitCode).fill(EXIT_CODE);
  await page.getByLabel(words.exitRepeat).fill(EXIT_CODE);
  await page.getByRole('button', { name: words.start }).click();
  await expect(page.locator('main[data-step="waiting"]')).toBeVisible();
  return prepared;
}

/** Everything the page keeps in IndexedDB and localStorage, as one string. */
export async function deviceStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dump: Record<string, unknown> = { localStorage: { ...localStorage }, sessionStorage: { ...sessionStorage } };
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name ?? '');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of [...db.objectStoreNames]) {
        dump[`${info.name}/${store}`] = await new Promise((resolve, reject) => {
          const all = db.transaction(store).objectStore(store).getAll();
          all.onsuccess = () => resolve(all.result);
          all.onerror = () => reject(all.error);
        });
      }
      db.close();
    }
    // Binary shards (revocation lists) as lengths only: they hold no resident's data.
    return JSON.stringify(dump, (_key, value: unknown) => (value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? `<${(value as ArrayBuffer).byteLength} bytes>` : value));
  });
}
