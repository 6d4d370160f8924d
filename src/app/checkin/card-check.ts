/**
 * The check-in read: the user-authentication certificate from the card on the reader (no PIN),
 * its verdict at this moment from the device's revocation data, and what identifies the card
 * (certificate SHA-256, MyKey ID). When the certificate does not chain to a trusted CA, the CA
 * certificate the card carries is read too, only to tell staff why (it is never trusted).
 */
import { CardCancelledError, CardRemovedError, CardTimeoutError } from '../../card/errors.ts';
import { readUserAuthCaCertificate, readUserAuthCertificate } from '../../card/jpki/user-auth.ts';
import { openCardSession } from '../../card/session/card-session.ts';
import type { CardTransport } from '../../card/transport.ts';
import { parseCertificate } from '../../pki/certificate.ts';
import { checkUserAuthProfile, classifyJpkiName, type UserAuthProfileProblem } from '../../pki/jpki-profile.ts';
import { bytesToHex } from '../../protocol/encoding.ts';
import type { Verdict } from '../../revocation/verdict.ts';

/** The verdict on a certificate at `at` (the revocation worker, or an engine in tests). */
export type CertificateValidator = (certificate: Uint8Array<ArrayBuffer>, at: Date) => Promise<Verdict>;

/** What the card's own CA certificate says when its certificate is not trusted here. */
export type UntrustedIssuer =
  /** Named as a JPKI CA, but not one this device trusts (a generation not configured, or a forgery). */
  | 'jpki-not-trusted'
  /** A training card on a device in real use (or the reverse). */
  | 'training-card'
  /** Not a JPKI card at all. */
  | 'not-jpki';

export interface CardCheck {
  certificate: Uint8Array<ArrayBuffer>;
  /** SHA-256 of the certificate, lowercase hex. */
  fingerprint: string;
  mykeyId: string | undefined;
  /** Ways the certificate departs from the JPKI user-authentication profile (empty when it fits). */
  profileProblems: readonly UserAuthProfileProblem[];
  verdict: Verdict;
  untrustedIssuer: UntrustedIssuer | undefined;
  checkedAt: Date;
}

export interface CheckCardOptions {
  signal?: AbortSignal;
  now?: () => Date;
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

function profileOf(certificate: Uint8Array): { mykeyId: string | undefined; problems: UserAuthProfileProblem[] } {
  try {
    const profile = checkUserAuthProfile(parseCertificate(certificate));
    return profile.ok ? { mykeyId: profile.mykeyId.value, problems: [] } : { mykeyId: undefined, problems: profile.problems };
  } catch {
    return { mykeyId: undefined, problems: [] }; // malformed: the verdict says so
  }
}

function untrustedIssuerOf(caCertificate: Uint8Array | undefined): UntrustedIssuer {
  if (!caCertificate) return 'not-jpki';
  try {
    const issuer = classifyJpkiName(parseCertificate(caCertificate).subject);
    if (!issuer) return 'not-jpki';
    return issuer.training ? 'training-card' : 'jpki-not-trusted';
  } catch {
    return 'not-jpki';
  }
}

/** Reads the card on `transport` and reaches a verdict. Card errors (removed, timeout) propagate. */
export async function checkCard(transport: CardTransport, validate: CertificateValidator, options: CheckCardOptions = {}): Promise<CardCheck> {
  const { signal } = options;
  const session = openCardSession(transport, signal ? { signal } : {});
  const certificate = await readUserAuthCertificate(session, signal);
  const checkedAt = (options.now ?? (() => new Date()))();
  const [verdict, fingerprint] = await Promise.all([validate(certificate, checkedAt), sha256Hex(certificate)]);
  const profile = profileOf(certificate);
  let untrustedIssuer: UntrustedIssuer | undefined;
  if (verdict.status === 'invalid' && verdict.cause === 'untrusted-chain') {
    const caCertificate = await readUserAuthCaCertificate(session, signal).catch((error: unknown) => {
      // The card left or stalled: that is the problem to report. A card without the EF: no CA to name.
      if (error instanceof CardRemovedError || error instanceof CardTimeoutError || error instanceof CardCancelledError) throw error;
      return undefined;
    });
    untrustedIssuer = untrustedIssuerOf(caCertificate);
  }
  return { certificate, fingerprint, mykeyId: profile.mykeyId, profileProblems: profile.problems, verdict, untrustedIssuer, checkedAt };
}
