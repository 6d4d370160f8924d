/**
 * The trust anchors the server checks certificates against: the JPKI roots plus configured
 * files, and in training mode the committed training JPKI hierarchy.
 */
import { readFileSync } from 'node:fs';
import { TrustStore } from '../src/pki/trust-store.ts';
import { jpkiTrustStore } from '../src/pki/trust/jpki-trust-store.ts';
import { trainingAuthority } from '../src/card/training/committed-data.ts';
import { ConfigError, type ServerConfig } from './config.ts';

export async function serverTrustStore(config: Pick<ServerConfig, 'extraCaFiles' | 'mode'>): Promise<TrustStore> {
  const extra = config.extraCaFiles.map((path) => {
    try {
      return TrustStore.fromFiles([new Uint8Array(readFileSync(path))]).anchors;
    } catch (cause) {
      throw new ConfigError(`JPKI_CA_FILES: cannot read a CA certificate from ${path}.`, { cause });
    }
  });
  const training = config.mode === 'training' ? (await trainingAuthority()).trustStore().anchors : [];
  return jpkiTrustStore([...extra.flat(), ...training]);
}
