/**
 * A simulated shelter tablet in Node: the app's own Dexie database over fake-indexeddb (a full
 * IndexedDB implementation), its event recorder and sync engine. "Reloading" reopens the same
 * database from a new connection, as a new page would.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { ShelterkeyDatabase } from '../../src/db/database.ts';
import { DexieRevocationStore } from '../../src/db/revocation-store.ts';
import { writeSetting } from '../../src/db/settings.ts';
import { EventRecorder } from '../../src/sync/event-recorder.ts';
import type { RevocationPackageSink } from '../../src/sync/revocation-updates.ts';

export class SimulatedDevice {
  private static factory = new IDBFactory();
  db: ShelterkeyDatabase;
  recorder: EventRecorder;

  constructor(
    readonly name: string,
    readonly clock: () => Date = () => new Date(),
  ) {
    this.db = this.open();
    this.recorder = new EventRecorder(this.db, clock);
  }

  private open(): ShelterkeyDatabase {
    return new ShelterkeyDatabase(`device-${this.name}`, { indexedDB: SimulatedDevice.factory, IDBKeyRange });
  }

  /** The device's revocation store, as the revocation worker runs it on a page (same code, same database). */
  get revocationStore(): DexieRevocationStore {
    return new DexieRevocationStore(this.db);
  }

  get revocation(): RevocationPackageSink {
    const store = this.revocationStore;
    return { held: () => store.list(), apply: (bytes) => store.applyPackage(bytes) };
  }

  async nameShelter(id: string, name: string, provisional: boolean): Promise<void> {
    await writeSetting(this.db, 'shelter', { id, name, provisional });
  }

  reload(): void {
    this.db.close();
    this.db = this.open();
    this.recorder = new EventRecorder(this.db, this.clock);
  }

  /** Ids of the events made on this device, in the order they were made. */
  async localEventIds(): Promise<string[]> {
    const rows = (await this.db.events.toArray()).filter((row) => row.syncState !== 'remote');
    return rows.sort((a, b) => a.sequence - b.sequence).map((row) => row.id);
  }

  async dispose(): Promise<void> {
    this.db.close();
    await this.db.delete();
  }
}
