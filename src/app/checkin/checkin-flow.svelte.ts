/**
 * The check-in desk, step by step: wait for a card → read and check it → show the verdict (and
 * the resident, when the card is known) → check in with one tap, register, or link a renewed
 * card. Every card read is recorded as a card.validated event before its verdict is shown; a
 * card error (removed, no answer) shows what to do and the next placement reads again.
 */
import type { Roster } from '../../roster/roster.ts';
import type { ShelterActions } from '../residents/shelter-actions.ts';
import type { FeedbackTone } from '../feedback/read-feedback.svelte.ts';
import { CardRegistration, type RegistrationOptions } from '../card-registration/registration-flow.svelte.ts';
import type { CardDesk } from './card-desk.svelte.ts';
import type { CardCheck, CertificateValidator } from './card-check.ts';
import { acceptable, MAX_RECORDED_CERTIFICATE_BYTES, statusOf, validationPayloadOf, type VerdictStatus } from './verdict-view.ts';

export type CheckInStep =
  | { name: 'waiting' }
  | { name: 'reading' }
  | { name: 'verdict'; check: CardCheck; residentId: string | undefined }
  | { name: 'registering'; check: CardCheck; registration: CardRegistration }
  | { name: 'done'; outcome: 'checked-in' | 'registered'; residentIds: string[] }
  | { name: 'problem'; error: unknown };

export interface CheckInFlowOptions extends Omit<RegistrationOptions, 'desk' | 'actions'> {
  desk: CardDesk;
  actions: ShelterActions;
  validate: CertificateValidator;
  roster: () => Roster;
  feedback?: { signal(tone: FeedbackTone): void };
  now?: () => Date;
}

const TONE: Record<VerdictStatus, FeedbackTone> = { valid: 'good', unknown: 'attention', revoked: 'bad', invalid: 'bad' };

export class CheckInFlow {
  step = $state.raw<CheckInStep>({ name: 'waiting' });
  private reads = 0;
  private abort: AbortController | undefined;
  /** While the resident counter uses the reader, cards placed are not read or recorded here. */
  private pauses = 0;

  constructor(private readonly options: CheckInFlowOptions) {}

  /** Reads each card placed on the desk's reader; returns the stop function. */
  start(): () => void {
    const stop = this.options.desk.onPlaced(() => {
      // A registration in progress keeps its card: the resident put it back for the PIN.
      if (this.pauses === 0 && this.step.name !== 'registering') void this.read();
    });
    return () => {
      stop();
      this.abort?.abort();
    };
  }

  /**
   * Hands the reader to another screen (the resident counter): what was shown is dropped, and
   * cards placed are ignored until the returned function resumes the desk.
   */
  pause(): () => void {
    this.pauses += 1;
    this.reads += 1;
    this.abort?.abort();
    this.step = { name: 'waiting' };
    let resumed = false;
    return () => {
      if (resumed) return;
      resumed = true;
      this.pauses -= 1;
    };
  }

  /** Reads the card on the reader now (also "Read the card again"). */
  async read(): Promise<void> {
    const token = ++this.reads;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.step = { name: 'reading' };
    const { desk, validate, actions, roster, feedback, now } = this.options;
    try {
      const { checkCard } = await import('./card-check.ts');
      if (token !== this.reads) return;
      const connection = await desk.connect(abort.signal);
      const check = await checkCard(connection, validate, { signal: abort.signal, ...(now ? { now } : {}) });
      if (token !== this.reads) return;
      const resident = roster().findByCard({ certificateFingerprint: check.fingerprint, mykeyId: check.mykeyId });
      if (check.certificate.length <= MAX_RECORDED_CERTIFICATE_BYTES) await actions.cardValidated(validationPayloadOf(check, resident?.id));
      if (token !== this.reads) return;
      feedback?.signal(TONE[statusOf(check)]);
      this.step = { name: 'verdict', check, residentId: resident?.id };
    } catch (error) {
      if (token !== this.reads) return;
      await desk.refresh();
      feedback?.signal('bad');
      this.step = { name: 'problem', error };
    }
  }

  /** One tap for a resident the card identified. */
  async checkInReturning(): Promise<void> {
    const step = this.step;
    if (step.name !== 'verdict' || !step.residentId) return;
    await this.options.actions.checkIn(step.residentId, 'returning');
    this.finish('checked-in', [step.residentId]);
  }

  /**
   * A renewed card (new certificate, new MyKey ID) of a resident registered earlier: staff found
   * them by name. The validation is recorded again with the resident, which teaches every device
   * this card; then the resident is checked in.
   */
  async linkAndCheckIn(residentId: string): Promise<void> {
    const step = this.step;
    if (step.name !== 'verdict' || step.residentId || !acceptable(step.check)) return;
    await this.options.actions.cardValidated(validationPayloadOf(step.check, residentId));
    await this.options.actions.checkIn(residentId, 'returning');
    this.finish('checked-in', [residentId]);
  }

  /** Starts registering the holder of the card just checked (consent comes first); not from a revoked or invalid card. */
  register(): void {
    const step = this.step;
    if (step.name !== 'verdict' || !acceptable(step.check)) return;
    const registration = new CardRegistration(step.check, {
      ...this.options,
      onDone: (outcome, ids) => this.finish(outcome, ids),
      onCancel: () => {
        if (this.step.name === 'registering') this.step = { name: 'verdict', check: step.check, residentId: undefined };
      },
      onRestart: () => void this.read(),
    });
    this.step = { name: 'registering', check: step.check, registration };
  }

  private finish(outcome: 'checked-in' | 'registered', residentIds: string[]): void {
    this.step = { name: 'done', outcome, residentIds };
  }
}
