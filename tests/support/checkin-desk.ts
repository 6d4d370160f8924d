/**
 * A check-in desk in Node for the app's state classes: the training reader with the training
 * residents' virtual cards, the real revocation engine in process, the app's Dexie database on
 * fake-indexeddb with its event recorder, and the roster projected from the recorded events.
 */
import { vi } from 'vitest';
import { CardDesk } from '../../src/app/checkin/card-desk.svelte.ts';
import { CheckInFlow, type CheckInStep } from '../../src/app/checkin/checkin-flow.svelte.ts';
import type { FeedbackTone } from '../../src/app/feedback/read-feedback.svelte.ts';
import { ShelterActions } from '../../src/app/residents/shelter-actions.ts';
import { TrainingMode } from '../../src/app/training/training-mode.svelte.ts';
import type { ShelterEvent } from '../../src/protocol/events.ts';
import { TrainingReader } from '../../src/reader/training/training-reader.ts';
import { Roster } from '../../src/roster/roster.ts';
import { SimulatedDevice } from './device.ts';
import { InProcessRevocation } from './in-process-revocation.ts';

let desks = 0;

export class TestDesk {
  readonly device = new SimulatedDevice(`checkin-desk-${++desks}`);
  readonly reader = new TrainingReader();
  readonly revocation = new InProcessRevocation();
  readonly training = new TrainingMode(this.reader, this.revocation);
  readonly desk = new CardDesk();
  readonly actions = new ShelterActions(this.device.recorder, () => undefined);
  readonly tones: FeedbackTone[] = [];
  roster = new Roster();
  readonly flow: CheckInFlow;
  private readonly withCrls: boolean;

  constructor(options: { trainingCrls?: boolean } = {}) {
    this.flow = new CheckInFlow({
      desk: this.desk,
      actions: this.actions,
      validate: async (certificate, at) => {
        await this.training.whenReady();
        return this.revocation.validate(certificate, at);
      },
      roster: () => this.roster,
      feedback: { signal: (tone) => this.tones.push(tone) },
      cvIssuerKey: () => this.training.kit?.cvIssuerKey,
    });
    this.withCrls = options.trainingCrls ?? true;
  }

  async start(): Promise<this> {
    await this.device.nameShelter('shelter-1', '中央小学校 体育館', true);
    if (this.withCrls) {
      await this.training.start();
    } else {
      // The training CAs trusted, but no revocation list held: checks answer unknown.
      const { loadTrainingKit } = await import('../../src/app/training/training-kit.ts');
      const kit = await loadTrainingKit();
      this.training.kit = kit;
      await this.revocation.setExtraAnchors(kit.caCertificates);
    }
    this.desk.attach(this.reader);
    this.flow.start();
    return this;
  }

  async events(): Promise<ShelterEvent[]> {
    return (await this.device.db.events.orderBy('occurredAt').toArray()).map((row) => row.event).sort((a, b) => a.sequence - b.sequence);
  }

  /** Re-projects the roster from what was recorded (the app does this with a live query). */
  async refreshRoster(): Promise<Roster> {
    this.roster = new Roster(await this.events());
    return this.roster;
  }

  /** Places a training resident's card and waits for the flow to settle on a step other than reading. */
  async place(id: string): Promise<CheckInStep> {
    await this.refreshRoster();
    await this.training.place(id);
    return this.settled();
  }

  async settled(): Promise<CheckInStep> {
    await vi.waitFor(() => {
      if (this.flow.step.name === 'reading' || this.flow.step.name === 'waiting') throw new Error('still reading');
    });
    return this.flow.step;
  }
}
