/**
 * The reader on the check-in desk: whether a card is on it, and one connection per placement.
 * A reader may lose the card without an event (a card that slid off mid-exchange): after a card
 * error, `refresh()` asks the reader again.
 */
import { CardRemovedError } from '../../card/errors.ts';
import type { CardConnection, CardPresence, Reader } from '../../reader/reader.ts';

export class CardDesk {
  present = $state(false);
  reader = $state.raw<Reader | undefined>(undefined);
  private connection: Promise<CardConnection> | undefined;
  private unsubscribe: (() => void) | undefined;
  // Listeners, not state: nothing renders from this set.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly placedListeners = new Set<() => void>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly removedListeners = new Set<() => void>();
  /** Counts placements, so a late presence answer cannot undo a newer event. */
  private generation = 0;

  /** Watches `reader` (undefined: none), replacing any reader watched before. */
  attach(reader: Reader | undefined): void {
    if (reader === this.reader) return;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.drop();
    this.reader = reader;
    this.present = false;
    if (!reader) return;
    this.unsubscribe = reader.onPresenceChange((presence) => this.changed(presence));
    const generation = this.generation;
    void reader.cardPresence().then(
      (presence) => {
        if (generation === this.generation && this.reader === reader && presence === 'present') this.changed('present');
      },
      () => undefined,
    );
  }

  /** Called on each placement (also for a card already on the reader when attached). */
  onPlaced(listener: () => void): () => void {
    this.placedListeners.add(listener);
    return () => this.placedListeners.delete(listener);
  }

  /** Called when the card leaves the reader (an event, or a presence check after a card error). */
  onRemoved(listener: () => void): () => void {
    this.removedListeners.add(listener);
    return () => this.removedListeners.delete(listener);
  }

  /** Closes the connection to the card (the card powers down); the next connect() makes a new one. */
  release(): void {
    this.drop();
  }

  /**
   * The connection to the card on the reader, made once per placement and shared by every read
   * of that card; `signal` only stops this caller from waiting for it.
   */
  connect(signal?: AbortSignal): Promise<CardConnection> {
    const reader = this.reader;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!reader || !this.present) return Promise.reject(new CardRemovedError());
    if (!this.connection) {
      const made = reader.connect();
      made.catch(() => {
        if (this.connection === made) this.connection = undefined;
      });
      this.connection = made;
    }
    return this.connection;
  }

  /** After a card error: forget the connection and ask the reader whether the card is still there. */
  async refresh(): Promise<void> {
    this.drop();
    const reader = this.reader;
    if (!reader) return;
    const generation = this.generation;
    const presence = await reader.cardPresence().catch((): CardPresence => 'absent');
    if (generation === this.generation && reader === this.reader) this.setPresent(presence === 'present');
  }

  detach(): void {
    this.attach(undefined);
  }

  private changed(presence: CardPresence): void {
    this.generation += 1;
    this.drop();
    this.setPresent(presence === 'present');
    if (this.present) for (const listener of [...this.placedListeners]) listener();
  }

  private setPresent(present: boolean): void {
    const left = this.present && !present;
    this.present = present;
    if (left) for (const listener of [...this.removedListeners]) listener();
  }

  private drop(): void {
    const old = this.connection;
    this.connection = undefined;
    void old?.then((c) => c.disconnect()).catch(() => undefined);
  }
}
