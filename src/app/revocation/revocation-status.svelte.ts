/**
 * The revocation data panel: the lists this device holds (issuer, entries, age, next update),
 * and importing a raw CRL file picked from local storage, with progress and cancel. The import
 * replaces an issuer's index in one transaction, so a cancelled or failed import changes nothing.
 */
import type { CrlProgress } from '../../revocation/index.ts';
import type { HeldRevocationList, IngestSummary } from '../../../workers/revocation.worker.ts';
import type { RevocationPort } from './revocation-port.ts';

export type ImportOutcome = { kind: 'imported'; summary: IngestSummary } | { kind: 'cancelled' } | { kind: 'failed'; error: unknown };

export interface ImportProgress extends CrlProgress {
  total: number;
}

export class RevocationStatus {
  lists = $state.raw<HeldRevocationList[] | undefined>(undefined);
  labels = $state.raw<Record<string, string>>({});
  progress = $state.raw<ImportProgress | undefined>(undefined);
  outcome = $state.raw<ImportOutcome | undefined>(undefined);
  private controller: AbortController | undefined;

  constructor(
    private readonly revocation: RevocationPort,
    private readonly extraLabels: () => Record<string, string> = () => ({}),
    private readonly loadLabels: () => Promise<Record<string, string>> = async () => (await import('./issuer-labels.ts')).jpkiIssuerLabels(),
  ) {}

  async refresh(): Promise<void> {
    const [lists, labels] = await Promise.all([this.revocation.list(), this.loadLabels().catch(() => ({}))]);
    // A CA the app has no short name for is shown by the name its CRL gives.
    const named = Object.fromEntries(lists.filter((list) => list.issuer !== '').map((list) => [list.issuerKeyId, list.issuer]));
    this.labels = { ...named, ...labels, ...this.extraLabels() };
    this.lists = lists.sort((a, b) => this.labelOf(a.issuerKeyId).localeCompare(this.labelOf(b.issuerKeyId)));
  }

  labelOf(issuerKeyId: string): string {
    return this.labels[issuerKeyId] ?? '';
  }

  get importing(): boolean {
    return this.progress !== undefined;
  }

  async importFile(file: Blob): Promise<void> {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.outcome = undefined;
    this.progress = { bytes: 0, entries: 0, total: file.size };
    try {
      const summary = await this.revocation.importCrl(file, {
        signal: controller.signal,
        onProgress: (progress) => {
          this.progress = { ...progress, total: file.size };
        },
      });
      this.outcome = { kind: 'imported', summary };
    } catch (error) {
      this.outcome = controller.signal.aborted ? { kind: 'cancelled' } : { kind: 'failed', error };
    } finally {
      this.controller = undefined;
      this.progress = undefined;
    }
    await this.refresh();
  }

  cancel(): void {
    this.controller?.abort();
  }
}
