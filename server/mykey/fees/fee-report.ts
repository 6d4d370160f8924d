/** The monthly fee report a coordinator hands to accounting: CSV for spreadsheet programs (server/export/csv.ts). */
import type { CertificateType } from '../../../src/protocol/mykey-api.ts';
import { toCsv } from '../../export/csv.ts';
import type { FeeCountRow } from '../../storage/mykey-fees-repository.ts';
import { COUNTER_SYSTEM_ID, TARIFF_YEN } from './fee-meter.ts';

/** A report month: YYYY-MM. */
export const FEE_MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export const FEE_REPORT_COLUMNS = [
  '月 month',
  '利用システムID system id',
  '利用システム system',
  '証明書 certificate',
  '有効性確認 checks',
  '課金対象 billable',
  '単価(円) unit price (yen)',
  '金額(円) amount (yen)',
] as const;

const TYPE_LABEL: Readonly<Record<CertificateType, string>> = {
  'user-authentication': '利用者証明用 user authentication',
  'digital-signature': '署名用 digital signature',
};

export function feeAmount(row: Pick<FeeCountRow, 'certificateType' | 'billable'>): number {
  return row.billable * TARIFF_YEN[row.certificateType];
}

function systemName(row: FeeCountRow): string {
  if (row.relyingPartyId === COUNTER_SYSTEM_ID) return '窓口 resident counter';
  return row.relyingPartyName ?? '';
}

export function feeReportCsv(month: string, rows: readonly FeeCountRow[]): string {
  const total = rows.reduce((sum, row) => sum + feeAmount(row), 0);
  return toCsv(FEE_REPORT_COLUMNS, [
    ...rows.map((row) => [month, row.relyingPartyId, systemName(row), TYPE_LABEL[row.certificateType], row.checks, row.billable, TARIFF_YEN[row.certificateType], feeAmount(row)]),
    [month, '', '合計 total', '', rows.reduce((s, r) => s + r.checks, 0), rows.reduce((s, r) => s + r.billable, 0), '', total],
  ]);
}
