/**
 * Challenges for the resident's proof of key possession at the counter: 32 random bytes the
 * card signs with the user-authentication key (after the PIN), usable once, by the device that
 * asked, for a short time.
 */
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import type { ServerDatabase } from './schema.ts';

export const CHALLENGE_TTL_MS = 2 * 60_000;

export class ChallengesRepository {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  async issue(deviceId: string, now: Date): Promise<{ id: string; challenge: Uint8Array<ArrayBuffer>; expiresAt: string }> {
    const challenge = new Uint8Array(randomBytes(32));
    const id = uuidv7();
    const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString();
    // Spent and expired challenges are worth nothing: drop them as new ones are made.
    await this.db.deleteFrom('mykey_challenges').where('expires_at', '<', now.toISOString()).execute();
    await this.db
      .insertInto('mykey_challenges')
      .values({ id, device_id: deviceId, challenge: Buffer.from(challenge).toString('hex'), expires_at: expiresAt, used_at: null })
      .execute();
    return { id, challenge, expiresAt };
  }

  /** Spends a challenge; undefined when it is unknown, another device's, used or expired. */
  async spend(id: string, deviceId: string, now: Date): Promise<Uint8Array<ArrayBuffer> | undefined> {
    const at = now.toISOString();
    const row = await this.db
      .updateTable('mykey_challenges')
      .set({ used_at: at })
      .where('id', '=', id)
      .where('device_id', '=', deviceId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .returning('challenge')
      .executeTakeFirst();
    return row && new Uint8Array(Buffer.from(row.challenge, 'hex'));
  }
}
