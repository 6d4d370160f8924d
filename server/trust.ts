/**
 * The trust anchors the server checks certificates against: the JPKI roots plus configured
 * files, and in training mode the committed training JPKI hierarchy.
 */
import { readFileSync } from 'node:fs';
import { parseCertificate } from '../src/pki/certificate.ts';
import { parsePem } from '../src/pki/pem.ts';
import { TrustStore } from '../src/pki/trust-store.ts';
import { JPKI_CA_CERTIFICATES } from '../src/pki/trust/jpki.ts';
import { trainingAuthority } from '../src/card/training/committed-data.ts';
import { ConfigError, type ServerConfig } from './config.ts';

export async function serverTrustStore(config: Pick<ServerConfig, 'extraCaFiles' | 'mode'>): Promise<TrustStore> {
  const builtIn = JPKI_CA_CERTIFICATES.flatMap((ca) => parsePem(ca.pem)).map((block) => parseCertificate(block.der));
  const extra = config.extraCaFiles.map((path) => {
    try {
      return TrustStore.fromFiles([new Uint8Array(readFileSync(path))]).anchors;
    } catch (cause) {
      throw new ConfigError(`JPKI_CA_FILES: cannot read a CA certificate from ${path}.`, { cause });
    }
  });
  const training = config.mode === 'training' ? (await trainingAuthority()).trustStore().anchors : [];
  return new TrustStore([...builtIn, ...extra.flat(), ...training]);
}
