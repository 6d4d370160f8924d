/**
 * When a newer list of a CA arrives, the card validations already synced are looked at again:
 * a check-in synced while the server still had yesterday's list (or none) may turn out to have
 * accepted a card revoked before it was seen, since J-LIS lists a revocation a day or so after
 * it happens. Only validations the new list can change are re-checked: those of this CA still
 * "unknown", and those whose serial the list added or changed. A verdict only ever moves to
 * revoked (a released hold does not undo what was true at check-in time); each new
 * "revoked at check-in" becomes an alert for the shelter's coordinators.
 */
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ShelterEvent } from '../../src/protocol/events.ts';
import { base64ToBytes } from '../../src/protocol/encoding.ts';
import type { Clock } from '../clock.ts';
import { closeAcknowledged } from '../storage/alert-acknowledgements.ts';
import type { ServerDatabase } from '../storage/schema.ts';
import { nextVerdictChange } from '../storage/verdicts-repository.ts';
import { ALERT_REVOKED_AT_CHECK_IN } from '../sync/push-service.ts';
import type { CertificateRechecker } from '../sync/recheck.ts';

const SERIALS_PER_QUERY = 500;

export interface RecheckSummary {
  /** Validations looked at again. */
  rechecked: number;
  /** Of those, found revoked already when the card was seen: new alerts. */
  newAlerts: number;
}

interface Candidate {
  event_id: string;
  body: string;
  corrected_occurred_at: string;
  shelter_id: string;
}

export class ValidationRecheck {
  constructor(
    private readonly db: Kysely<ServerDatabase>,
    private readonly rechecker: CertificateRechecker,
    private readonly clock: Clock,
  ) {}

  /** `changedSerials`: hex serials the new list added or changed; undefined: every validation of the CA. */
  async afterImport(issuerKeyId: string, changedSerials: readonly string[] | undefined): Promise<RecheckSummary> {
    const candidates = new Map<string, Candidate>();
    const base = () =>
      this.db
        .selectFrom('verdicts')
        .innerJoin('events', 'events.id', 'verdicts.event_id')
        .select(['verdicts.event_id', 'events.body', 'events.corrected_occurred_at', 'events.shelter_id'])
        .where('verdicts.issuer_key_id', '=', issuerKeyId);
    const add = (rows: Candidate[]) => rows.forEach((row) => candidates.set(row.event_id, row));
    if (changedSerials === undefined) {
      add(await base().where('verdicts.status', 'in', ['valid', 'unknown']).execute());
    } else {
      add(await base().where('verdicts.status', '=', 'unknown').execute());
      for (let i = 0; i < changedSerials.length; i += SERIALS_PER_QUERY) {
        add(await base().where('verdicts.status', '=', 'valid').where('verdicts.serial', 'in', changedSerials.slice(i, i + SERIALS_PER_QUERY)).execute());
      }
    }
    if (candidates.size === 0) return { rechecked: 0, newAlerts: 0 };

    await this.rechecker.refresh?.();
    const checkedAt = this.clock.now().toISOString();
    let newAlerts = 0;
    for (const candidate of candidates.values()) {
      const event = JSON.parse(candidate.body) as ShelterEvent;
      if (event.type !== 'card.validated') continue;
      const at = new Date(candidate.corrected_occurred_at);
      const result = await this.rechecker.recheck(base64ToBytes(event.payload.certificate), at);
      if (result.status !== 'revoked' && result.status !== 'valid') continue;
      const revokedAtCheckIn = result.status === 'revoked' && result.revokedAt !== undefined && Date.parse(result.revokedAt) <= at.getTime();
      await this.db.transaction().execute(async (trx) => {
        // A new place in the shelter's verdict feed, so its tablets hear of the change.
        const changeSeq = await nextVerdictChange(trx, candidate.shelter_id);
        await trx
          .updateTable('verdicts')
          .set({
            status: result.status,
            reason: result.reason ?? null,
            revoked_at: result.revokedAt ?? null,
            meaning_ja: result.meaning?.ja ?? null,
            meaning_en: result.meaning?.en ?? null,
            changed: result.status !== event.payload.verdict.status ? 1 : 0,
            revoked_at_check_in: revokedAtCheckIn ? 1 : 0,
            checked_at: checkedAt,
            change_seq: changeSeq,
          })
          .where('event_id', '=', candidate.event_id)
          .where('status', '!=', 'revoked')
          .execute();
        if (!revokedAtCheckIn) return;
        const inserted = await trx
          .insertInto('alerts')
          .values({ id: uuidv7(), shelter_id: candidate.shelter_id, event_id: candidate.event_id, kind: ALERT_REVOKED_AT_CHECK_IN, created_at: checkedAt, acknowledged_at: null })
          .onConflict((oc) => oc.columns(['event_id', 'kind']).doNothing())
          .executeTakeFirst();
        const added = Number(inserted.numInsertedOrUpdatedRows ?? 0n);
        // An acknowledgement the shelter's events hold already counts for the new alert too.
        if (added > 0) await closeAcknowledged(trx, candidate.shelter_id, [candidate.event_id]);
        newAlerts += added;
      });
    }
    return { rechecked: candidates.size, newAlerts };
  }
}
