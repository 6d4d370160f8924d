/**
 * The J-LIS tariff (DOMAIN.md §2, seed 003) as this server applies it: 20 yen per signing
 * certificate check, 2 yen per user-authentication certificate check, and a status check
 * answered from a CRL counted once per person per year. Every check the server answers from a
 * CRL is such a status check, so each relying system is billed, per certificate type, for the
 * first check of each person in a calendar year (Japan time); later checks that year are
 * counted but free. The resident counter's own checks are billed to the system id "counter".
 * A signing certificate names no person here, so its certificate stands in for the person.
 */
import { createHmac } from 'node:crypto';
import type { CertificateType } from '../../../src/protocol/mykey-api.ts';
import type { FeesRepository } from '../../storage/mykey-fees-repository.ts';

export const TARIFF_YEN: Readonly<Record<CertificateType, number>> = { 'digital-signature': 20, 'user-authentication': 2 };

/** The fee counters' id for checks made by the resident counter (not a relying system). */
export const COUNTER_SYSTEM_ID = 'counter';

const JST_OFFSET_MS = 9 * 3600_000;

/** "YYYY-MM" of an instant in Japan. */
export function japanMonth(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 7);
}

export type FeeSubject = { personId: string } | { issuerKeyId: string; serial: string };

export class FeeMeter {
  constructor(
    private readonly fees: FeesRepository,
    private readonly key: Buffer,
  ) {}

  /** Counts one CRL-answered check; true when it is billable. */
  count(relyingPartyId: string, certificateType: CertificateType, subject: FeeSubject, at: Date): Promise<boolean> {
    const month = japanMonth(at);
    const year = Number(month.slice(0, 4));
    const name = 'personId' in subject ? `person:${subject.personId}` : `certificate:${subject.issuerKeyId}:${subject.serial}`;
    const subjectDigest = createHmac('sha256', this.key).update(`${year}:${name}`, 'utf8').digest('hex');
    return this.fees.record({ relyingPartyId, certificateType, month, year, subjectDigest });
  }
}
