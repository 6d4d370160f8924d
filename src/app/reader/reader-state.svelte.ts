/**
 * The card reader this device uses: chosen once (first run, or later on the check-in screen),
 * remembered in the settings, and found again after a reload without asking the user, when the
 * browser still allows it.
 */
import type { ShelterkeyDatabase } from '../../db/database.ts';
import { deleteSetting, readSetting, writeSetting, type ReaderChoiceSetting } from '../../db/settings.ts';
import type { ReaderGuidance } from '../../reader/compatibility/reader-guidance.ts';
import type { Reader, ReaderKind, ReaderSource } from '../../reader/reader.ts';
import type { ReaderRegistry } from './reader-sources.ts';

export type ReaderStatus =
  /** The settings are being read. */
  | 'loading'
  /** No reader chosen yet. */
  | 'none'
  | 'ready'
  /** A reader was chosen before, but the browser needs the user to pick it again (a click). */
  | 'needs-permission'
  /** This browser does not offer the chosen kind of reader. */
  | 'unavailable';

export class ReaderState {
  status = $state<ReaderStatus>('loading');
  choice = $state<ReaderChoiceSetting | undefined>(undefined);
  reader = $state.raw<Reader | undefined>(undefined);
  /** Why the last choice failed (the picker was closed, the reader refused), for the screen. */
  problem = $state<unknown>(undefined);
  /** What to do about the reader that was picked but cannot be used here, when the source knows. */
  guidance = $state.raw<ReaderGuidance | undefined>(undefined);

  constructor(
    private readonly db: ShelterkeyDatabase,
    readonly registry: ReaderRegistry,
  ) {}

  get training(): boolean {
    return this.choice?.kind === 'training';
  }

  get kind(): ReaderKind | undefined {
    return this.choice?.kind;
  }

  /** Finds the reader chosen earlier among those the browser allows without asking. */
  async restore(): Promise<void> {
    const choice = await readSetting(this.db, 'reader');
    this.choice = choice;
    if (!choice) {
      this.status = 'none';
      return;
    }
    const source = this.registry.byKind(choice.kind);
    if (!source || !source.available()) {
      this.status = 'unavailable';
      return;
    }
    try {
      const readers = await source.list();
      const reader = readers.find((r) => r.id === choice.readerId) ?? readers.find((r) => r.name === choice.readerName) ?? readers[0];
      this.use(reader);
    } catch (error) {
      this.problem = error;
      this.status = 'needs-permission';
    }
  }

  /** Asks the source for a reader (a browser picker for USB readers): call from a click. */
  async choose(source: ReaderSource): Promise<boolean> {
    this.problem = undefined;
    this.guidance = undefined;
    try {
      const [reader] = await source.request();
      if (!reader) return false;
      this.choice = { kind: source.kind, readerId: reader.id, readerName: reader.name };
      await writeSetting(this.db, 'reader', $state.snapshot(this.choice));
      this.use(reader);
      return true;
    } catch (error) {
      this.problem = error;
      this.guidance = source.guidanceFor?.(error);
      return false;
    }
  }

  /** Lets staff choose another reader. */
  async forget(): Promise<void> {
    const old = this.reader;
    this.reader = undefined;
    this.choice = undefined;
    this.status = 'none';
    await deleteSetting(this.db, 'reader');
    if (old && old.kind !== 'training') await old.close().catch(() => undefined);
  }

  private use(reader: Reader | undefined): void {
    this.reader = reader;
    this.status = reader ? 'ready' : 'needs-permission';
  }
}
