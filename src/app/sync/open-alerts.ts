/** Reads the open alerts and what the device holds about each (verdict, validation event, certificate fingerprint). */
import type { AlertRow, EventRow, ShelterkeyDatabase, VerdictRow } from '../../db/database.ts';
import { sha256Hex } from '../../pki/digest.ts';
import { base64ToBytes } from '../../protocol/encoding.ts';
import type { ShelterEvent } from '../../protocol/events.ts';
import type { OpenAlert } from './alert-view.ts';

export interface HeldAlerts {
  alerts: AlertRow[];
  verdicts: (VerdictRow | undefined)[];
  /** Every event held while an alert is open: the resident's name may come from any of them. */
  events: EventRow[];
}

/** Dexie reads only, so a liveQuery can watch it. */
export async function heldAlerts(db: ShelterkeyDatabase): Promise<HeldAlerts> {
  const alerts = await db.alerts.where('acknowledged').equals(0).toArray();
  if (alerts.length === 0) return { alerts, verdicts: [], events: [] };
  const [verdicts, events] = await Promise.all([db.verdicts.bulkGet(alerts.map((a) => a.eventId)), db.events.toArray()]);
  return { alerts, verdicts, events };
}

/** SHA-256 of the certificates of validations not tied to a resident, computed once per event. */
export class ValidationFingerprints {
  private readonly known = new Map<string, string>();

  async of(event: ShelterEvent): Promise<string | undefined> {
    if (event.type !== 'card.validated' || event.payload.residentId) return undefined;
    let fingerprint = this.known.get(event.id);
    if (fingerprint === undefined) {
      fingerprint = await sha256Hex(base64ToBytes(event.payload.certificate));
      this.known.set(event.id, fingerprint);
    }
    return fingerprint;
  }
}

export async function openAlertsOf({ alerts, verdicts, events }: HeldAlerts, fingerprints: ValidationFingerprints): Promise<OpenAlert[]> {
  const byId = new Map(events.map((row) => [row.id, row.event]));
  return Promise.all(
    alerts.map(async (alert, i) => {
      const event = byId.get(alert.eventId);
      return { alert, verdict: verdicts[i], event, certificateFingerprint: event ? await fingerprints.of(event) : undefined };
    }),
  );
}
