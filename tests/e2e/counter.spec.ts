/**
 * The resident counter end to end against a real server in training mode: a tablet enrolled,
 * counter mode started by staff, a training card placed, PIN 1234, the MyKey ID, a service card
 * linked and unlinked, the same link again answered "already registered", a consent given and
 * withdrawn (checked through the systems' own API), the screen clearing when the card is removed
 * and when left idle (a shortened idle timeout), no network, and accessibility in the languages.
 */
import { trainingResident } from '../../src/card/training/committed-data.ts';
import { EXIT_CODE, deviceStorage, startCounter } from './counter-setup.ts';
import { expect, test } from './fixtures.ts';
import { expectAccessible, placeCard, R01 } from './training-desk.ts';

test.use({ serverMode: 'training' });

const R01_CERTIFICATE = trainingResident('R01').userAuth.certificate;

test('en: card → PIN 1234 → MyKey ID → link, unlink, same link again → consent given and withdrawn → card removed: the screen is clear', async ({ page, request, shelterServer }) => {
  const { library, welfare } = await startCounter(page, request, shelterServer, 'en');
  await expect(page.getByRole('heading', { level: 2, name: 'Place your My Number Card on the reader' })).toBeVisible();
  // The staff screens are gone while the counter runs.
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expectAccessible(page, 'counter waiting (en)');

  await placeCard(page, 'en', R01);
  const pin = page.getByLabel('PIN (4 digits)');
  await expect(pin).toBeFocused();
  await expect(page.getByTestId('counter-pin-tries')).toHaveText('3 wrong tries lock the card.');
  await expectAccessible(page, 'counter PIN (en)');
  await page.keyboard.type('1234');
  await page.getByRole('button', { name: 'Confirm' }).click();

  const mykeyId = page.getByTestId('mykey-id');
  await expect(mykeyId).toHaveText(/^[A-Z0-9]{23}$/);
  const id = (await mykeyId.textContent()) ?? '';
  await expect(page.getByTestId('shelter-registration')).toHaveText('This card is not registered at this shelter (中央小学校 体育館). The front desk can register you.');
  await expect(page.getByText('Nothing is registered with this card yet.')).toBeVisible();
  // No camera barcode reader in this browser: no scan button.
  await expect(page.getByRole('button', { name: 'Scan the barcode with the camera' })).toHaveCount(0);
  await expectAccessible(page, 'counter resident (en)');

  const libraryCard = page.getByRole('article', { name: '市立図書館' });
  await libraryCard.getByLabel('Number of your 市立図書館 card').fill('LIB-0001');
  await libraryCard.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(libraryCard.getByTestId('counter-outcome')).toHaveText('Your 市立図書館 card is linked.');
  await expect(libraryCard.getByTestId('link-state')).toHaveText(/^Linked: LIB-0001 \(since /);

  await libraryCard.getByRole('button', { name: 'Remove the link' }).click();
  await libraryCard.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(libraryCard.getByTestId('counter-outcome')).toHaveText('The link to 市立図書館 is removed.');
  await expect(libraryCard.getByTestId('link-state')).toHaveText('No card is linked.');

  // Meanwhile the library's own desk links the same card again; the counter's screen is behind.
  const linked = await request.post('/api/v1/rp/links', { headers: { authorization: `Bearer ${library.apiKey}` }, data: { certificate: R01_CERTIFICATE, serviceId: 'LIB-0001' } });
  expect(linked.status()).toBe(201);
  await libraryCard.getByLabel('Number of your 市立図書館 card').fill('LIB-0001');
  await libraryCard.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(libraryCard.getByRole('alert')).toHaveText('Already registered.');
  await expect(libraryCard.getByTestId('link-state')).toHaveText(/^Linked: LIB-0001 /);

  const welfareCard = page.getByRole('article', { name: '福祉課' });
  const name = welfareCard.getByRole('listitem').filter({ hasText: 'Name' });
  await expect(name.getByTestId('consent-state')).toHaveText('Not given');
  await name.getByRole('button', { name: 'Agree' }).click();
  await expect(page.getByRole('heading', { name: 'Reading the details on your card' })).toBeVisible();
  await expect(page.getByTestId('details-pin-tries')).toHaveText('3 wrong tries lock the card.');
  await expectAccessible(page, 'counter details PIN (en)');
  await page.getByLabel('PIN for the card details (4 digits)').fill('1234');
  await page.getByRole('button', { name: 'Read and agree' }).click();
  await expect(welfareCard.getByTestId('counter-outcome')).toHaveText('You agreed that 福祉課 may receive: Name.');
  await expect(name.getByTestId('consent-state')).toHaveText(/^Given \(/);
  const attributes = () => request.post('/api/v1/rp/attributes', { headers: { authorization: `Bearer ${welfare.apiKey}` }, data: { certificate: R01_CERTIFICATE } });
  expect(await (await attributes()).json()).toMatchObject({ attributes: { name: R01 } });

  await name.getByRole('button', { name: 'Withdraw' }).click();
  await expect(welfareCard.getByTestId('counter-outcome')).toHaveText(/^You withdrew your consent for 福祉課 to receive: Name\./);
  await expect(name.getByTestId('consent-state')).toHaveText('Not given');
  expect((await attributes()).status()).toBe(403);

  // The resident takes the card: nothing about them is left on the screen or on the device.
  await page.getByRole('button', { name: 'Remove card' }).click();
  await expect(page.locator('main[data-step="waiting"]')).toBeVisible();
  const html = await page.content();
  for (const trace of [id, 'LIB-0001']) expect(html).not.toContain(trace);
  // (The made-up names are listed in the staff's training panel; the counter itself shows none.)
  expect(await page.locator('main').innerHTML()).not.toContain(R01);
  const stored = await deviceStorage(page);
  for (const trace of [id, 'LIB-0001', R01, R01_CERTIFICATE.slice(0, 60)]) expect(stored).not.toContain(trace);
});

test('ja: offline says linking needs the network and changes nothing; easy Japanese; the screen clears itself when idle; staff close the counter', async ({ page, request, shelterServer }) => {
  // A camera with a barcode reader (the Shape Detection API), as on a ChromeOS or Android tablet.
  await page.addInitScript(() => {
    class FakeBarcodeDetector {
      static getSupportedFormats(): Promise<string[]> {
        return Promise.resolve(['code_128', 'qr_code']);
      }
      detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]> {
        return Promise.resolve(source.readyState >= 2 ? [{ rawValue: 'LIB-0042' }] : []);
      }
    }
    Object.assign(globalThis, { BarcodeDetector: FakeBarcodeDetector });
    navigator.mediaDevices.getUserMedia = () => {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 48;
      canvas.getContext('2d')?.fillRect(0, 0, 64, 48);
      return Promise.resolve(canvas.captureStream(5));
    };
  });
  test.setTimeout(120_000);
  const { library } = await startCounter(page, request, shelterServer, 'ja');
  // A reload keeps the counter locked.
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'カードをリーダーに置いてください' })).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expectAccessible(page, 'counter waiting (ja)');

  await placeCard(page, 'ja', R01);
  const keypad = page.getByRole('group', { name: '数字ボタン' });
  for (const digit of '1234') await keypad.getByRole('button', { name: digit, exact: true }).click();
  await page.getByRole('button', { name: '確認する' }).click();
  await expect(page.getByTestId('mykey-id')).toHaveText(/^[A-Z0-9]{23}$/);
  await expectAccessible(page, 'counter resident (ja)');

  const libraryCard = page.getByRole('article', { name: '市立図書館' });
  await libraryCard.getByRole('button', { name: 'カメラでバーコードを読む' }).click();
  await expect(libraryCard.getByLabel('市立図書館のカードの番号')).toHaveValue('LIB-0042');

  await page.context().setOffline(true);
  await libraryCard.getByRole('button', { name: 'ひも付ける', exact: true }).click();
  await expect(libraryCard.getByRole('alert')).toHaveText(/^ひも付けや同意の手続きには、ネットワークが必要です。いまはつながっていないため、何も変更していません。/);
  await expect(libraryCard.getByTestId('link-state')).toHaveText('ひも付けはありません。');
  const lookup = await request.post('/api/v1/rp/links/lookup', { headers: { authorization: `Bearer ${library.apiKey}` }, data: { certificate: R01_CERTIFICATE } });
  expect(await lookup.json()).toMatchObject({ serviceId: null });
  await page.context().setOffline(false);

  await page.getByRole('button', { name: 'やさしい にほんご' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'あなた の とうろく' })).toBeVisible();
  await expect(libraryCard.getByRole('button', { name: 'つなぐ', exact: true })).toBeVisible();
  await expectAccessible(page, 'counter resident (easy Japanese)');
  await page.getByRole('button', { name: 'おわる' }).click();
  // The visit is over: the next resident starts in Japanese.
  await expect(page.getByRole('heading', { level: 2, name: 'カードを取ってください' })).toBeVisible();
  await page.getByRole('button', { name: 'カードを取る' }).click();
  await expect(page.locator('main[data-step="waiting"]')).toBeVisible();

  // Left alone (a 10-second idle timeout for this test): a countdown, then the screen clears itself.
  await page.goto('/counter?lang=ja&counterIdle=10');
  await placeCard(page, 'ja', R01);
  await page.getByLabel('暗証番号（数字4桁）').fill('1234');
  await page.getByRole('button', { name: '確認する' }).click();
  await expect(page.getByTestId('mykey-id')).toHaveText(/^[A-Z0-9]{23}$/);
  const id = (await page.getByTestId('mykey-id').textContent()) ?? '';
  await expect(page.getByTestId('counter-countdown')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'カードを取ってください' })).toBeVisible();
  await expect(page.getByTestId('mykey-id')).toHaveCount(0);
  expect(await page.content()).not.toContain(id);
  await page.getByRole('button', { name: 'もう一度はじめる' }).click();
  await expect(page.getByLabel('暗証番号（数字4桁）')).toBeFocused();
  await page.getByRole('button', { name: 'カードを取る' }).click();
  await expect(page.locator('main[data-step="waiting"]')).toBeVisible();

  // Staff close the counter with the exit code: the check-in desk is back.
  await page.getByRole('button', { name: '職員用' }).click();
  await page.getByLabel('終了コード').fill('000000');
  await page.getByRole('button', { name: '窓口を終わる' }).click();
  await expect(page.getByRole('dialog').getByRole('alert')).toHaveText('終了コードが違います。');
  await page.getByLabel('終了コード').fill(EXIT_CODE);
  await page.getByRole('button', { name: '窓口を終わる' }).click();
  await expect(page.getByRole('navigation').getByRole('link', { name: '受付' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('checkin-headcount')).toHaveText('0人が在所中');
});
