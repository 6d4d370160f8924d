/**
 * The tablet's shelter alert list for docs/screens/, taken by scripts/screens.ts after the staff
 * walk (R01 checked in offline): the tablet enrolls and syncs, a revocation list naming R01's card
 * as reported lost the day before reaches the server, and the next sync brings the alerts (one is
 * acknowledged, one left open). Run last:
 * from then on the server holds R01's card as revoked.
 */
import type { Page } from '@playwright/test';
import { trainingAuthority, trainingUserAuthCrl } from '../tests/support/training-revocation.ts';
import { admin, type CounterScreensServer } from './screens-counter.ts';

type Language = 'ja' | 'en';
type Shot = (page: Page, name: string) => Promise<void>;

const WORDS = {
  ja: { status: '端末と同期', code: '登録コード', deviceName: 'この端末の名前', enroll: '登録', upToDate: '同期済み', syncNow: '今すぐ同期', acknowledge: '確認済みにする' },
  en: { status: 'Device and sync', code: 'Enrollment code', deviceName: 'Name of this device', enroll: 'Enroll', upToDate: 'Up to date', syncNow: 'Sync now', acknowledge: 'Acknowledge' },
} as const;

/** certificateHold: the card was reported lost. */
const CERTIFICATE_HOLD = 6;

/** The tablet back online joins a shelter of its own and sends what it recorded offline. */
export async function enrollTablet(page: Page, server: CounterScreensServer, lang: Language): Promise<void> {
  const w = WORDS[lang];
  const shelter = await admin(server, '/api/v1/admin/shelters', { name: lang === 'ja' ? '石巻市立中央小学校 体育館' : 'Ishinomaki Chuo Elementary School gym' });
  const { code } = await admin(server, `/api/v1/admin/shelters/${shelter.id ?? ''}/enrollment-codes`, {});
  await page.context().setOffline(false);
  await page.getByRole('navigation').getByRole('link', { name: w.status }).click();
  await page.getByLabel(w.code).fill(code ?? '');
  await page.getByLabel(w.deviceName).fill(lang === 'ja' ? '受付タブレット1' : 'Check-in tablet 1');
  await page.getByRole('button', { name: w.enroll, exact: true }).click();
  await page.getByTestId('sync-state').filter({ hasText: w.upToDate }).waitFor();
}

/** The coordinators import a list on which R01's card was reported lost the day before. */
export async function importR01Lost(server: CounterScreensServer): Promise<void> {
  const now = Date.now();
  const list = await trainingUserAuthCrl(await trainingAuthority(), {
    crlNumber: 900n,
    thisUpdate: new Date(now),
    alsoRevoked: [{ residentId: 'R01', revokedAt: new Date(now - 86_400_000), reasonCode: CERTIFICATE_HOLD }],
  });
  await admin(server, '/api/v1/admin/crls', list);
}

export async function alertsShot(page: Page, lang: Language, shot: Shot): Promise<void> {
  const w = WORDS[lang];
  await page.getByRole('button', { name: w.syncNow }).click();
  const alerts = page.getByTestId('shelter-alert');
  // The walk read R01's card twice (check-in, then as a returning resident), one alert each: the
  // first acknowledged, one is left open (and the reload clears the "marked as handled" notice).
  await alerts.nth(1).waitFor();
  await alerts.first().getByRole('button', { name: w.acknowledge }).click();
  await alerts.nth(1).waitFor({ state: 'detached' });
  await page.reload();
  // A sync of its own after the one the reload starts, so that the picture is not taken mid-way.
  await page.getByRole('button', { name: w.syncNow }).click();
  await page.getByRole('button', { name: w.syncNow, disabled: false }).waitFor();
  await page.getByTestId('sync-state').filter({ hasText: w.upToDate }).waitFor();
  await alerts.first().waitFor();
  await shot(page, `alerts-${lang}`);
}
