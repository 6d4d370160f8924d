/**
 * Screenshots of the resident counter (kiosk) for docs/screens/, taken by scripts/screens.ts
 * against a server in training mode: staff start, waiting, PIN, the resident's screen with a
 * link and a consent, the card details' PIN, no network, the idle countdown, "take your card",
 * the resident's screen in easy Japanese, and the same resident's renewed card: the offer to bring
 * the registration over, and the registration brought over (checked with J-LIS).
 */
import type { Browser, Page } from '@playwright/test';

type Language = 'ja' | 'en';

const WORDS = {
  ja: { sync: '端末と同期', code: '登録コード', deviceName: 'この端末の名前', enroll: '登録', checkin: '受付', training: '練習用リーダーを使う', loaded: '練習用の失効リストを読み込みました', open: '住民窓口（マイキー）', exitCode: '終了コード（数字4〜8桁）', exitRepeat: '終了コード（確認のためもう一度）', start: '窓口モードを始める', pin: '暗証番号（数字4桁）', confirm: '確認する', link: 'ひも付ける', agree: '同意する', details: '記載事項用の暗証番号（数字4桁）', readAgree: '読み取って同意する', retry: 'もう一度試す', easy: 'やさしい にほんご', number: '市立図書館のカードの番号', name: '氏名', remove: 'カードを取る', renewalOffer: '新しいカードになりましたか？', bySerialLink: 'J-LISに確認する' },
  en: { sync: 'Device and sync', code: 'Enrollment code', deviceName: 'Name of this device', enroll: 'Enroll', checkin: 'Check-in', training: 'Use training reader', loaded: 'Training revocation lists loaded', open: 'Resident counter (MyKey)', exitCode: 'Exit code (4 to 8 digits)', exitRepeat: 'Exit code again', start: 'Start the counter', pin: 'PIN (4 digits)', confirm: 'Confirm', link: 'Link', agree: 'Agree', details: 'PIN for the card details (4 digits)', readAgree: 'Read and agree', retry: 'Try again', easy: 'やさしい にほんご', number: 'Number of your 市立図書館 card', name: 'Name', remove: 'Remove card', renewalOffer: 'Did you get a new card?', bySerialLink: 'Check with J-LIS' },
} as const;

export interface CounterScreensServer {
  url: string;
  adminToken: string;
}

type Shot = (page: Page, name: string) => Promise<void>;

