/**
 * Relying systems (municipal systems using the MyKey functions): each with an API key stored as
 * its SHA-256 only, a PPID key that never leaves the server, scopes and a rate limit.
 */
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import { RELYING_PARTY_SCOPES, type RelyingPartyScope } from '../../src/protocol/mykey-api.ts';
import { hashSecret, newToken } from '../security/secrets.ts';
import type { MyKeyRelyingPartyTable } from './mykey-schema.ts';
import type { ServerDatabase } from './schema.ts';

export interface RelyingPartyRecord {
  id: string;
  name: string;
  scopes: readonly RelyingPartyScope[];
  rateLimitPerMinute: number;
  /** HMAC-SHA-256 key of this system's PPIDs, hex. */
  ppidSecret: string;
  createdAt: string;
  disabled: boolean;
}

export interface NewRelyingParty {
  name: string;
  scopes: readonly RelyingPartyScope[];
  rateLimitPerMinute: number;
}

function toRecord(row: MyKeyRelyingPartyTable): RelyingPartyRecord {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes.split(',').filter((s): s is RelyingPartyScope => (RELYING_PARTY_SCOPES as readonly string[]).includes(s)),
    rateLimitPerMinute: Number(row.rate_limit_per_minute),
    ppidSecret: row.ppid_secret,
    createdAt: row.created_at,
    disabled: row.disabled_at !== null,
  };
}

export class RelyingPartiesRepository {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  /** Creates the system; its API key is returned once, only its hash is kept. */
  async create(input: NewRelyingParty, now: Date): Promise<{ relyingParty: RelyingPartyRecord; apiKey: string }> {
    const apiKey = newToken();
    const row: MyKeyRelyingPartyTable = {
      id: uuidv7(),
      name: input.name,
      api_key_hash: hashSecret(apiKey),
      ppid_secret: randomBytes(32).toString('hex'),
      scopes: [...new Set(input.scopes)].join(','),
      rate_limit_per_minute: input.rateLimitPerMinute,
      created_at: now.toISOString(),
      disabled_at: null,
    };
    await this.db.insertInto('mykey_relying_parties').values(row).execute();
    return { relyingParty: toRecord(row), apiKey };
  }

  /** The system an API key belongs to, disabled or not. */
  async findByApiKey(apiKey: string): Promise<RelyingPartyRecord | undefined> {
    const row = await this.db.selectFrom('mykey_relying_parties').selectAll().where('api_key_hash', '=', hashSecret(apiKey)).executeTakeFirst();
    return row && toRecord(row);
  }

  async get(id: string): Promise<RelyingPartyRecord | undefined> {
    const row = await this.db.selectFrom('mykey_relying_parties').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async list(): Promise<RelyingPartyRecord[]> {
    const rows = await this.db.selectFrom('mykey_relying_parties').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toRecord);
  }

  async disable(id: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('mykey_relying_parties')
      .set({ disabled_at: now.toISOString() })
      .where('id', '=', id)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** A new API key for an active system; the old one stops working at once. */
  async rotateKey(id: string): Promise<string | undefined> {
    const apiKey = newToken();
    const result = await this.db
      .updateTable('mykey_relying_parties')
      .set({ api_key_hash: hashSecret(apiKey) })
      .where('id', '=', id)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0 ? apiKey : undefined;
  }
}
