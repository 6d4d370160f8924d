/**
 * Registering the holder of a checked card: consent → open the text AP with the PIN or with
 * 照合番号B (tries left shown first, the last try only with the resident's confirmation) → the
 * 4 attributes fill the form → register (and check in) with household members typed in.
 * The PIN passes through `read()` to the card layer and is never kept here.
 */
import { CardStatusError } from '../../card/apdu/status-errors.ts';
import { triesLeftAfter } from '../../card/pin/tries-left.ts';
import type { RsaPublicKeyComponents } from '../../card/rsa-public-key.ts';
import type { FourAttributesReading, TextApCredential } from '../../card/text-ap/read-attributes.ts';
import type { CardCheck } from '../checkin/card-check.ts';
import { detailsOf, type ResidentDraft } from '../residents/resident-draft.ts';
import type { ShelterActions } from '../residents/shelter-actions.ts';
import type { CardDesk } from '../checkin/card-desk.svelte.ts';
import { holderDetails } from './holder-details.ts';

export type RegistrationMethod = 'pin' | 'numbers';

export type RegistrationStep =
  | { name: 'consent' }
  /** Waiting for the PIN or the card numbers; `triesLeft` once the card told (0: locked). */
  | { name: 'credential'; method: RegistrationMethod; triesLeft: number | undefined }
  | { name: 'reading'; method: RegistrationMethod }
  | { name: 'form'; method: RegistrationMethod; attributes: FourAttributesReading };

export interface RegistrationOptions {
  desk: CardDesk;
  actions: ShelterActions;
  /** The key that signs the text AP's CV certificates (training: the training key; J-LIS's is not published). */
  cvIssuerKey?: () => RsaPublicKeyComponents | undefined;
}

export interface RegistrationCallbacks {
  onDone(outcome: 'checked-in' | 'registered', residentIds: string[]): void;
  onCancel(): void;
  /** Start over with the card now on the reader (another card was placed). */
  onRestart(): void;
}

const cardWork = () => import('./text-ap-reading.ts');

export class CardRegistration {
  step = $state.raw<RegistrationStep>({ name: 'consent' });
  /** What went wrong with the last attempt, for the screen to explain. */
  problem = $state.raw<unknown>(undefined);

  constructor(
    readonly check: CardCheck,
    private readonly options: RegistrationOptions & RegistrationCallbacks,
  ) {}

  /** The resident agreed and chose how to open the card: ask the card how many tries are left. */
  async choose(method: RegistrationMethod): Promise<void> {
    this.problem = undefined;
    this.step = { name: 'credential', method, triesLeft: undefined };
    try {
      const { textApTriesLeft } = await cardWork();
      const triesLeft = await textApTriesLeft(await this.options.desk.connect(), method);
      if (this.step.name === 'credential' && this.step.method === method) this.step = { name: 'credential', method, triesLeft };
    } catch (error) {
      await this.failed(error, method, undefined);
    }
  }

  /** Back to the consent screen (to choose the other way). */
  back(): void {
    this.problem = undefined;
    this.step = { name: 'consent' };
  }

  cancel(): void {
    this.options.onCancel();
  }

  restart(): void {
    this.options.onRestart();
  }

  /**
   * Opens the text AP with `credential` and reads the 4 attributes, after making sure the card
   * on the reader is the one checked. `residentConfirmedLastTry` only when the resident chose to
   * spend the last try.
   */
  async read(credential: TextApCredential, residentConfirmedLastTry: boolean): Promise<void> {
    const method: RegistrationMethod = credential.kind === 'pin' ? 'pin' : 'numbers';
    const triesLeft = this.step.name === 'credential' ? this.step.triesLeft : undefined;
    this.problem = undefined;
    this.step = { name: 'reading', method };
    try {
      const { readHolderAttributes } = await cardWork();
      const attributes = await readHolderAttributes(await this.options.desk.connect(), this.check.fingerprint, credential, {
        cvIssuerKey: this.options.cvIssuerKey?.(),
        residentConfirmedLastTry,
      });
      this.step = { name: 'form', method, attributes };
    } catch (error) {
      await this.failed(error, method, triesLeft);
    }
  }

  /** Registers the holder and the household members typed in; checks them in when asked. */
  async register(holder: ResidentDraft, members: readonly ResidentDraft[], checkIn: boolean): Promise<void> {
    const step = this.step;
    if (step.name !== 'form') return;
    const ids = await this.options.actions.registerWithCard(
      {
        ...holderDetails(step.attributes, holder),
        source: step.method === 'pin' ? 'card_pin' : 'card_numbers',
        certificateFingerprint: this.check.fingerprint,
        ...(this.check.mykeyId ? { mykeyId: this.check.mykeyId } : {}),
        attributesVerified: step.attributes.integrity.verified,
      },
      members.map(detailsOf),
      { checkIn },
    );
    this.options.onDone(checkIn ? 'checked-in' : 'registered', ids);
  }

  private async failed(error: unknown, method: RegistrationMethod, triesBefore: number | undefined): Promise<void> {
    this.problem = error;
    const triesLeft = triesLeftAfter(error, triesBefore);
    // The card answered (a wrong PIN, a locked PIN): it is still there. Anything else: ask the reader.
    if (!(error instanceof CardStatusError)) await this.options.desk.refresh();
    this.step = { name: 'credential', method, triesLeft };
  }
}
