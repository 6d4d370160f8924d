/**
 * One resident's visit to the counter: card placed → certificate read (no PIN) → the resident's
 * 4-digit PIN (tries left shown, the last try only with their confirmation) → the card signs a
 * fresh server challenge → their MyKey ID, links and consents; then links, unlinks, consents and
 * withdrawals, each with a fresh proof. The visit ends — every personal detail dropped, the card
 * connection closed — when the card leaves the reader, when the resident finishes, or after the
 * idle timeout. Nothing of the resident is written anywhere on the device; PINs pass straight to
 * the card layer. An answer arriving after the visit ended is thrown away (`visit`).
 */
import { CardStatusError, SecurityStatusNotSatisfiedError } from '../../card/apdu/status-errors.ts';
import { CardError } from '../../card/errors.ts';
import { triesLeftAfter } from '../../card/pin/tries-left.ts';
import type { RsaPublicKeyComponents } from '../../card/rsa-public-key.ts';
import type { FourAttributesReading } from '../../card/text-ap/read-attributes.ts';
import { base64ToBytes, bytesToBase64 } from '../../protocol/encoding.ts';
import type { ConsentItem, CounterView, FourAttributesInput, KeyPossessionProofInput } from '../../protocol/mykey-api.ts';
import type { CardConnection } from '../../reader/reader.ts';
import type { CounterClient, CounterSystem } from './counter-client.ts';
import { CounterApiError, CounterNetworkError, CounterNotEnrolledError } from './counter-errors.ts';
import { attributesForRenewal, type AttributesAction, type RenewalAction, type RenewalStep } from './counter-renewal.ts';
import { attributesFor, serviceIdOf } from './counter-systems.ts';
import { IdleTimer, type IdleClock } from './idle-timer.svelte.ts';

export type CounterStep =
  | { name: 'waiting' }
  | { name: 'reading' }
  /** The card could not be used here (not a My Number Card, unreadable). */
  | { name: 'unusable'; error: unknown }
  /** The resident's PIN; `triesLeft` 0 = locked. */
  | { name: 'pin'; triesLeft: number | undefined }
  | { name: 'proving' }
  | { name: 'resident' }
  /** The visit ended with the card still on the reader. */
  | { name: 'take-card' };

export type CounterOutcome =
  | { kind: 'linked' | 'unlinked'; systemId: string }
  | { kind: 'consented' | 'withdrawn'; systemId: string; items: readonly ConsentItem[] }
  | { kind: 'problem'; systemId: string; error: unknown };

/** A consent waiting for the PIN of the card's details (the 4 attributes are read for it). */
export interface DetailsPinRequest {
  systemId: string;
  items: readonly ConsentItem[];
  triesLeft: number | undefined;
  reading: boolean;
  problem: unknown;
}

/** What the session needs of the reader (the app's CardDesk). */
export interface CounterDesk {
  readonly present: boolean;
  connect(signal?: AbortSignal): Promise<CardConnection>;
  refresh(): Promise<void>;
  release(): void;
  onPlaced(listener: () => void): () => void;
  onRemoved(listener: () => void): () => void;
}

export interface CounterSessionOptions {
  desk: CounterDesk;
  /** The API client of the enrolled device; undefined when it is not enrolled. */
  client: () => CounterClient | undefined;
  idleTimeoutMs: number;
  idleClock?: IdleClock;
  /** Whether the card is registered at this shelter (the device's roster); undefined: not known. */
  registeredHere?: (card: { fingerprint: string; mykeyId: string }) => boolean | undefined;
  /** The key that signs the text AP's CV certificates (training: the training key). */
  cvIssuerKey?: () => RsaPublicKeyComponents | undefined;
  /** The browser believes it has a network (navigator.onLine). */
  online?: () => boolean;
  /** The visit ended and its data is gone (the screen resets its language). */
  onCleared?: () => void;
}

const cardWork = () => import('./counter-card.ts');
/** A reader or transport failure (not the card's answer, not a PIN typed wrong): ask the reader whether the card is still there. */
const lostTheCard = (error: unknown): boolean => error instanceof CardError && !(error instanceof CardStatusError);
const browserOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false;

