/**
 * The page's handle on the revocation worker: import a CRL (file, bytes or stream) with
 * progress and an AbortSignal, and ask verdicts, without blocking the UI thread.
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { CrlProgress } from '../../revocation/index.ts';
import { UserFacingError, type LocalizedText } from '../../protocol/user-facing-error.ts';
import type { RevocationPackageSink } from '../../sync/revocation-updates.ts';
import type { IngestRequest, IngestSummary, PortableError, RevocationWorkerApi } from '../../../workers/revocation.worker.ts';

/** An error of the revocation engine, as the worker reported it (same code and messages). */
export class RevocationWorkerError extends UserFacingError {
  constructor(
    readonly code: string,
    userMessage: LocalizedText,
  ) {
    super(userMessage);
  }
}

function fromWorker(error: unknown): unknown {
  if (typeof error !== 'object' || error === null || !('code' in error)) return error;
  const e = error as PortableError;
  return new RevocationWorkerError(e.code, e.userMessage ?? { ja: e.message, en: e.message });
}

let remote: Remote<RevocationWorkerApi> | undefined;
let jobs = 0;

export function revocationWorker(): Remote<RevocationWorkerApi> {
  remote ??= wrap<RevocationWorkerApi>(
    new Worker(new URL('../../../workers/revocation.worker.ts', import.meta.url), { type: 'module', name: 'revocation' }),
  );
  return remote;
}

export interface ImportOptions {
  onProgress?: (progress: CrlProgress) => void;
  signal?: AbortSignal;
  /** DER of CA certificates to trust besides the built-in JPKI CAs. */
  extraAnchors?: Uint8Array[];
}

/** Verifies, indexes and stores a CRL in the worker; rejects with a RevocationWorkerError (code crl_ingest_cancelled when aborted). */
export async function importCrl(source: IngestRequest['source'], options: ImportOptions = {}): Promise<IngestSummary> {
  const worker = revocationWorker();
  const jobId = `crl-${++jobs}`;
  const request: IngestRequest = { jobId, source, extraAnchors: options.extraAnchors };
  const message = source instanceof ReadableStream ? transfer(request, [source]) : request;
  const cancel = (): void => void worker.cancel(jobId);
  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await worker.ingest(message, options.onProgress ? proxy(options.onProgress) : undefined);
  } catch (error) {
    throw fromWorker(error);
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
}

/** The sync loop's way to the revocation worker: packages are verified and applied there. */
export function workerRevocationSink(): RevocationPackageSink {
  return {
    held: () => revocationWorker().list(),
    async apply(bytes) {
      try {
        return await revocationWorker().applyPackage(transfer(bytes, [bytes.buffer]));
      } catch (error) {
        throw fromWorker(error);
      }
    },
  };
}
