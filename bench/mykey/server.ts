/**
 * The server process of `npm run bench:mykey`: the real app (buildApp) over the configured
 * storage, with the revocation lookup answered by the revocation engine from the CRL files in
 * BENCH_CRL_DIR (the server's own CRL store is not part of this build yet). Prints its URL.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { trainingAuthority } from '../../src/card/training/committed-data.ts';
import { ingestCrl, MemoryIndexStore } from '../../src/revocation/index.ts';
import { buildApp } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import { IndexRevocationLookup } from '../../server/mykey/validity.ts';
import { RevocationRechecker } from '../../server/revocation/revocation-rechecker.ts';
import { openConfiguredStorage } from '../../server/storage/open.ts';

const config = readConfig();
const crlDir = process.env.BENCH_CRL_DIR ?? '';
const trustStore = (await trainingAuthority()).trustStore();
const indexes = new MemoryIndexStore();
for (const file of await readdir(crlDir)) {
  indexes.put((await ingestCrl(new Uint8Array(await readFile(join(crlDir, file))), { trustStore })).index);
}
const storage = await openConfiguredStorage(config);
const app = await buildApp({
  config,
  storage,
  rechecker: new RevocationRechecker(trustStore, indexes),
  revocationLookup: new IndexRevocationLookup(trustStore, indexes),
});
app.addHook('onClose', () => storage.close());
const url = await app.listen({ port: config.port, host: '127.0.0.1' });
process.stdout.write(`BENCH_URL ${url}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
