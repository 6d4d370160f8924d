/**
 * Incremental hashes for the tbsCertList while it streams. WebCrypto's digest() takes the whole
 * message at once, so a streaming library is needed: hash-wasm (SHA-2 compiled to WebAssembly,
 * about three times faster than plain JavaScript in Chromium) by default, with @noble/hashes
 * (audited, pure JavaScript) where WebAssembly cannot start. A host with a faster native
 * incremental hash (Node's `crypto.createHash`) may pass its own factory.
 */
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { createSHA256, createSHA384, createSHA512 } from 'hash-wasm';
import type { IncrementalHash } from './byte-source.ts';

export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

export type HashFactory = (name: HashName) => IncrementalHash | Promise<IncrementalHash>;

const NOBLE = { 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 } as const;
const WASM = { 'SHA-256': createSHA256, 'SHA-384': createSHA384, 'SHA-512': createSHA512 } as const;

export const nobleHashFactory: HashFactory = (name) => NOBLE[name].create();

export const wasmHashFactory: HashFactory = async (name) => {
  const hasher = await WASM[name]();
  hasher.init();
  return { update: (data) => hasher.update(data), digest: () => hasher.digest('binary') };
};

/** hash-wasm, or @noble/hashes when WebAssembly is unavailable (a strict CSP, an old engine). */
export const defaultHashFactory: HashFactory = async (name) => {
  try {
    return await wasmHashFactory(name);
  } catch {
    return nobleHashFactory(name);
  }
};

/** One-shot hash of a small message (PSS encoding, key identifiers). */
export function hashOnce(name: HashName, data: Uint8Array): Uint8Array {
  return NOBLE[name](data);
}
