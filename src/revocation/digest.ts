/**
 * Incremental hashes for the tbsCertList while it streams. WebCrypto's digest() takes the whole
 * message at once, so the default is @noble/hashes (audited, no dependencies, the same code in
 * browsers, workers and Node). A host with a faster native incremental hash (Node's
 * `crypto.createHash`) may pass its own factory.
 */
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { IncrementalHash } from './byte-source.ts';

export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

export type HashFactory = (name: HashName) => IncrementalHash;

const NOBLE = { 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 } as const;

export const nobleHashFactory: HashFactory = (name) => NOBLE[name].create();

/** One-shot hash of a small message (PSS encoding, tests). */
export function hashOnce(name: HashName, data: Uint8Array): Uint8Array {
  return NOBLE[name](data);
}
