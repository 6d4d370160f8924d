/** The page's view of syncing: status, progress, this shelter and enrollment, for the panels to show. */
import type { ShelterkeyDatabase } from '../../db/database.ts';
import { DexieRevocationStore, type RevocationIndexSummary } from '../../db/revocation-store.ts';
import { readSetting, writeSetting, type ShelterIdentity } from '../../db/settings.ts';
import { enrollThisDevice } from '../../sync/enrollment.ts';
import { EventRecorder } from '../../sync/event-recorder.ts';
import { SyncLoop, type SyncStatus } from '../../sync/sync-loop.ts';
import { workerRevocationSink } from '../workers/revocation-client.ts';
import { ShelterAlertsState } from './shelter-alerts.svelte.ts';

export class SyncState {
  status = $state<SyncStatus>({ state: 'idle', pending: 0, lastSyncedAt: undefined });
  shelter = $state<ShelterIdentity | undefined>(undefined);
  enrolledAt = $state<string | undefined>(undefined);
  lastSyncedAt = $state<string | undefined>(undefined);
  /** Card validations found revoked at check-in time, not yet acknowledged here. */
  readonly alerts: ShelterAlertsState;
  /** The settings have been read once (before that, "no shelter" means "not known yet"). */
  loaded = $state(false);
  conflicts = $state(0);
  /** The revocation lists held on this device (from the server or imported here). */
  revocationLists = $state<RevocationIndexSummary[]>([]);
  /** The shelter this device was enrolled into during this page's life, for the confirmation. */
  justEnrolledTo = $state<string | undefined>(undefined);
  private readonly loop: SyncLoop;

  constructor(private readonly db: ShelterkeyDatabase) {
    this.loop = new SyncLoop({ db, revocation: workerRevocationSink() });
    this.alerts = new ShelterAlertsState(db, new EventRecorder(db), () => this.recorded());
  }

  async start(): Promise<() => void> {
    await this.refresh();
    const stopAlerts = this.alerts.start();
    const unsubscribe = this.loop.subscribe((status) => {
      this.status = status;
      if (status.state !== 'syncing') void this.refresh();
    });
    this.loop.start();
    return () => {
      unsubscribe();
      stopAlerts();
      this.loop.stop();
    };
  }

  private async refresh(): Promise<void> {
    this.shelter = await readSetting(this.db, 'shelter');
    this.enrolledAt = (await readSetting(this.db, 'enrollment'))?.enrolledAt;
    this.lastSyncedAt = await readSetting(this.db, 'lastSyncedAt');
    this.revocationLists = await new DexieRevocationStore(this.db).list();
    this.conflicts = await this.db.events.where('[syncState+sequence]').between(['conflict', -Infinity], ['conflict', Infinity]).count();
    this.loaded = true;
  }

  /** Something was recorded: send it soon. */
  recorded(): void {
    this.loop.request();
  }

  syncNow(): void {
    this.loop.request();
  }

  async nameShelter(name: string): Promise<void> {
    const current = await readSetting(this.db, 'shelter');
    await writeSetting(this.db, 'shelter', current ? { ...current, name } : { id: crypto.randomUUID(), name, provisional: true });
    await this.refresh();
  }

  async enroll(serverUrl: string, code: string, deviceName: string): Promise<void> {
    await enrollThisDevice(this.db, { serverUrl, code, deviceName });
    await this.refresh();
    this.justEnrolledTo = this.shelter?.name;
    this.loop.reenrolled();
  }
}
