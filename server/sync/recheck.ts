/**
 * The server's second look at a certificate a device accepted offline: the newest revocation
 * data, at the time the device saw the card.
 */
import type { LocalizedText } from '../../src/protocol/user-facing-error.ts';
import type { LocalVerdict } from '../../src/protocol/events.ts';

export interface RecheckResult {
  status: LocalVerdict['status'];
  reason?: string;
  meaning?: LocalizedText;
  revokedAt?: string;
  /** The certificate's CA (hex key id) and serial (hex), when known: a later list is matched by them. */
  issuerKeyId?: string;
  serial?: string;
}

export interface CertificateRechecker {
  recheck(certificate: Uint8Array, at: Date): Promise<RecheckResult>;
  /** Called once before a batch's re-checks: take in revocation data imported since the last batch. */
  refresh?(): Promise<void>;
}