/** A renewal call: the serial link needs nothing more; the other actions send the 4 attributes just read. */
type RenewalRequest = { action: 'serial-link' } | { action: AttributesAction; attributes: FourAttributesInput };

export class CounterSession {
  step = $state.raw<CounterStep>({ name: 'waiting' });
  /** Why the last PIN attempt failed. */
  problem = $state.raw<unknown>(undefined);
  card = $state.raw<{ certificate: string; fingerprint: string; mykeyId: string } | undefined>(undefined);
  view = $state.raw<CounterView | undefined>(undefined);
  systems = $state.raw<CounterSystem[]>([]);
  registeredHere = $state<boolean | undefined>(undefined);
  /** Why the view could not be loaded (no network, not enrolled). */
  serverProblem = $state.raw<unknown>(undefined);
  /** The action in progress, e.g. "link:<system id>". */
  busy = $state<string | undefined>(undefined);
  outcome = $state.raw<CounterOutcome | undefined>(undefined);
  detailsPin = $state.raw<DetailsPinRequest | undefined>(undefined);
  /** A renewed card carried over (or the earlier card prepared for one): see counter-renewal.ts. */
  renewal = $state.raw<RenewalStep | undefined>(undefined);
  readonly idle: IdleTimer;
  /** Read for a consent, kept only until the visit ends; never rendered. */
  private attributes: FourAttributesReading | undefined;
  /** What to carry on with once the PIN is entered again. */
  private resume: (() => Promise<void>) | undefined;
  private visit = 0;

  constructor(private readonly options: CounterSessionOptions) {
    this.idle = new IdleTimer(options.idleTimeoutMs, () => this.clear(), options.idleClock);
  }

  /** Follows the reader: a card placed starts a visit, a card removed ends it. Returns the stop function. */
  start(): () => void {
    const { desk } = this.options;
    const stops = [
      desk.onPlaced(() => {
        if (this.step.name !== 'waiting' && this.step.name !== 'take-card') this.clear();
        void this.begin();
      }),
      desk.onRemoved(() => this.clear()),
    ];
    if (desk.present) void this.begin();
    return () => {
      for (const stop of stops) stop();
      this.clear();
    };
  }

  /** The resident did something: the idle timeout starts again. */
  touch(): void {
    this.idle.touch();
  }

  /** Ends the visit: every detail of the resident dropped, the card connection closed. */
  clear(): void {
    this.visit += 1;
    this.card = undefined;
    this.view = undefined;
    this.systems = [];
    this.registeredHere = undefined;
    this.serverProblem = undefined;
    this.busy = undefined;
    this.outcome = undefined;
    this.detailsPin = undefined;
    this.renewal = undefined;
    this.problem = undefined;
    this.attributes = undefined;
    this.resume = undefined;
    this.options.desk.release();
    this.idle.stop();
    this.step = this.options.desk.present ? { name: 'take-card' } : { name: 'waiting' };
    this.options.onCleared?.();
  }

  /** Starts a visit with the card on the reader (also "Start again"). */
  async begin(): Promise<void> {
    const visit = ++this.visit;
    this.step = { name: 'reading' };
    this.idle.start();
    try {
      const { readCounterCard } = await cardWork();
      const card = await readCounterCard(await this.options.desk.connect());
      if (visit !== this.visit) return;
      this.card = { certificate: card.certificate, fingerprint: card.fingerprint, mykeyId: card.mykeyId };
      this.step = { name: 'pin', triesLeft: card.triesLeft };
    } catch (error) {
      if (visit !== this.visit) return;
      await this.options.desk.refresh();
      if (visit === this.visit) this.step = { name: 'unusable', error };
    }
  }

  /** The resident's PIN, handed to the card once; `confirmedLastTry` only when they chose to spend the last try. */
  async submitPin(pin: string, confirmedLastTry: boolean): Promise<void> {
    if (this.step.name !== 'pin') return;
    const visit = this.visit;
    const triesBefore = this.step.triesLeft;
    this.problem = undefined;
    this.step = { name: 'proving' };
    this.idle.touch();
    try {
      const { verifyCounterPin } = await cardWork();
      await verifyCounterPin(await this.options.desk.connect(), pin, confirmedLastTry);
    } catch (error) {
      if (visit === this.visit) await this.pinFailed(visit, error, triesBefore);
      return;
    }
    if (visit !== this.visit) return;
    const card = this.card;
    if (card) this.registeredHere = this.options.registeredHere?.(card);
    const resume = this.resume;
    this.resume = undefined;
    if (resume) {
      this.step = { name: 'resident' };
      await resume();
    } else {
      await this.load(visit);
    }
  }

