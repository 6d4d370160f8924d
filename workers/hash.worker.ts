/**
 * A running SHA-2 hash on its own thread: the revocation worker streams the tbsCertList here
 * while it parses, so hashing (the largest single cost of an ingest in the browser) runs on
 * the other core. Messages: { hash: name }, then { data }, then { digest: true } → digest bytes.
 */
import type { IncrementalHash } from '../src/revocation/byte-source.ts';
import { nobleHashFactory, type HashName } from '../src/revocation/digest.ts';

let hash: IncrementalHash | undefined;

self.onmessage = async (event: MessageEvent<{ hash?: HashName; data?: Uint8Array; digest?: boolean }>) => {
  const message = event.data;
  if (message.hash) hash = nobleHashFactory(message.hash);
  else if (message.data) hash?.update(message.data);
  else if (message.digest && hash) self.postMessage(await hash.digest());
};
