import type { IndexSummaryRow } from '../storage/revocation-repository.ts';

/** One CA's current list as the API shows it (to devices and to the coordinators). */
export function heldListOf(row: IndexSummaryRow) {
  return {
    issuerKeyId: row.issuer_key_id,
    issuer: row.issuer_name,
    version: Number(row.version),
    crlNumber: row.crl_number,
    thisUpdate: row.this_update,
    nextUpdate: row.next_update,
    entries: Number(row.entry_count),
  };
}
