/**
 * Consents a resident gave at the counter (who: the person; which system; which data; when; via
 * which device), and the data they cover. A consent is withdrawn by stamping it, so the record of
 * what was agreed stays; the data itself is erased as soon as no active consent needs it.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Kysely, Transaction } from 'kysely';
import type { ConsentItem, FourAttributesInput } from '../../src/protocol/mykey-api.ts';
import type { MyKeyPersonAttributesTable } from './mykey-schema.ts';
import type { ServerDatabase } from './schema.ts';

type AttributeColumn = 'name' | 'address' | 'birth_date' | 'sex';

/** The stored field each consent item needs (an age answer needs the birth date, never shown). */
export const COLUMN_OF_ITEM: Readonly<Record<ConsentItem, AttributeColumn>> = {
  name: 'name',
  address: 'address',
  birthDate: 'birth_date',
  sex: 'sex',
  ageCheck: 'birth_date',
};

const VALUE_OF_COLUMN: Readonly<Record<AttributeColumn, keyof FourAttributesInput>> = {
  name: 'name',
  address: 'address',
  birth_date: 'birthDate',
  sex: 'sex',
};

export interface ConsentRecord {
  relyingPartyId: string;
  relyingPartyName: string;
  item: ConsentItem;
  givenAt: string;
}

export type StoredAttributes = Partial<Record<keyof FourAttributesInput, string>>;

export class ConsentsRepository {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  /**
   * Records consent to `items` for one system and stores the values they need (the caller
   * checked that `values` holds them). Items already consented keep their first record.
   */
  async give(personId: string, relyingPartyId: string, items: readonly ConsentItem[], values: Partial<FourAttributesInput>, via: string, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db.transaction().execute(async (trx) => {
      const active = new Set(await activeItems(trx, personId, relyingPartyId));
      for (const item of items) {
        if (active.has(item)) continue;
        await trx
          .insertInto('mykey_consents')
          .values({ id: uuidv7(), person_id: personId, relying_party_id: relyingPartyId, item, given_at: at, given_via: via, withdrawn_at: null, withdrawn_via: null })
          .execute();
      }
      const fields: Partial<Record<AttributeColumn, string>> = {};
      for (const item of items) {
        const column = COLUMN_OF_ITEM[item];
        const value = values[VALUE_OF_COLUMN[column]];
        if (value !== undefined) fields[column] = value;
      }
      await trx
        .insertInto('mykey_person_attributes')
        .values({ person_id: personId, name: null, address: null, birth_date: null, sex: null, ...fields, updated_at: at })
        .onConflict((oc) => oc.column('person_id').doUpdateSet({ ...fields, updated_at: at }))
        .execute();
    });
  }

  /** Withdraws `items` (all when undefined) for one system; returns how many were active. */
  async withdraw(personId: string, relyingPartyId: string, items: readonly ConsentItem[] | undefined, via: string, now: Date): Promise<number> {
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      let update = trx
        .updateTable('mykey_consents')
        .set({ withdrawn_at: at, withdrawn_via: via })
        .where('person_id', '=', personId)
        .where('relying_party_id', '=', relyingPartyId)
        .where('withdrawn_at', 'is', null);
      if (items) update = update.where('item', 'in', [...items]);
      const result = await update.executeTakeFirst();
      await eraseUncovered(trx, personId, at);
      return Number(result.numUpdatedRows);
    });
  }

  async activeItems(personId: string, relyingPartyId: string): Promise<ConsentItem[]> {
    return activeItems(this.db, personId, relyingPartyId);
  }

  async forPerson(personId: string): Promise<ConsentRecord[]> {
    const rows = await this.db
      .selectFrom('mykey_consents')
      .innerJoin('mykey_relying_parties', 'mykey_relying_parties.id', 'mykey_consents.relying_party_id')
      .select(['mykey_consents.relying_party_id', 'mykey_relying_parties.name', 'mykey_consents.item', 'mykey_consents.given_at'])
      .where('mykey_consents.person_id', '=', personId)
      .where('mykey_consents.withdrawn_at', 'is', null)
      .orderBy('mykey_consents.given_at')
      .orderBy('mykey_consents.id')
      .execute();
    return rows.map((r) => ({ relyingPartyId: r.relying_party_id, relyingPartyName: r.name, item: r.item as ConsentItem, givenAt: r.given_at }));
  }

  /** The data stored for a person's consents (only fields some active consent covers). */
  async attributes(personId: string): Promise<StoredAttributes> {
    const row = await this.db.selectFrom('mykey_person_attributes').selectAll().where('person_id', '=', personId).executeTakeFirst();
    const stored: StoredAttributes = {};
    if (!row) return stored;
    for (const column of Object.keys(VALUE_OF_COLUMN) as AttributeColumn[]) {
      const value = row[column];
      if (value !== null) stored[VALUE_OF_COLUMN[column]] = value;
    }
    return stored;
  }
}

async function activeItems(db: Kysely<ServerDatabase>, personId: string, relyingPartyId: string): Promise<ConsentItem[]> {
  const rows = await db
    .selectFrom('mykey_consents')
    .select('item')
    .where('person_id', '=', personId)
    .where('relying_party_id', '=', relyingPartyId)
    .where('withdrawn_at', 'is', null)
    .execute();
  return rows.map((r) => r.item as ConsentItem);
}

/** Sets to null every stored field no active consent (of any system) needs; drops an empty row. */
async function eraseUncovered(trx: Transaction<ServerDatabase>, personId: string, at: string): Promise<void> {
  const rows = await trx.selectFrom('mykey_consents').select('item').where('person_id', '=', personId).where('withdrawn_at', 'is', null).execute();
  const needed = new Set(rows.map((r) => COLUMN_OF_ITEM[r.item as ConsentItem]));
  if (needed.size === 0) {
    await trx.deleteFrom('mykey_person_attributes').where('person_id', '=', personId).execute();
    return;
  }
  const erase: Partial<Pick<MyKeyPersonAttributesTable, AttributeColumn>> = {};
  for (const column of Object.keys(VALUE_OF_COLUMN) as AttributeColumn[]) if (!needed.has(column)) erase[column] = null;
  await trx.updateTable('mykey_person_attributes').set({ ...erase, updated_at: at }).where('person_id', '=', personId).execute();
}
