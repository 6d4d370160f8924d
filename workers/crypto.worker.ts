/**
 * Crypto off the UI thread: hashing (certificate fingerprints) now, CRL ingest and signature
 * checks as they arrive. Exposed with comlink; every method takes and returns structured-clone
 * friendly values.
 */
import { expose } from 'comlink';
import { sha256Hex } from '../src/pki/digest.ts';

export const cryptoWorkerApi = {
  sha256Hex(data: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
    return sha256Hex(data);
  },
};

export type CryptoWorkerApi = typeof cryptoWorkerApi;

expose(cryptoWorkerApi);