  /** Loads the view again (after the network came back). */
  async retry(): Promise<void> {
    if (this.step.name !== 'resident') return;
    this.serverProblem = undefined;
    this.step = { name: 'proving' };
    await this.load(this.visit);
  }

  async link(systemId: string, typed: string): Promise<void> {
    let serviceId: string;
    try {
      serviceId = serviceIdOf(typed);
    } catch (error) {
      this.outcome = { kind: 'problem', systemId, error };
      return;
    }
    await this.act(`link:${systemId}`, systemId, async (client, proof) => {
      const links = await client.link(proof, systemId, serviceId);
      this.view = this.view && { ...this.view, links, known: true, canCarryOver: false };
      return { kind: 'linked', systemId };
    });
  }

  async unlink(systemId: string): Promise<void> {
    await this.act(`unlink:${systemId}`, systemId, async (client, proof) => {
      const links = await client.unlink(proof, systemId);
      this.view = this.view && { ...this.view, links };
      return { kind: 'unlinked', systemId };
    });
  }

  /** Consent to give `items` to a system: the 4 attributes are read from the card first (its details' PIN). */
  async giveConsent(systemId: string, items: readonly ConsentItem[]): Promise<void> {
    const attributes = this.attributes;
    if (!attributes) {
      if (!this.ready(systemId)) return;
      const visit = this.visit;
      this.detailsPin = { systemId, items, triesLeft: undefined, reading: false, problem: undefined };
      try {
        const { textApTriesLeft } = await cardWork();
        const triesLeft = await textApTriesLeft(await this.options.desk.connect(), 'pin');
        if (visit === this.visit && this.detailsPin?.systemId === systemId) this.detailsPin = { ...this.detailsPin, triesLeft };
      } catch (error) {
        if (visit === this.visit && this.detailsPin) this.detailsPin = { ...this.detailsPin, problem: error };
      }
      return;
    }
    await this.act(`consent:${systemId}`, systemId, async (client, proof) => {
      const consents = await client.giveConsent(proof, systemId, [...items], attributesFor(items, attributes));
      this.view = this.view && { ...this.view, consents, known: true, canCarryOver: false };
      return { kind: 'consented', systemId, items };
    });
  }

  /** The PIN of the card's details, for the consent waiting in `detailsPin`. */
  async submitDetailsPin(pin: string, confirmedLastTry: boolean): Promise<void> {
    const request = this.detailsPin;
    const card = this.card;
    if (!request || request.reading || !card) return;
    const visit = this.visit;
    this.detailsPin = { ...request, reading: true, problem: undefined };
    this.idle.touch();
    try {
      const { readHolderAttributes } = await cardWork();
      this.attributes = await readHolderAttributes(await this.options.desk.connect(), card.fingerprint, { kind: 'pin', pin }, {
        cvIssuerKey: this.options.cvIssuerKey?.(),
        residentConfirmedLastTry: confirmedLastTry,
      });
    } catch (error) {
      if (visit !== this.visit) return;
      const triesLeft = triesLeftAfter(error, request.triesLeft);
      if (lostTheCard(error)) await this.options.desk.refresh();
      if (visit === this.visit) this.detailsPin = { ...request, triesLeft, reading: false, problem: error };
      return;
    }
    if (visit !== this.visit) return;
    this.detailsPin = undefined;
    await this.giveConsent(request.systemId, request.items);
  }

  cancelDetailsPin(): void {
    this.detailsPin = undefined;
  }

  /** Withdraws the consent to `items` (all of the system's when omitted). */
  async withdrawConsent(systemId: string, items?: readonly ConsentItem[]): Promise<void> {
    await this.act(`withdraw:${systemId}`, systemId, async (client, proof) => {
      const consents = await client.withdrawConsent(proof, systemId, items ? [...items] : undefined);
      const withdrawn = items ?? (this.view?.consents ?? []).filter((c) => c.relyingPartyId === systemId).map((c) => c.item);
      this.view = this.view && { ...this.view, consents };
      return { kind: 'withdrawn', systemId, items: withdrawn };
    });
  }

