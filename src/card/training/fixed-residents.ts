/**
 * The fixed training residents committed as data (data/training-residents-data.ts), so demos
 * and end-to-end tests see the same people every time. Chosen to cover: the era boundaries of
 * 照合番号B (昭和64年1月7日 / 平成元年1月8日, 平成31年4月30日 / 令和元年5月1日, 大正15年 /
 * 昭和元年), children without a signing certificate, foreign residents, every CA generation
 * (2015's expired), and each JPKI revocation reason (DOMAIN.md §2), one of them on the signing
 * certificate only (the 4 attributes changed). Everything else is drawn from a fixed seed.
 */
import type { ResidentSpec } from './resident-generator.ts';

export const FIXED_RESIDENTS_SEED = 20261122;
/** The instant the fixed set is generated "at" (only bounds random choices). */
export const FIXED_RESIDENTS_AT = '2026-11-22T00:00:00Z';

export const FIXED_RESIDENT_SPECS: readonly ResidentSpec[] = [
  // DOMAIN.md's 照合番号B example: 昭和55年2月17日, expiry 2035, code 2285 → 55021720352285.
  { id: 'R01', familyName: '佐藤', givenName: '花子', sex: 'female', birthDate: '1980-02-17', cardIssuedOn: '2025-03-10', securityCode: '2285', address: '宮城県石巻市中央２丁目８番１５号' },
  { id: 'R02', familyName: '鈴木', givenName: '健一', sex: 'male', birthDate: '1989-01-07', cardIssuedOn: '2024-06-03' },
  {
    id: 'R03', familyName: '高橋', givenName: '陽子', sex: 'female', birthDate: '1989-01-08', cardIssuedOn: '2022-04-12',
    revocation: { userAuth: { reason: 'affiliationChanged', revokedAt: '2026-08-20T02:15:00Z' }, signing: { reason: 'affiliationChanged', revokedAt: '2026-08-20T02:15:00Z' } },
  },
  { id: 'R04', familyName: '田中', givenName: '結衣', sex: 'female', birthDate: '2019-05-01', cardIssuedOn: '2023-09-01' },
  { id: 'R05', familyName: '伊藤', givenName: '湊', sex: 'male', birthDate: '2019-04-30', cardIssuedOn: '2022-11-15', revocation: { userAuth: { reason: 'cessationOfOperation', revokedAt: '2026-05-07T05:40:00Z' } } },
  { id: 'R06', familyName: '渡辺', givenName: '和夫', sex: 'male', birthDate: '1931-03-03', cardIssuedOn: '2023-02-14' },
  { id: 'R07', familyName: '山本', givenName: '節子', sex: 'female', birthDate: '1926-12-25', cardIssuedOn: '2024-01-22', revocation: { userAuth: { reason: 'certificateHold', revokedAt: '2026-11-02T00:30:00Z' } } },
  { id: 'R08', familyName: '中村', givenName: '茂', sex: 'male', birthDate: '1926-12-24', cardIssuedOn: '2022-12-01' },
  { id: 'R09', familyName: '小林', givenName: '大輔', sex: 'male', birthDate: '1975-09-30', cardIssuedOn: '2022-10-03', revocation: { userAuth: { reason: 'superseded', revokedAt: '2026-09-15T01:00:00Z' } } },
  { id: 'R10', familyName: '加藤', givenName: '美香', sex: 'female', birthDate: '1992-07-14', cardIssuedOn: '2024-08-19', revocation: { signing: { reason: 'superseded', revokedAt: '2026-06-01T03:20:00Z' } } },
  // Issued under the 2015 generation: certificate expired 2023-06-20, CA expired 2025-10-19.
  { id: 'R11', familyName: '吉田', givenName: '誠', sex: 'male', birthDate: '1975-06-20', cardIssuedOn: '2019-03-01' },
  { id: 'R12', familyName: 'NGUYEN', givenName: 'VAN AN', sex: 'male', birthDate: '1995-11-03', cardIssuedOn: '2025-01-15' },
  { id: 'R13', familyName: 'SILVA', givenName: 'MARIA', sex: 'female', birthDate: '1988-04-09', cardIssuedOn: '2023-05-10' },
  // 15 at issue: a signing certificate, but a 5-year card.
  { id: 'R14', familyName: '山口', givenName: '蓮', sex: 'male', birthDate: '2008-08-08', cardIssuedOn: '2024-03-25' },
  { id: 'R15', familyName: '松本', givenName: '恵子', sex: 'female', birthDate: '1955-10-10', cardIssuedOn: '2025-10-01' },
  { id: 'R16', familyName: '井上', givenName: '悠真', sex: 'male', birthDate: '2001-01-31', cardIssuedOn: '2023-08-01' },
];
