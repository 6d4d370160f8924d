import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import { hashSecret, newEnrollmentCode, newToken, normalizeEnrollmentCode } from '../security/secrets.ts';
import type { ServerDatabase } from './schema.ts';

export interface DeviceRecord {
  id: string;
  shelterId: string;
  name: string;
  provisionalShelterId: string | null;
  revoked: boolean;
  lastSyncAt: string | null;
  pendingEvents: number | null;
}

export interface EnrolledDevice {
  device: DeviceRecord;
  /** The bearer token, returned once; only its hash is stored. */
  token: string;
}

type DeviceRow = ServerDatabase['devices'];

const DEVICE_COLUMNS = ['id', 'shelter_id', 'name', 'provisional_shelter_id', 'revoked_at', 'last_sync_at', 'pending_events'] as const;

function toRecord(row: Pick<DeviceRow, (typeof DEVICE_COLUMNS)[number]>): DeviceRecord {
  return {
    id: row.id,
    shelterId: row.shelter_id,
    name: row.name,
    provisionalShelterId: row.provisional_shelter_id,
    revoked: row.revoked_at !== null,
    lastSyncAt: row.last_sync_at,
    pendingEvents: row.pending_events,
  };
}

export class DevicesRepository {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  async createEnrollmentCode(shelterId: string, now: Date, ttlMinutes: number): Promise<{ code: string; expiresAt: string }> {
    const code = newEnrollmentCode();
    const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000).toISOString();
    await this.db
      .insertInto('enrollment_codes')
      .values({ code_hash: hashSecret(normalizeEnrollmentCode(code)), shelter_id: shelterId, created_at: now.toISOString(), expires_at: expiresAt, used_at: null })
      .execute();
    return { code, expiresAt };
  }

  /**
   * Spends an enrollment code and creates the device, in one transaction: a code can never
   * enroll two devices, even when two tablets send it at once. Undefined when the code is
   * unknown, used or expired (the caller does not learn which).
   */
  async enroll(code: string, deviceName: string, provisionalShelterId: string | undefined, now: Date): Promise<EnrolledDevice | undefined> {
    const codeHash = hashSecret(normalizeEnrollmentCode(code));
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const spent = await trx
        .updateTable('enrollment_codes')
        .set({ used_at: at })
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .returning('shelter_id')
        .executeTakeFirst();
      if (!spent) return undefined;
      const token = newToken();
      const row: DeviceRow = {
        id: uuidv7(),
        shelter_id: spent.shelter_id,
        name: deviceName,
        token_hash: hashSecret(token),
        provisional_shelter_id: provisionalShelterId ?? null,
        created_at: at,
        revoked_at: null,
        last_sync_at: null,
        pending_events: null,
      };
      await trx.insertInto('devices').values(row).execute();
      return { device: toRecord(row), token };
    });
  }

  /** The device a bearer token belongs to, revoked or not. */
  async findByToken(token: string): Promise<DeviceRecord | undefined> {
    const row = await this.db.selectFrom('devices').select(DEVICE_COLUMNS).where('token_hash', '=', hashSecret(token)).executeTakeFirst();
    return row && toRecord(row);
  }

  async listForShelter(shelterId: string): Promise<DeviceRecord[]> {
    const rows = await this.db.selectFrom('devices').select(DEVICE_COLUMNS).where('shelter_id', '=', shelterId).orderBy('created_at').execute();
    return rows.map(toRecord);
  }

  async revoke(deviceId: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('devices')
      .set({ revoked_at: now.toISOString() })
      .where('id', '=', deviceId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async recordSync(deviceId: string, now: Date, pendingEvents: number | undefined): Promise<void> {
    await this.db
      .updateTable('devices')
      .set({ last_sync_at: now.toISOString(), ...(pendingEvents === undefined ? {} : { pending_events: pendingEvents }) })
      .where('id', '=', deviceId)
      .execute();
  }
}
