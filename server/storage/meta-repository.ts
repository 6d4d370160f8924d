import type { Kysely } from 'kysely';
import type { ServerDatabase } from './schema.ts';

/** Facts about this installation, as text keyed by name. */
export class MetaRepository {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('server_meta').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('server_meta')
      .values({ key, value })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value }))
      .execute();
  }

  /** Sets the value only if the key is absent; returns the value that is stored afterwards. */
  async setIfAbsent(key: string, value: string): Promise<string> {
    await this.db
      .insertInto('server_meta')
      .values({ key, value })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();
    return (await this.get(key)) ?? value;
  }
}