  /**
   * A renewed card: carry the earlier registration over to it (`attributes`, `serial-link`), or
   * prepare this card for a renewal to come (`prepare`). The 4 attributes are read first, after
   * the PIN of the card's details (`submitRenewalPin`); J-LIS's serial link is asked at once.
   */
  async startRenewal(action: RenewalAction): Promise<void> {
    if (this.step.name !== 'resident' || this.busy !== undefined) return;
    const problem = this.serverUnavailable();
    if (problem) {
      this.renewal = { name: 'problem', action, error: problem };
      return;
    }
    if (action === 'serial-link') {
      await this.renew({ action });
      return;
    }
    const visit = this.visit;
    this.renewal = { name: 'details-pin', action, triesLeft: undefined, reading: false, problem: undefined };
    try {
      const { textApTriesLeft } = await cardWork();
      const triesLeft = await textApTriesLeft(await this.options.desk.connect(), 'pin');
      if (visit === this.visit && this.renewal?.name === 'details-pin') this.renewal = { ...this.renewal, triesLeft };
    } catch (error) {
      if (visit === this.visit && this.renewal?.name === 'details-pin') this.renewal = { ...this.renewal, problem: error };
    }
  }

  /** The PIN of the card's details for the renewal step waiting in `renewal`; the attributes read live only for the call. */
  async submitRenewalPin(pin: string, confirmedLastTry: boolean): Promise<void> {
    const step = this.renewal;
    const card = this.card;
    if (step?.name !== 'details-pin' || step.reading || !card) return;
    const visit = this.visit;
    this.renewal = { ...step, reading: true, problem: undefined };
    this.idle.touch();
    let attributes: FourAttributesInput;
    try {
      const { readHolderAttributes } = await cardWork();
      const reading = await readHolderAttributes(await this.options.desk.connect(), card.fingerprint, { kind: 'pin', pin }, {
        cvIssuerKey: this.options.cvIssuerKey?.(),
        residentConfirmedLastTry: confirmedLastTry,
      });
      attributes = attributesForRenewal(reading);
    } catch (error) {
      if (visit !== this.visit) return;
      if (lostTheCard(error)) await this.options.desk.refresh();
      if (visit === this.visit) this.renewal = { ...step, triesLeft: triesLeftAfter(error, step.triesLeft), reading: false, problem: error };
      return;
    }
    if (visit === this.visit) await this.renew({ action: step.action, attributes });
  }

  cancelRenewal(): void {
    if (this.renewal?.name !== 'sending') this.renewal = undefined;
  }

  private async renew(request: RenewalRequest): Promise<void> {
    const client = this.options.client();
    if (!client) return;
    const visit = this.visit;
    this.busy = 'renewal';
    this.renewal = { name: 'sending', action: request.action };
    this.idle.touch();
    try {
      if (request.action === 'prepare') {
        await client.registerAttributes(await this.proof(client), request.attributes);
        if (visit !== this.visit) return;
        this.view = this.view && { ...this.view, attributesRegistered: true };
        this.renewal = { name: 'prepared' };
      } else {
        const result = await client.carryOver(await this.proof(client), request.action === 'attributes' ? { method: 'attributes', attributes: request.attributes } : { method: 'serial-link' });
        if (visit !== this.visit) return;
        this.renewal = { name: 'carried-over', mykeyId: result.mykeyId, previousMyKeyIds: result.previousMyKeyIds };
        // The earlier registration's links and consents are this card's now.
        await this.refreshView(visit, client);
      }
    } catch (error) {
      if (visit !== this.visit) return;
      this.busy = undefined;
      if (await this.needsPinAgain(visit, error, () => this.renew(request))) return;
      this.renewal = { name: 'problem', action: request.action, error };
    } finally {
      if (visit === this.visit) {
        this.busy = undefined;
        this.idle.touch();
      }
    }
  }

