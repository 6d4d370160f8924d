/**
 * Training mode (the training reader is the chosen reader): the virtual residents' cards to
 * place, practice problems for the next card, and the training CAs and CRLs in the device's
 * revocation engine so checks answer Valid or Revoked. The CRLs are made and imported when
 * training starts and the device holds none current for a live training CA.
 */
import { JPKI_EF, TEXT_EF } from '../../card/card-layout.ts';
import type { VirtualCardFaults } from '../../card/virtual/virtual-transport.ts';
import type { TrainingReader } from '../../reader/training/training-reader.ts';
import type { RevocationPort } from '../revocation/revocation-port.ts';
import type { TrainingCardIssue, TrainingKit } from './training-kit.ts';

export const PRACTICE_CONDITIONS = ['none', 'slips-off', 'slips-off-pin', 'last-try', 'pin-locked', 'no-answer'] as const;
export type PracticeCondition = (typeof PRACTICE_CONDITIONS)[number];

/** The card session gives up on a silent card after seconds; this card stays silent far longer. */
const SILENT_CARD_MS = 10 * 60_000;
/** The text AP VERIFY carrying a PIN (or 照合番号B): INS 20 with data. */
const isVerifyWithData = (command: Uint8Array): boolean => command[1] === 0x20 && command.length > 5;

export type CrlState = 'idle' | 'loading' | 'loaded' | 'failed';

export class TrainingMode {
  kit = $state.raw<TrainingKit | undefined>(undefined);
  kitProblem = $state.raw<unknown>(undefined);
  crl = $state<CrlState>('idle');
  crlLoadedAt = $state<Date | undefined>(undefined);
  crlProblem = $state.raw<unknown>(undefined);
  /** Applies to the next card placed, then returns to 'none'. */
  condition = $state<PracticeCondition>('none');
  /** The training resident whose card was placed last. */
  placedId = $state<string | undefined>(undefined);
  /** Which of their cards it was. */
  placedIssue = $state<TrainingCardIssue>('first');
  private ready: Promise<void> | undefined;

  constructor(
    private readonly reader: TrainingReader,
    private readonly revocation: RevocationPort,
    private readonly loadKit: () => Promise<TrainingKit> = async () => (await import('./training-kit.ts')).loadTrainingKit(),
    // A clock, not state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Loads the training data, trusts the training CAs and makes sure their CRLs are held. */
  start(): Promise<void> {
    this.ready ??= this.prepare();
    return this.ready;
  }

  /** Resolves when checks can use the training CAs and CRLs (also when loading them failed). */
  whenReady(): Promise<void> {
    return this.ready ?? Promise.resolve();
  }

  /** Leaves training mode: the training CAs are no longer trusted. */
  async stop(): Promise<void> {
    this.ready = undefined;
    this.reader.remove();
    await this.revocation.setExtraAnchors([]);
  }

  private async prepare(): Promise<void> {
    try {
      const kit = await this.loadKit();
      this.kit = kit;
      await this.revocation.setExtraAnchors(kit.caCertificates);
      const now = this.now();
      const held = await this.revocation.list();
      const current = kit.liveIssuerKeyIds.every((keyId) => held.some((row) => row.issuerKeyId === keyId && (!row.nextUpdate || row.nextUpdate > now)));
      if (current) {
        this.crl = 'loaded';
        this.crlLoadedAt = held.filter((row) => kit.liveIssuerKeyIds.includes(row.issuerKeyId)).map((row) => row.storedAt).sort((a, b) => b.getTime() - a.getTime())[0];
      } else {
        await this.loadCrls();
      }
    } catch (error) {
      this.kitProblem = error;
    }
  }

  /** Makes the training CRLs now and imports them into the device's revocation engine. */
  async loadCrls(): Promise<void> {
    const kit = this.kit;
    if (!kit) return;
    this.crl = 'loading';
    this.crlProblem = undefined;
    try {
      for (const der of await kit.crls(this.now())) await this.revocation.importCrl(der, { extraAnchors: kit.caCertificates });
      this.crl = 'loaded';
      this.crlLoadedAt = this.now();
    } catch (error) {
      this.crl = 'failed';
      this.crlProblem = error;
    }
  }

  /** Places the resident's training card on the training reader, with the practice condition chosen. */
  async place(id: string, issue: TrainingCardIssue = 'first'): Promise<void> {
    const kit = this.kit;
    if (!kit) return;
    const card = await kit.card(id, issue);
    const faults: VirtualCardFaults = {};
    switch (this.condition) {
      case 'slips-off':
        // After SELECT JPKI-AP, SELECT EF 000A and the first READ BINARY: mid-certificate.
        faults.removeAfterExchanges = 3;
        break;
      case 'slips-off-pin':
        faults.removeWhen = isVerifyWithData;
        break;
      case 'no-answer':
        faults.latencyMs = SILENT_CARD_MS;
        break;
      // Both 4-digit PINs: the card details' (registration) and the user-authentication one (counter).
      case 'last-try':
        card.setTriesLeft('text', TEXT_EF.pin, 1);
        card.setTriesLeft('jpki', JPKI_EF.userAuthPin, 1);
        break;
      case 'pin-locked':
        card.setTriesLeft('text', TEXT_EF.pin, 0);
        card.setTriesLeft('jpki', JPKI_EF.userAuthPin, 0);
        break;
      case 'none':
        break;
    }
    this.condition = 'none';
    this.placedId = id;
    this.placedIssue = issue;
    this.reader.place(card, faults);
  }

  remove(): void {
    this.placedId = undefined;
    this.reader.remove();
  }
}
