/**
 * The revocation step of a sync: after the events went out, ask the server which revocation
 * lists it publishes, and for each CA whose list is newer than the one held, download packages
 * (a delta from the version held, or a snapshot) and hand each to the device's revocation store
 * (the worker on a page), which verifies it against the pinned key and applies it in one
 * transaction. A list imported on the device that is newer than the server's stays.
 */
import type { RevocationPackageList } from '../protocol/api.ts';
import type { LocalizedText } from '../protocol/user-facing-error.ts';
import { SyncError, RevocationUpdateError } from './errors.ts';
import type { SyncClient } from './sync-client.ts';

export interface HeldRevocationList {
  /** Hex key identifier of the CA. */
  issuerKeyId: string;
  crlNumber: string | undefined;
  thisUpdate: Date;
  /** The server's package version held; undefined for a list imported on the device. */
  packageVersion?: number;
}

export interface AppliedRevocationPackage {
  issuerKeyId: string;
  version: number;
  kind: 'snapshot' | 'delta';
  /** False when the device already held a newer list. */
  applied: boolean;
}

/** Where packages go: the device's revocation store (through the revocation worker on a page). */
export interface RevocationPackageSink {
  held(): Promise<HeldRevocationList[]>;
  /** Verifies and applies one package; throws an error with the revocation engine's `code` when refused. */
  apply(bytes: Uint8Array): Promise<AppliedRevocationPackage>;
}

export interface RevocationProgress {
  /** CA lists brought up to date so far, of `issuers` that needed an update. */
  done: number;
  issuers: number;
  /** Bytes of the package being downloaded. */
  bytes: number;
}

export interface RevocationUpdateReport {
  /** Packages applied. */
  applied: number;
  /** Lists that needed nothing. */
  upToDate: number;
}

/** A server cannot have that many versions between two syncs: a loop would be a bug. */
const MAX_PACKAGES_PER_ISSUER = 100;

function isNewer(offered: RevocationPackageList['issuers'][number], held: HeldRevocationList | undefined): boolean {
  if (!held) return true;
  if (held.packageVersion === offered.version) return false;
  if (held.crlNumber !== undefined && offered.crlNumber !== null) return BigInt(offered.crlNumber) > BigInt(held.crlNumber);
  return Date.parse(offered.thisUpdate) > held.thisUpdate.getTime();
}

function refused(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'internal';
  const message: LocalizedText =
    typeof error === 'object' && error !== null && 'userMessage' in error
      ? (error.userMessage as LocalizedText)
      : { ja: '失効データを適用できませんでした。', en: 'The revocation data could not be applied.' };
  return new RevocationUpdateError(code, message, { cause: error });
}

export async function pullRevocationUpdates(
  client: SyncClient,
  sink: RevocationPackageSink,
  options: { onProgress?: (progress: RevocationProgress) => void; signal?: AbortSignal } = {},
): Promise<RevocationUpdateReport> {
  const offered = await client.revocationPackages();
  const held = new Map((await sink.held()).map((h) => [h.issuerKeyId, h]));
  const wanted = offered.issuers.filter((issuer) => isNewer(issuer, held.get(issuer.issuerKeyId)));
  const report: RevocationUpdateReport = { applied: 0, upToDate: offered.issuers.length - wanted.length };
  const progress: RevocationProgress = { done: 0, issuers: wanted.length, bytes: 0 };
  options.onProgress?.({ ...progress });

  for (const issuer of wanted) {
    let since = held.get(issuer.issuerKeyId)?.packageVersion ?? 0;
    let retriedWhole = false;
    for (let step = 0; step < MAX_PACKAGES_PER_ISSUER && since !== issuer.version; step++) {
      options.signal?.throwIfAborted();
      const bytes = await client.revocationPackage(issuer.issuerKeyId, since, (received) => options.onProgress?.({ ...progress, bytes: received }));
      if (!bytes) break;
      let applied: AppliedRevocationPackage;
      try {
        applied = await sink.apply(bytes);
      } catch (error) {
        // A delta that does not fit what is held: take the whole list once instead.
        const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
        if (code === 'revocation_package_mismatch' && !retriedWhole) {
          retriedWhole = true;
          since = 0;
          continue;
        }
        throw refused(error);
      }
      if (!applied.applied) break;
      report.applied++;
      since = applied.version;
    }
    progress.done++;
    options.onProgress?.({ ...progress, bytes: 0 });
  }
  return report;
}
