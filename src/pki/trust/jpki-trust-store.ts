import { parseCertificate, type Certificate } from '../certificate.ts';
import { parsePem } from '../pem.ts';
import { TrustStore } from '../trust-store.ts';
import { JPKI_CA_CERTIFICATES } from './jpki.ts';

/** The built-in JPKI root CAs and, besides them, `extra` anchors (configured CAs, training CAs). */
export function jpkiTrustStore(extra: readonly Certificate[] = []): TrustStore {
  const builtIn = JPKI_CA_CERTIFICATES.flatMap((ca) => parsePem(ca.pem)).map((block) => parseCertificate(block.der));
  return new TrustStore([...builtIn, ...extra]);
}
