/**
 * The shelter's open alerts on this device, kept current as verdicts arrive (a sync) and as
 * staff acknowledge them, here or on another tablet; each named with the resident from the roster of every event held.
 */
import { liveQuery } from 'dexie';
import type { ShelterkeyDatabase } from '../../db/database.ts';
import { Roster } from '../../roster/roster.ts';
import { acknowledgeAlert } from '../../sync/alert-acknowledgements.ts';
import type { EventRecorder } from '../../sync/event-recorder.ts';
import { alertViews, type AlertView } from './alert-view.ts';
import { heldAlerts, openAlertsOf, ValidationFingerprints, type HeldAlerts } from './open-alerts.ts';

export class ShelterAlertsState {
  views = $state.raw<AlertView[]>([]);
  private readonly fingerprints = new ValidationFingerprints();
  private updates = 0;

  constructor(
    private readonly db: ShelterkeyDatabase,
    private readonly recorder: EventRecorder,
    /** An acknowledgement was recorded: send it soon. */
    private readonly afterRecord: () => void,
  ) {}

  get count(): number {
    return this.views.length;
  }

  /** One resident's alerts (their page). */
  of(residentId: string): AlertView[] {
    return this.views.filter((view) => view.resident?.id === residentId);
  }

  start(): () => void {
    const subscription = liveQuery(() => heldAlerts(this.db)).subscribe({
      next: (held) => void this.show(held),
      error: (error: unknown) => console.error('alerts query failed', error),
    });
    return () => subscription.unsubscribe();
  }

  async acknowledge(alertId: string): Promise<void> {
    await acknowledgeAlert(this.db, this.recorder, alertId);
    this.afterRecord();
  }

  private async show(held: HeldAlerts): Promise<void> {
    const update = ++this.updates;
    const open = await openAlertsOf(held, this.fingerprints);
    // A newer answer of the query may have come while the fingerprints were computed.
    if (update !== this.updates) return;
    this.views = alertViews(open, new Roster(held.events.map((row) => row.event)));
  }
}
