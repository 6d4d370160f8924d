/** The page's handle on the crypto worker, started once and checked with a known-answer test. */
import { wrap, type Remote } from 'comlink';
import type { CryptoWorkerApi } from '../../../workers/crypto.worker.ts';

let remote: Remote<CryptoWorkerApi> | undefined;

export function cryptoWorker(): Remote<CryptoWorkerApi> {
  remote ??= wrap<CryptoWorkerApi>(
    new Worker(new URL('../../../workers/crypto.worker.ts', import.meta.url), { type: 'module', name: 'crypto' }),
  );
  return remote;
}

// FIPS 180-2 appendix B.1: SHA-256("abc").
const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

/** True when the worker answers and its WebCrypto computes a known digest correctly. */
export async function selfTestCryptoWorker(): Promise<boolean> {
  const abc = new TextEncoder().encode('abc');
  return (await cryptoWorker().sha256Hex(abc)) === ABC_SHA256;
}
