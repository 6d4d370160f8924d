import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import type { ServerDatabase } from './schema.ts';

export interface ShelterRecord {
  id: string;
  name: string;
  createdAt: string;
}

export interface ShelterCounts {
  events: number;
  residents: number;
  checkedIn: number;
  devices: number;
  alerts: number;
}

const count = (value: string | number | bigint | null | undefined): number => Number(value ?? 0);

export class SheltersRepository {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  async create(name: string, now: Date): Promise<ShelterRecord> {
    const record = { id: uuidv7(), name, createdAt: now.toISOString() };
    await this.db.insertInto('shelters').values({ id: record.id, name, created_at: record.createdAt, event_seq: 0, verdict_seq: 0 }).execute();
    return record;
  }

  async get(id: string): Promise<ShelterRecord | undefined> {
    const row = await this.db.selectFrom('shelters').select(['id', 'name', 'created_at']).where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, name: row.name, createdAt: row.created_at };
  }

  async list(): Promise<ShelterRecord[]> {
    const rows = await this.db.selectFrom('shelters').select(['id', 'name', 'created_at']).orderBy('created_at').execute();
    return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at }));
  }

  async counts(shelterId: string): Promise<ShelterCounts> {
    const [events, residents, checkedIn, devices, alerts] = await Promise.all([
      this.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).where('shelter_id', '=', shelterId).executeTakeFirst(),
      this.db
        .selectFrom('residents')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('shelter_id', '=', shelterId)
        .where('registered_at', 'is not', null)
        .executeTakeFirst(),
      this.db
        .selectFrom('residents')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('shelter_id', '=', shelterId)
        .where('presence', '=', 'checked_in')
        .executeTakeFirst(),
      this.db
        .selectFrom('devices')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('shelter_id', '=', shelterId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),
      this.db
        .selectFrom('alerts')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('shelter_id', '=', shelterId)
        .where('acknowledged_at', 'is', null)
        .executeTakeFirst(),
    ]);
    return {
      events: count(events?.n),
      residents: count(residents?.n),
      checkedIn: count(checkedIn?.n),
      devices: count(devices?.n),
      alerts: count(alerts?.n),
    };
  }
}
