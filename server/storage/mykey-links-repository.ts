/**
 * Service-ID links (the seed's management table: MyKey ID × service provider → service ID),
 * kept against the person so they survive a certificate renewal. One service ID per person and
 * system, one person per service ID of a system. Only the link and when it was made: never
 * what the service ID was used for.
 */
import type { Kysely } from 'kysely';
import type { ServerDatabase } from './schema.ts';

export interface LinkRecord {
  relyingPartyId: string;
  relyingPartyName: string;
  serviceId: string;
  linkedAt: string;
}

export class LinksRepository {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  /** 'duplicate' when the service ID is linked already, or the person already has one for the system. */
  async link(personId: string, relyingPartyId: string, serviceId: string, via: string, now: Date): Promise<{ result: 'created'; linkedAt: string } | { result: 'duplicate' }> {
    const linkedAt = now.toISOString();
    const inserted = await this.db
      .insertInto('mykey_links')
      .values({ relying_party_id: relyingPartyId, service_id: serviceId, person_id: personId, linked_at: linkedAt, linked_via: via })
      .onConflict((oc) => oc.doNothing())
      .returning('service_id')
      .executeTakeFirst();
    return inserted ? { result: 'created', linkedAt } : { result: 'duplicate' };
  }

  async serviceIdOf(personId: string, relyingPartyId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('mykey_links')
      .select('service_id')
      .where('person_id', '=', personId)
      .where('relying_party_id', '=', relyingPartyId)
      .executeTakeFirst();
    return row?.service_id;
  }

  async unlinkServiceId(relyingPartyId: string, serviceId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('mykey_links').where('relying_party_id', '=', relyingPartyId).where('service_id', '=', serviceId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async unlinkPerson(personId: string, relyingPartyId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('mykey_links').where('person_id', '=', personId).where('relying_party_id', '=', relyingPartyId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async forPerson(personId: string): Promise<LinkRecord[]> {
    const rows = await this.db
      .selectFrom('mykey_links')
      .innerJoin('mykey_relying_parties', 'mykey_relying_parties.id', 'mykey_links.relying_party_id')
      .select(['mykey_links.relying_party_id', 'mykey_relying_parties.name', 'mykey_links.service_id', 'mykey_links.linked_at'])
      .where('mykey_links.person_id', '=', personId)
      .orderBy('mykey_links.linked_at')
      .execute();
    return rows.map((r) => ({ relyingPartyId: r.relying_party_id, relyingPartyName: r.name, serviceId: r.service_id, linkedAt: r.linked_at }));
  }
}
