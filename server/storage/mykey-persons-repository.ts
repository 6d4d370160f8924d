/**
 * Persons and the certificates seen for them. A person is an internal id; a certificate is kept
 * as the least that serves: its SHA-256 (to recognise it when presented again), issuer key id and
 * serial (what a CRL and J-LIS's old/new link name it by), its MyKey ID (shown to the resident,
 * the seed's link key) and notAfter (when it stops working and may be purged). Never the DER.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Kysely, Transaction } from 'kysely';
import type { ServerDatabase } from './schema.ts';

export interface CertificateFacts {
  hash: string;
  issuerKeyId: string;
  serial: string;
  mykeyId: string;
  notAfter: Date;
}

export type JoinMethod = 'first-seen' | 'attributes' | 'serial-link' | 'operator';

export interface PersonCertificate {
  mykeyId: string;
  notAfter: string;
  joinedAt: string;
  joinedBy: JoinMethod;
  hash: string;
}

export type CarryOverResult = 'joined' | 'already-joined' | 'held-by-established-person';

export class PersonsRepository {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  async personOf(certificateHash: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('mykey_certificates').select('person_id').where('certificate_hash', '=', certificateHash).executeTakeFirst();
    return row?.person_id;
  }

  async personOfIssuerSerial(issuerKeyId: string, serial: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('mykey_certificates')
      .select('person_id')
      .where('issuer_key_id', '=', issuerKeyId)
      .where('serial', '=', serial)
      .executeTakeFirst();
    return row?.person_id;
  }

  async personsByMyKeyId(mykeyId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('mykey_certificates').select('person_id').distinct().where('mykey_id', '=', mykeyId).execute();
    return rows.map((r) => r.person_id);
  }

  /** The person of a certificate, created with it on first sight (safe against concurrent first sights). */
  async findOrCreate(facts: CertificateFacts, now: Date): Promise<{ personId: string; created: boolean }> {
    const known = await this.personOf(facts.hash);
    if (known) return { personId: known, created: false };
    const personId = uuidv7();
    const created = await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('mykey_persons').values({ id: personId, created_at: now.toISOString(), attributes_digest: null, attributes_registered_at: null }).execute();
      const inserted = await insertCertificate(trx, facts, personId, 'first-seen', now);
      if (!inserted) await trx.deleteFrom('mykey_persons').where('id', '=', personId).execute();
      return inserted;
    });
    if (created) return { personId, created: true };
    const winner = (await this.personOf(facts.hash)) ?? (await this.personOfIssuerSerial(facts.issuerKeyId, facts.serial));
    if (!winner) throw new Error('a certificate row vanished while it was being created');
    return { personId: winner, created: false };
  }

  /** Newest first. */
  async certificates(personId: string): Promise<PersonCertificate[]> {
    const rows = await this.db.selectFrom('mykey_certificates').selectAll().where('person_id', '=', personId).orderBy('not_after', 'desc').execute();
    return rows.map((r) => ({ mykeyId: r.mykey_id, notAfter: r.not_after, joinedAt: r.joined_at, joinedBy: r.joined_by as JoinMethod, hash: r.certificate_hash }));
  }

  async attributesDigest(personId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('mykey_persons').select('attributes_digest').where('id', '=', personId).executeTakeFirst();
    return row?.attributes_digest ?? undefined;
  }

  async personsByAttributesDigest(digest: string): Promise<string[]> {
    const rows = await this.db.selectFrom('mykey_persons').select('id').where('attributes_digest', '=', digest).execute();
    return rows.map((r) => r.id);
  }

  async setAttributesDigest(personId: string, digest: string, now: Date): Promise<void> {
    await this.db.updateTable('mykey_persons').set({ attributes_digest: digest, attributes_registered_at: now.toISOString() }).where('id', '=', personId).execute();
  }

  /**
   * Joins a (renewed) certificate to `targetPersonId`. A certificate already held by another
   * person moves only when that person is fresh (this certificate alone, nothing linked,
   * consented or registered: what a relying system's first check of the new card leaves); the
   * fresh person is then removed.
   */
  async carryOver(facts: CertificateFacts, targetPersonId: string, method: JoinMethod, now: Date): Promise<CarryOverResult> {
    return this.db.transaction().execute(async (trx) => {
      const holder = await trx.selectFrom('mykey_certificates').select('person_id').where('certificate_hash', '=', facts.hash).executeTakeFirst();
      if (!holder) {
        if (!(await insertCertificate(trx, facts, targetPersonId, method, now))) return 'held-by-established-person';
        return 'joined';
      }
      if (holder.person_id === targetPersonId) return 'already-joined';
      if (!(await isFresh(trx, holder.person_id))) return 'held-by-established-person';
      await trx
        .updateTable('mykey_certificates')
        .set({ person_id: targetPersonId, joined_by: method, joined_at: now.toISOString() })
        .where('certificate_hash', '=', facts.hash)
        .execute();
      await trx.deleteFrom('mykey_persons').where('id', '=', holder.person_id).execute();
      return 'joined';
    });
  }

  /** Whether a person holds nothing but one certificate (see carryOver). */
  async isFresh(personId: string): Promise<boolean> {
    return isFresh(this.db, personId);
  }
}

async function insertCertificate(trx: Transaction<ServerDatabase>, facts: CertificateFacts, personId: string, method: JoinMethod, now: Date): Promise<boolean> {
  const inserted = await trx
    .insertInto('mykey_certificates')
    .values({
      certificate_hash: facts.hash,
      person_id: personId,
      issuer_key_id: facts.issuerKeyId,
      serial: facts.serial,
      mykey_id: facts.mykeyId,
      not_after: facts.notAfter.toISOString(),
      joined_at: now.toISOString(),
      joined_by: method,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('certificate_hash')
    .executeTakeFirst();
  return inserted !== undefined;
}

async function isFresh(db: Kysely<ServerDatabase>, personId: string): Promise<boolean> {
  const count = async (query: Promise<{ n: string | number | bigint } | undefined>) => Number((await query)?.n ?? 0);
  const [certificates, links, consents, attributes, person] = await Promise.all([
    count(db.selectFrom('mykey_certificates').select((eb) => eb.fn.countAll().as('n')).where('person_id', '=', personId).executeTakeFirst()),
    count(db.selectFrom('mykey_links').select((eb) => eb.fn.countAll().as('n')).where('person_id', '=', personId).executeTakeFirst()),
    count(db.selectFrom('mykey_consents').select((eb) => eb.fn.countAll().as('n')).where('person_id', '=', personId).executeTakeFirst()),
    count(db.selectFrom('mykey_person_attributes').select((eb) => eb.fn.countAll().as('n')).where('person_id', '=', personId).executeTakeFirst()),
    db.selectFrom('mykey_persons').select('attributes_digest').where('id', '=', personId).executeTakeFirst(),
  ]);
  return certificates === 1 && links === 0 && consents === 0 && attributes === 0 && person?.attributes_digest === null;
}
