/** The roster on screen, rebuilt whenever the device's events change (recorded here or pulled). */
import { liveQuery } from 'dexie';
import type { ShelterkeyDatabase } from '../../db/database.ts';
import { Roster } from '../../roster/roster.ts';

export class RosterState {
  roster = $state.raw(new Roster());
  loaded = $state(false);

  constructor(private readonly db: ShelterkeyDatabase) {}

  start(): () => void {
    const subscription = liveQuery(() => this.db.events.toArray()).subscribe({
      next: (rows) => {
        this.roster = new Roster(rows.map((row) => row.event));
        this.loaded = true;
      },
      error: (error: unknown) => console.error('roster query failed', error),
    });
    return () => subscription.unsubscribe();
  }
}
