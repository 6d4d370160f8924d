/**
 * A HashFactory whose hashes run in a worker of their own (workers/hash.worker.ts), so the
 * revocation worker parses and indexes while another core hashes. Chunks are copied and
 * transferred (the parser still reads the originals). Falls back to hashing in place where
 * workers cannot be started.
 */
import type { IncrementalHash } from '../src/revocation/byte-source.ts';
import { defaultHashFactory, type HashFactory } from '../src/revocation/digest.ts';

/** Chunks are gathered up to this size before crossing to the hash worker. */
const BATCH = 1 << 20;

export const parallelHashFactory: HashFactory = (name) => {
  if (typeof Worker === 'undefined') return defaultHashFactory(name);
  const worker = new Worker(new URL('./hash.worker.ts', import.meta.url), { type: 'module', name: 'hash' });
  worker.postMessage({ hash: name });
  let batch = new Uint8Array(BATCH);
  let used = 0;
  const send = (): void => {
    if (used === 0) return;
    const data = batch.subarray(0, used);
    worker.postMessage({ data }, [data.buffer]);
    batch = new Uint8Array(BATCH);
    used = 0;
  };
  const hash: IncrementalHash = {
    update(data) {
      for (let at = 0; at < data.length; ) {
        const n = Math.min(BATCH - used, data.length - at);
        batch.set(data.subarray(at, at + n), used);
        used += n;
        at += n;
        if (used === BATCH) send();
      }
    },
    digest() {
      send();
      return new Promise<Uint8Array>((resolve, reject) => {
        worker.onmessage = (event: MessageEvent<Uint8Array>) => {
          worker.terminate();
          resolve(event.data);
        };
        worker.onerror = (event) => {
          worker.terminate();
          reject(new Error(`hash worker failed: ${event.message}`));
        };
        worker.postMessage({ digest: true });
      });
    },
    abort() {
      worker.terminate();
    },
  };
  return hash;
};
