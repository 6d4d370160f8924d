/**
 * A running SHA-2 hash on its own thread: the revocation worker streams the tbsCertList here
 * while it parses, so hashing (the largest single cost of an ingest in the browser) runs on
 * the other core. Messages: { hash: name }, then { data }, then { digest: true } → digest bytes.
 */
import type { IncrementalHash } from '../src/revocation/byte-source.ts';
import { defaultHashFactory, type HashName } from '../src/revocation/digest.ts';

let hash: Promise<IncrementalHash> | undefined;

// Messages are handled in order: each waits for the hash to exist (WebAssembly starts asynchronously).
self.onmessage = async (event: MessageEvent<{ hash?: HashName; data?: Uint8Array; digest?: boolean }>) => {
  const message = event.data;
  if (message.hash) hash = Promise.resolve(defaultHashFactory(message.hash));
  else if (message.data) (await hash)?.update(message.data);
  else if (message.digest && hash) self.postMessage(await (await hash).digest());
};
