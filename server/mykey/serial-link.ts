/**
 * J-LIS's old/new serial link (DOMAIN.md §2, seed 003): with the holder's consent a verifier may
 * ask which certificate preceded a renewed one, and so tie the new card to the existing person.
 * The server talks to it through this port; J-LIS's own interface is reached only by registered
 * verifiers, so production has no adapter until one is configured (the counter then answers
 * "unavailable" and staff use the other proofs). Training mode answers from the training data.
 */
import type { Certificate } from '../../src/pki/certificate.ts';

/** A certificate as CRLs and J-LIS name it: the issuer's key id (hex) and the serial (uppercase hex). */
export interface CertificateRef {
  issuerKeyId: string;
  serial: string;
}

export interface SerialLinkService {
  /** Shown in logs and the health of the MyKey functions. */
  readonly name: string;
  /** The certificate `certificate` renewed, or undefined when J-LIS knows none. */
  predecessorOf(certificate: Certificate, at: Date): Promise<CertificateRef | undefined>;
}

export class SerialLinkUnavailableError extends Error {
  override name = 'SerialLinkUnavailableError';
}

/** No J-LIS connection configured. */
export const unavailableSerialLinks: SerialLinkService = {
  name: 'none',
  predecessorOf() {
    return Promise.reject(new SerialLinkUnavailableError('no J-LIS old/new serial link is configured'));
  },
};
