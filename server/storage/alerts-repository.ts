import type { Kysely } from 'kysely';
import type { AlertAcknowledged, ShelterAlerts } from '../../src/protocol/api.ts';
import type { ServerDatabase } from './schema.ts';
import { nextVerdictChange } from './verdicts-repository.ts';

/** Open alerts shown to coordinators at most, newest first. */
const ALERTS_SHOWN = 500;

/** Alerts for coordinators: a card validation re-checked as revoked already when the card was seen. */
export class AlertsRepository {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  async openForShelter(shelterId: string): Promise<ShelterAlerts['alerts']> {
    const rows = await this.db
      .selectFrom('alerts')
      .innerJoin('events', 'events.id', 'alerts.event_id')
      .innerJoin('devices', 'devices.id', 'events.device_id')
      .leftJoin('verdicts', 'verdicts.event_id', 'alerts.event_id')
      .select([
        'alerts.id',
        'alerts.event_id',
        'alerts.kind',
        'alerts.created_at',
        'events.corrected_occurred_at',
        'events.resident_id',
        'devices.name as device_name',
        'verdicts.reason',
        'verdicts.meaning_ja',
        'verdicts.meaning_en',
        'verdicts.revoked_at',
      ])
      .where('alerts.shelter_id', '=', shelterId)
      .where('alerts.acknowledged_at', 'is', null)
      .orderBy('events.corrected_occurred_at', 'desc')
      .limit(ALERTS_SHOWN)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      eventId: row.event_id,
      kind: row.kind,
      createdAt: row.created_at,
      occurredAt: row.corrected_occurred_at,
      deviceName: row.device_name,
      residentId: row.resident_id,
      reason: row.reason ?? null,
      meaning: row.meaning_ja !== null && row.meaning_en !== null ? { ja: row.meaning_ja, en: row.meaning_en } : null,
      revokedAt: row.revoked_at ?? null,
    }));
  }

  /**
   * Closes the alert; one closed already keeps its first time. Undefined when there is no such
   * alert. Its verdict takes the shelter's next change number, so the verdict feed brings the
   * acknowledgement to the shelter's tablets.
   */
  async acknowledge(alertId: string, at: Date): Promise<AlertAcknowledged | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const closed = await trx
        .updateTable('alerts')
        .set({ acknowledged_at: at.toISOString() })
        .where('id', '=', alertId)
        .where('acknowledged_at', 'is', null)
        .returning(['shelter_id', 'event_id'])
        .executeTakeFirst();
      if (closed) {
        const changeSeq = await nextVerdictChange(trx, closed.shelter_id);
        await trx.updateTable('verdicts').set({ change_seq: changeSeq }).where('event_id', '=', closed.event_id).execute();
      }
      const row = await trx.selectFrom('alerts').select(['id', 'acknowledged_at']).where('id', '=', alertId).executeTakeFirst();
      return row?.acknowledged_at ? { id: row.id, acknowledgedAt: row.acknowledged_at } : undefined;
    });
  }
}
