/**
 * Everything behind the check-in screen, wired once per page: the chosen reader, the card on it,
 * the check-in flow, training mode when the training reader is in use, and read feedback.
 * Checks wait for training mode to be ready (training CAs trusted, training CRLs held), so the
 * first training card placed is judged like the rest.
 */
import type { ShelterkeyDatabase } from '../../db/database.ts';
import { ReadFeedback } from '../feedback/read-feedback.svelte.ts';
import { readerRegistry, type ReaderRegistry } from '../reader/reader-sources.ts';
import { ReaderState } from '../reader/reader-state.svelte.ts';
import type { ShelterActions } from '../residents/shelter-actions.ts';
import { workerRevocation, type RevocationPort } from '../revocation/revocation-port.ts';
import type { RosterState } from '../roster/roster-state.svelte.ts';
import { TrainingMode } from '../training/training-mode.svelte.ts';
import { CardDesk } from './card-desk.svelte.ts';
import { CheckInFlow } from './checkin-flow.svelte.ts';

export class FrontDesk {
  readonly readers: ReaderState;
  readonly desk = new CardDesk();
  readonly feedback: ReadFeedback;
  readonly training: TrainingMode | undefined;
  readonly flow: CheckInFlow;
  /** The first screen is up: what it does not need (card code, worker, training data) may load now. */
  private firstScreenShown = $state(false);

  constructor(
    db: ShelterkeyDatabase,
    actions: ShelterActions,
    roster: RosterState,
    registry: ReaderRegistry = readerRegistry,
    private readonly revocation: RevocationPort = workerRevocation,
  ) {
    this.readers = new ReaderState(db, registry);
    this.feedback = new ReadFeedback(db);
    const trainingReader = registry.training?.reader;
    this.training = trainingReader && new TrainingMode(trainingReader, revocation);
    this.flow = new CheckInFlow({
      desk: this.desk,
      actions,
      roster: () => roster.roster,
      feedback: this.feedback,
      validate: async (certificate, at) => {
        if (this.readers.training) await this.training?.whenReady();
        return this.revocation.validate(certificate, at);
      },
      cvIssuerKey: () => (this.readers.training ? this.training?.kit?.cvIssuerKey : undefined),
    });
  }

  /**
   * Once a reader is ready, and after the first screen: fetch the card code and start the
   * revocation worker, so the first card placed is answered as fast as the next ones.
   */
  private async warmUp(): Promise<void> {
    await import('./card-check.ts').catch(() => undefined);
    await this.revocation.list().catch(() => undefined);
  }

  /** Called once the first screen can be used. */
  firstScreenUsable(): void {
    this.firstScreenShown = true;
  }

  start(): () => void {
    void this.readers.restore();
    void this.feedback.load();
    const stopFlow = this.flow.start();
    let trainingStarted = false;
    let warmed = false;
    const stopEffects = $effect.root(() => {
      $effect(() => {
        this.desk.attach(this.readers.reader);
        if (this.firstScreenShown && this.readers.reader && !warmed) {
          warmed = true;
          void this.warmUp();
        }
      });
      $effect(() => {
        // A check waits for training to be ready, so starting it after the first screen loses nothing.
        if (this.firstScreenShown && this.readers.training) {
          trainingStarted = true;
          void this.training?.start();
        } else if (trainingStarted && !this.readers.training) {
          trainingStarted = false;
          void this.training?.stop();
        }
      });
    });
    return () => {
      stopEffects();
      stopFlow();
      this.desk.detach();
    };
  }
}
