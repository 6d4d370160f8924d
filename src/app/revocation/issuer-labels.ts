/**
 * Names for the CAs whose revocation lists the device holds, by key identifier: J-LIS's
 * published JPKI CAs (loaded with import(): it parses certificates).
 */
import { parseCertificate } from '../../pki/certificate.ts';
import { parsePem } from '../../pki/pem.ts';
import { JPKI_CA_CERTIFICATES } from '../../pki/trust/jpki.ts';
import { bytesToHex } from '../../protocol/encoding.ts';

export function jpkiIssuerLabels(): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const ca of JPKI_CA_CERTIFICATES) {
    for (const block of parsePem(ca.pem)) {
      const keyId = parseCertificate(block.der).subjectKeyIdentifier;
      if (keyId) labels[bytesToHex(keyId)] = ca.label;
    }
  }
  return labels;
}