/** A POST to the server's administration API; bytes are sent as a revocation list (DER). */
export async function admin(server: CounterScreensServer, path: string, body: object | Uint8Array<ArrayBuffer>): Promise<Record<string, string>> {
  const [type, payload] = body instanceof Uint8Array ? ['application/pkix-crl', body] : ['application/json', JSON.stringify(body)];
  const response = await fetch(new URL(path, server.url), { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': type }, body: payload });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

/** The municipal systems residents see at the counter (made once per server). */
export async function createCounterSystems(server: CounterScreensServer): Promise<void> {
  await admin(server, '/api/v1/admin/relying-parties', { name: '市立図書館', scopes: ['validate', 'links'] });
  await admin(server, '/api/v1/admin/relying-parties', { name: '福祉課', scopes: ['validate', 'attributes', 'age-check'] });
}

async function placeAndOpen(page: Page, lang: Language, resident: string): Promise<void> {
  const w = WORDS[lang];
  await page.locator(`li[data-resident="${resident}"] button`).click();
  await page.getByLabel(w.pin).fill('1234');
  await page.getByRole('button', { name: w.confirm }).click();
}

async function linkLibraryCard(page: Page, lang: Language, serviceId: string): Promise<void> {
  const w = WORDS[lang];
  const library = page.getByRole('article', { name: '市立図書館' });
  await library.getByLabel(w.number).fill(serviceId);
  await library.getByRole('button', { name: w.link, exact: true }).click();
  await library.getByTestId('counter-outcome').waitFor();
}

export async function counterWalk(browser: Browser, server: CounterScreensServer, lang: Language, shot: Shot): Promise<void> {
  const w = WORDS[lang];
  // A foreign resident (R12) in English, R01 in Japanese.
  const resident = lang === 'en' ? 'R12' : 'R01';
  const shelter = await admin(server, '/api/v1/admin/shelters', { name: lang === 'ja' ? '石巻市立中央小学校 体育館' : 'Ishinomaki Chuo Elementary School gym' });
  const { code } = await admin(server, `/api/v1/admin/shelters/${shelter.id ?? ''}/enrollment-codes`, {});
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1024, height: 768 }, deviceScaleFactor: 1, locale: lang === 'ja' ? 'ja-JP' : 'en-GB' });
  const page = await context.newPage();
  await page.goto(`/status?lang=${lang}`);
  await page.waitForFunction('navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller !== null)');
  await page.getByLabel(w.code).fill(code ?? '');
  await page.getByLabel(w.deviceName).fill(lang === 'ja' ? '窓口タブレット' : 'Counter tablet');
  await page.getByRole('button', { name: w.enroll, exact: true }).click();
  await page.getByTestId('shelter-name').waitFor();
  await page.getByRole('navigation').getByRole('link', { name: w.checkin }).click();
  await page.getByRole('button', { name: w.training }).click();
  await page.getByTestId('training-crl').filter({ hasText: w.loaded }).waitFor();
  await page.getByRole('button', { name: w.open }).click();
  await page.getByLabel(w.exitCode).fill('482913');
  await page.getByLabel(w.exitRepeat).fill('482913');
  await shot(page, `counter-setup-${lang}`);
  await page.getByRole('button', { name: w.start }).click();
  await page.locator('main[data-step="waiting"]').waitFor();
  await shot(page, `counter-waiting-${lang}`);

  await page.locator(`li[data-resident="${resident}"] button`).click();
  await page.getByLabel(w.pin).fill('12');
  await shot(page, `counter-pin-${lang}`);
  await page.getByLabel(w.pin).fill('1234');
  await context.setOffline(true);
  await page.getByRole('button', { name: w.confirm }).click();
  await page.getByTestId('mykey-id').waitFor();
  await shot(page, `counter-offline-${lang}`);
  await context.setOffline(false);
  await page.getByRole('button', { name: w.retry }).click();

  // Each resident their own library card: a service ID links one person only.
  await linkLibraryCard(page, lang, `LIB-00${resident.slice(1)}`);
  const welfare = page.getByRole('article', { name: '福祉課' });
  await welfare.getByRole('listitem').filter({ hasText: w.name }).getByRole('button', { name: w.agree }).click();
  await page.getByTestId('details-pin-tries').waitFor();
  await shot(page, `counter-details-pin-${lang}`);
  await page.getByLabel(w.details).fill('1234');
  await page.getByRole('button', { name: w.readAgree }).click();
  await welfare.getByTestId('counter-outcome').waitFor();
  await shot(page, `counter-resident-${lang}`);
  if (lang === 'ja') {
    await page.getByRole('button', { name: w.easy }).click();
    await shot(page, 'counter-resident-easy');
  }
  await page.getByRole('button', { name: w.remove }).click();
  await page.locator('main[data-step="waiting"]').waitFor();

  // The last seconds before the screen clears itself (a shortened idle timeout), then "take your card".
  await page.goto(`/counter?lang=${lang}&counterIdle=20`);
  await placeAndOpen(page, lang, resident);
  await page.getByTestId('counter-countdown').waitFor();
  await shot(page, `counter-countdown-${lang}`);
  await page.locator('main[data-step="take-card"]').waitFor();
  await shot(page, `counter-take-card-${lang}`);

  // A resident with a link comes back with a renewed card: a new MyKey ID, nothing to see yet.
  // R12 has no renewed training card: in English, R02 links a library card first.
  await page.goto(`/counter?lang=${lang}`);
  const renewing = lang === 'en' ? 'R02' : resident;
  const serviceId = `LIB-00${renewing.slice(1)}`;
  if (renewing !== resident) {
    await placeAndOpen(page, lang, renewing);
    await linkLibraryCard(page, lang, serviceId);
    await page.getByRole('button', { name: w.remove }).click();
  }
  await page.locator('main[data-step="waiting"]').waitFor();
  await page.locator(`li[data-renewed="${renewing}"] button`).click();
  await page.getByLabel(w.pin).fill('1234');
  await page.getByRole('button', { name: w.confirm }).click();
  const renewal = page.getByTestId('renewal');
  await renewal.getByRole('heading', { name: w.renewalOffer }).waitFor();
  await shot(page, `counter-renewal-offer-${lang}`);
  await renewal.getByRole('button', { name: w.bySerialLink }).click();
  await renewal.getByTestId('renewal-outcome').waitFor();
  await page.getByRole('article', { name: '市立図書館' }).getByTestId('link-state').filter({ hasText: serviceId }).waitFor();
  await shot(page, `counter-renewal-done-${lang}`);
  await context.close();
}
