/**
 * What the app asks of the device's revocation engine: verdicts, the lists held, importing a
 * CRL, and extra trust anchors (the training CAs). The app uses the worker; tests may hand the
 * screens' state classes an in-process engine with the same shape.
 */
import type { Verdict } from '../../revocation/verdict.ts';
import type { HeldRevocationList, IngestSummary } from '../../../workers/revocation.worker.ts';
import { importCrl, revocationWorker, type ImportOptions } from '../workers/revocation-client.ts';

export interface RevocationPort {
  validate(certificate: Uint8Array, at: Date): Promise<Verdict>;
  list(): Promise<HeldRevocationList[]>;
  importCrl(source: Blob | Uint8Array, options?: ImportOptions): Promise<IngestSummary>;
  /** CA certificates (DER) trusted besides the built-in JPKI CAs, until changed. */
  setExtraAnchors(anchors: Uint8Array[]): Promise<void>;
}

export const workerRevocation: RevocationPort = {
  validate: (certificate, at) => revocationWorker().validate(certificate, at),
  list: () => revocationWorker().list(),
  importCrl: (source, options) => importCrl(source, options),
  setExtraAnchors: (anchors) => revocationWorker().setExtraAnchors(anchors),
};
