/**
 * The server's Ed25519 publishing key, which signs the revocation packages devices download.
 * Kept as a PKCS#8 PEM file (what `openssl genpkey -algorithm ed25519` writes), made once in
 * DATA_DIR unless PUBLISHING_KEY_FILE names one; signing is node:crypto's native Ed25519, and
 * devices verify with @noble/curves (src/revocation/package/verify.ts), same RFC 8032 bytes.
 *
 * Devices pin the public key at enrollment, so it must never change behind their back: the
 * database records the key it publishes under, and a server process started with another key
 * refuses to run (two processes on one PostgreSQL must share the key file).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { base64ToBytes, bytesToBase64 } from '../../src/protocol/encoding.ts';
import { ConfigError } from '../config.ts';
import type { MetaRepository } from '../storage/meta-repository.ts';

export const PUBLISHING_KEY_META = 'publishing-public-key';

export interface PublishingKey {
  /** The raw 32-byte Ed25519 public key devices pin. */
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

function fromBase64Url(text: string): string {
  return text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
}

function fromPrivateKey(privateKey: KeyObject): PublishingKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new ConfigError('The publishing key must be an Ed25519 key.');
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicKey = base64ToBytes(fromBase64Url(jwk.x ?? ''));
  return { publicKey, sign: (message) => new Uint8Array(sign(null, message, privateKey)) };
}

/** A key that lives only in memory (tests, benchmarks). */
export function ephemeralPublishingKey(): PublishingKey {
  return fromPrivateKey(generateKeyPairSync('ed25519').privateKey);
}

/** Reads the key file, or creates it (readable by the server's user only) when it does not exist yet. */
export function loadPublishingKey(file: string): { key: PublishingKey; created: boolean } {
  let created = false;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' });
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    created = true;
  }
  try {
    return { key: fromPrivateKey(createPrivateKey(readFileSync(file))), created };
  } catch (cause) {
    if (cause instanceof ConfigError) throw cause;
    throw new ConfigError(`Cannot read the publishing key from ${file} (an Ed25519 private key in PEM is expected).`, { cause });
  }
}

/**
 * Records the key in the database on first use; refuses a key other than the recorded one, as
 * every enrolled device would then refuse every package.
 */
export async function pinPublishingKey(meta: MetaRepository, key: PublishingKey): Promise<void> {
  const mine = bytesToBase64(key.publicKey);
  const recorded = await meta.setIfAbsent(PUBLISHING_KEY_META, mine);
  if (recorded !== mine) {
    throw new ConfigError(
      `This database publishes revocation data under the Ed25519 key ${recorded}, but this server has ${mine}. ` +
        'Give every server process the same PUBLISHING_KEY_FILE (devices pinned the recorded key at enrollment).',
    );
  }
}
