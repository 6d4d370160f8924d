/**
 * Re-checks a certificate against the server's trust anchors: malformed, untrusted, expired or
 * not-yet-valid certificates are invalid at the time asked; a trusted one is "unknown" until the
 * server holds revocation data for its issuer.
 */
import { isWithinValidity, parseCertificate } from '../../src/pki/certificate.ts';
import { verifyIssuedByTrustStore } from '../../src/pki/chain.ts';
import { MalformedCertificateError } from '../../src/pki/errors.ts';
import type { TrustStore } from '../../src/pki/trust-store.ts';
import type { CertificateRechecker, RecheckResult } from './recheck.ts';

export class TrustRechecker implements CertificateRechecker {
  constructor(private readonly trust: TrustStore) {}

  async recheck(der: Uint8Array, at: Date): Promise<RecheckResult> {
    let certificate;
    try {
      certificate = parseCertificate(der);
    } catch (error) {
      if (error instanceof MalformedCertificateError) return { status: 'invalid', reason: 'malformed' };
      throw error;
    }
    const chain = await verifyIssuedByTrustStore(certificate, this.trust, at);
    if (!chain.trusted) return { status: 'invalid', reason: `untrusted:${chain.problem}` };
    if (at < certificate.notBefore) return { status: 'invalid', reason: 'not-yet-valid' };
    if (!isWithinValidity(certificate, at)) return { status: 'invalid', reason: 'expired' };
    return { status: 'unknown', reason: 'no-revocation-data' };
  }
}