  /** Why no server action can start now (not enrolled, offline), or undefined. */
  private serverUnavailable(): unknown {
    if (!this.options.client()) return new CounterNotEnrolledError();
    return (this.options.online ?? browserOnline)() ? undefined : new CounterNetworkError();
  }

  /** Whether a server action can start now; says why not in `outcome`. */
  private ready(systemId: string): boolean {
    if (this.step.name !== 'resident' || this.busy !== undefined) return false;
    const problem = this.serverUnavailable();
    this.outcome = problem ? { kind: 'problem', systemId, error: problem } : undefined;
    return problem === undefined;
  }

  /** One server action with a fresh proof; a lost PIN status asks for the PIN and then carries on. */
  private async act(busy: string, systemId: string, work: (client: CounterClient, proof: KeyPossessionProofInput) => Promise<CounterOutcome>): Promise<void> {
    if (!this.ready(systemId)) return;
    const client = this.options.client();
    if (!client) return;
    const visit = this.visit;
    this.busy = busy;
    this.idle.touch();
    try {
      const outcome = await work(client, await this.proof(client));
      if (visit === this.visit) this.outcome = outcome;
    } catch (error) {
      if (visit !== this.visit) return;
      this.busy = undefined;
      if (await this.needsPinAgain(visit, error, () => this.act(busy, systemId, work))) return;
      this.outcome = { kind: 'problem', systemId, error };
      // Already registered: the screen may be behind what the server has (another counter, a system).
      if (error instanceof CounterApiError && error.status === 409) await this.refreshView(visit, client);
    } finally {
      if (visit === this.visit) {
        this.busy = undefined;
        this.idle.touch();
      }
    }
  }

  private async load(visit: number): Promise<void> {
    const client = this.options.client();
    try {
      if (!client) throw new CounterNotEnrolledError();
      const proof = await this.proof(client);
      const [view, systems] = await Promise.all([client.me(proof), client.relyingParties()]);
      if (visit !== this.visit) return;
      this.view = view;
      this.systems = systems;
      this.serverProblem = undefined;
    } catch (error) {
      if (visit !== this.visit || (await this.needsPinAgain(visit, error, () => this.load(visit)))) return;
      this.serverProblem = error;
    }
    if (visit === this.visit) {
      this.step = { name: 'resident' };
      this.idle.touch();
    }
  }

  private async refreshView(visit: number, client: CounterClient): Promise<void> {
    try {
      const view = await client.me(await this.proof(client));
      if (visit === this.visit) this.view = view;
    } catch {
      // The problem shown is the refusal; the view stays as it was.
    }
  }

  private async proof(client: CounterClient): Promise<KeyPossessionProofInput> {
    const card = this.card;
    if (!card) throw new Error('no card in this visit');
    const { challengeId, challenge } = await client.challenge();
    const { signChallenge } = await cardWork();
    const signature = await signChallenge(await this.options.desk.connect(), base64ToBytes(challenge));
    return { certificate: card.certificate, challengeId, signature: bytesToBase64(signature) };
  }

  /**
   * The card no longer counts the PIN as verified (a reader that powered it down, a card that
   * resets its security status on another application): ask for the PIN, then `resume`.
   */
  private async needsPinAgain(visit: number, error: unknown, resume: () => Promise<void>): Promise<boolean> {
    if (lostTheCard(error)) await this.options.desk.refresh();
    if (!(error instanceof SecurityStatusNotSatisfiedError) || visit !== this.visit) return false;
    this.resume = resume;
    this.step = { name: 'pin', triesLeft: undefined };
    try {
      const { counterPinTriesLeft } = await cardWork();
      const triesLeft = await counterPinTriesLeft(await this.options.desk.connect());
      if (visit === this.visit && this.step.name === 'pin') this.step = { name: 'pin', triesLeft };
    } catch {
      // The PIN screen works without the count; a card that left ends the visit anyway.
    }
    return true;
  }

  private async pinFailed(visit: number, error: unknown, triesBefore: number | undefined): Promise<void> {
    const triesLeft = triesLeftAfter(error, triesBefore);
    if (lostTheCard(error)) await this.options.desk.refresh();
    if (visit !== this.visit) return;
    this.problem = error;
    this.step = { name: 'pin', triesLeft };
  }
}
