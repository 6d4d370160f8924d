/**
 * Fee counters (J-LIS tariff, DOMAIN.md §2): per relying system, certificate type and month,
 * the validity checks made and those billable. A CRL status check is billable once per person
 * and year: the first check of a person in a year inserts the person's keyed digest for that
 * year; later ones find it. Only totals and those digests are kept, never times or whom.
 */
import type { Kysely } from 'kysely';
import type { CertificateType } from '../../src/protocol/mykey-api.ts';
import type { ServerDatabase } from './schema.ts';

export interface FeeCheck {
  relyingPartyId: string;
  certificateType: CertificateType;
  /** YYYY-MM, Japan time. */
  month: string;
  year: number;
  /** Keyed digest of the person (or certificate) and the year. */
  subjectDigest: string;
}

export interface FeeCountRow {
  month: string;
  relyingPartyId: string;
  /** The system's name, or undefined for the counter and removed systems. */
  relyingPartyName: string | undefined;
  certificateType: CertificateType;
  checks: number;
  billable: number;
}

export class FeesRepository {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  /** Counts one check; true when it is the subject's first (billable) check of the year. */
  async record(check: FeeCheck): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const first = await trx
        .insertInto('mykey_fee_subjects')
        .values({ relying_party_id: check.relyingPartyId, certificate_type: check.certificateType, year: check.year, subject_digest: check.subjectDigest })
        .onConflict((oc) => oc.doNothing())
        .returning('year')
        .executeTakeFirst();
      const billable = first ? 1 : 0;
      await trx
        .insertInto('mykey_fee_counts')
        .values({ relying_party_id: check.relyingPartyId, certificate_type: check.certificateType, month: check.month, checks: 1, billable })
        .onConflict((oc) =>
          oc.columns(['relying_party_id', 'certificate_type', 'month']).doUpdateSet((eb) => ({
            checks: eb('mykey_fee_counts.checks', '+', 1),
            billable: eb('mykey_fee_counts.billable', '+', billable),
          })),
        )
        .execute();
      return first !== undefined;
    });
  }

  async forMonth(month: string): Promise<FeeCountRow[]> {
    const rows = await this.db
      .selectFrom('mykey_fee_counts')
      .leftJoin('mykey_relying_parties', 'mykey_relying_parties.id', 'mykey_fee_counts.relying_party_id')
      .select(['mykey_fee_counts.month', 'mykey_fee_counts.relying_party_id', 'mykey_relying_parties.name', 'mykey_fee_counts.certificate_type', 'mykey_fee_counts.checks', 'mykey_fee_counts.billable'])
      .where('mykey_fee_counts.month', '=', month)
      .orderBy('mykey_fee_counts.relying_party_id')
      .orderBy('mykey_fee_counts.certificate_type')
      .execute();
    return rows.map((r) => ({
      month: r.month,
      relyingPartyId: r.relying_party_id,
      relyingPartyName: r.name ?? undefined,
      certificateType: r.certificate_type as CertificateType,
      checks: Number(r.checks),
      billable: Number(r.billable),
    }));
  }
}
