/**
 * One process doing what `shelterkey crl index` does (verify + parse + index + write the index
 * folder), or only streaming the entries, so the benchmark can time whole processes and read
 * their peak memory. Prints one JSON line.
 *
 *   node --import tsx bench/crl/ingest-process.ts CRL CA.pem OUT_DIR [--hash node|wasm|noble] [--stream-only]
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { TrustStore } from '../../src/pki/trust-store.ts';
import { ingestCrl, nobleHashFactory, readCrl, wasmHashFactory } from '../../src/revocation/index.ts';
import { nodeHashFactory, openCrlFile } from '../../server/revocation/crl-input.ts';
import { IndexFolder } from '../../server/revocation/index-files.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { hash: { type: 'string', default: 'node' }, 'stream-only': { type: 'boolean', default: false } },
});
const [crlPath, caPath, outDir] = positionals;
if (!crlPath || !caPath || !outDir) throw new Error('usage: CRL CA.pem OUT_DIR [--hash node|wasm|noble] [--stream-only]');
const HASHES = { node: nodeHashFactory, wasm: wasmHashFactory, noble: nobleHashFactory };
const started = performance.now();
const file = await openCrlFile(crlPath);
let entries = 0;
if (values['stream-only']) {
  const summary = await readCrl(file.input, { entry: () => void entries++ });
  entries = summary.entryCount;
} else {
  const trustStore = TrustStore.fromFiles([new Uint8Array(await readFile(caPath))]);
  const result = await ingestCrl(file.input, { trustStore, hashFactory: HASHES[values.hash as keyof typeof HASHES] ?? nodeHashFactory });
  await new IndexFolder(outDir).write(result.index);
  entries = result.index.manifest.entryCount;
}
await file.close();
console.log(JSON.stringify({ entries, ms: Math.round(performance.now() - started), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
