/**
 * The server process of `npm run bench:mykey`: the real app (buildApp) over the configured
 * storage, with the CRL files in BENCH_CRL_DIR imported into the server's own revocation store
 * (as `shelterkey admin crl import` does). Prints its URL.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { trainingAuthority } from '../../src/card/training/committed-data.ts';
import { buildApp } from '../../server/app.ts';
import { systemClock } from '../../server/clock.ts';
import { readConfig } from '../../server/config.ts';
import { ephemeralPublishingKey } from '../../server/revocation/publishing-key.ts';
import { createRevocationServices } from '../../server/revocation/revocation-services.ts';
import { openConfiguredStorage } from '../../server/storage/open.ts';

const config = readConfig();
const crlDir = process.env.BENCH_CRL_DIR ?? '';
const trustStore = (await trainingAuthority()).trustStore();
const storage = await openConfiguredStorage(config);
const revocation = createRevocationServices({ storage, trustStore, publishingKey: ephemeralPublishingKey(), clock: systemClock });
for (const file of (await readdir(crlDir)).sort()) {
  await revocation.importer.import(new Uint8Array(await readFile(join(crlDir, file))), `bench:${file}`);
}
const app = await buildApp({ config, storage, revocation });
app.addHook('onClose', () => storage.close());
const url = await app.listen({ port: config.port, host: '127.0.0.1' });
process.stdout.write(`BENCH_URL ${url}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
