/**
 * `npm run bench:crl`: the revocation engine's targets, measured in one run on this machine.
 *
 *  1. Correctness first: a CRL made by `openssl ca` dumps exactly as `openssl crl -text` lists
 *     it, and OpenSSL verifies the generated large CRLs.
 *  2. Node, whole processes (wall time and peak RSS from /usr/bin/time), alternated, median of
 *     the runs: `openssl crl -noout -CAfile` verifying the 1M-entry CRL, against our verify +
 *     parse + index + write (`shelterkey crl index`, and the same engine in a lean process).
 *  3. PKI.js (asn1js limits raised) against our engine on 100,000 entries, as a ratio.
 *  4. 10M entries streamed, and indexed, with peak memory.
 *  5. Headless Chromium (system build): the 1M CRL ingested in the worker and stored in
 *     IndexedDB; warm and cold lookups.
 *
 * Options: --runs N (3), --skip-node (2-4), --skip-10m, --skip-chromium, --entries N (1,000,000),
 * --dir PATH (kept).
 */
import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { generateCrl, type GeneratedCrlOptions } from '../../tests/support/crl-generator.ts';
import { OpenSslWorkspace } from '../../tests/support/openssl.ts';
import { makeCrl, opensslDumpLines } from '../../tests/support/openssl-crl.ts';
import { runChromiumBenchmark } from './chromium.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    entries: { type: 'string', default: '1000000' },
    'skip-10m': { type: 'boolean', default: false },
    'skip-chromium': { type: 'boolean', default: false },
    'skip-node': { type: 'boolean', default: false },
    dir: { type: 'string' },
  },
});
const runs = Number(values.runs);
const million = Number(values.entries);
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'shelterkey-bench-'));
mkdirSync(dir, { recursive: true });
const ws = new OpenSslWorkspace();
const lines: string[] = [];
const say = (line: string): void => {
  console.log(line);
  lines.push(line);
};

interface Timed {
  seconds: number;
  maxRssMB: number;
  stdout: string;
}

/** Runs a whole process under /usr/bin/time: wall seconds and peak resident memory. */
function timed(command: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', ...command], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${command.join(' ')} failed (${run.status}): ${run.stderr.slice(-2000)}`);
  const [seconds = 'NaN', kb = 'NaN'] = run.stderr.trim().split('\n').at(-1)?.split(' ') ?? [];
  return { seconds: Number(seconds), maxRssMB: Math.round(Number(kb) / 1024), stdout: run.stdout };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const mb = (path: string): string => `${(statSync(path).size / 1e6).toFixed(1)} MB`;

const tsx = [process.execPath, '--import', 'tsx'];
const ca = ws.selfSignedCa({ subject: '/C=JP/O=JPKI/OU=JPKI for user authentication/OU=Japan Agency for Local Authority Information Systems' });
const caCert = parseCertificate(ca.der);
const generatorOptions = (entries: number): GeneratedCrlOptions => ({
  entries,
  issuerName: caCert.subject.der,
  issuerKeyId: caCert.subjectKeyIdentifier ?? new Uint8Array(20),
  key: createPrivateKey(readFileSync(ca.keyPath)),
  thisUpdate: new Date(Date.now() - 3_600_000),
  nextUpdate: new Date(Date.now() + 86_400_000),
  crlNumber: 1000,
});

say(`## CRL benchmark, ${new Date().toISOString()}`);
say('');
say(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; Node ${process.version}; ${spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout.trim()}.`);
say(`Load average at start: ${loadavg().map((l) => l.toFixed(2)).join(', ')}.`);
say('');

// 1. Correctness against OpenSSL.
const reasons = ['unspecified', 'keyCompromise', 'CACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold'];
const opensslCrl = makeCrl(ws, ca, {
  crlNumber: '10',
  extensions: ['authorityKeyIdentifier = keyid:always'],
  entries: Array.from({ length: 5000 }, (_, i) => ({ serial: (0x100000 + i * 37).toString(16), revoked: '250101000000Z', reason: i % 9 === 8 ? undefined : reasons[i % 7] })),
});
const dumped = spawnSync(process.execPath, ['bin/shelterkey.js', 'crl', 'dump', opensslCrl.derPath], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const same = dumped.stdout.trimEnd().split('\n').join('\n') === opensslDumpLines(opensslCrl.derPath).join('\n');
say(`Correctness: \`shelterkey crl dump\` of a 5,000-entry CRL made by \`openssl ca\` ${same ? 'is identical to' : 'DIFFERS from'} \`openssl crl -text\`'s entries.`);
if (!same) process.exitCode = 1;

const bigPath = join(dir, `crl-${million}.der`);
let started = performance.now();
await generateCrl(bigPath, generatorOptions(million));
say(`Generated ${million.toLocaleString('en')} entries (${mb(bigPath)}) in ${((performance.now() - started) / 1000).toFixed(1)} s.`);

// 2. Whole processes, alternated.
const nodeRuns = values['skip-node'] ? 0 : runs;
const results = { openssl: [] as Timed[], cli: [] as Timed[], lean: [] as Timed[], leanWasm: [] as Timed[] };
for (let r = 0; r < nodeRuns; r++) {
  results.openssl.push(timed(['openssl', 'crl', '-in', bigPath, '-inform', 'DER', '-noout', '-CAfile', ca.certPath]));
  rmSync(join(dir, 'index-cli'), { recursive: true, force: true });
  results.cli.push(timed([process.execPath, 'bin/shelterkey.js', 'crl', 'index', bigPath, '--ca', ca.certPath, '--out', join(dir, 'index-cli')]));
  rmSync(join(dir, 'index-lean'), { recursive: true, force: true });
  results.lean.push(timed([...tsx, 'bench/crl/ingest-process.ts', bigPath, ca.certPath, join(dir, 'index-lean')]));
  rmSync(join(dir, 'index-lean'), { recursive: true, force: true });
  results.leanWasm.push(timed([...tsx, 'bench/crl/ingest-process.ts', bigPath, ca.certPath, join(dir, 'index-lean'), '--hash', 'wasm']));
}
if (nodeRuns > 0) {
const row = (name: string, key: keyof typeof results, note = ''): void => {
  const r = results[key];
  say(`| ${name} | ${median(r.map((x) => x.seconds)).toFixed(2)} s | ${r.map((x) => x.seconds.toFixed(2)).join(', ')} | ${median(r.map((x) => x.maxRssMB))} MB | ${note} |`);
};
say('');
say(`### Node, ${million.toLocaleString('en')} entries, whole processes (median of ${runs}, alternated)`);
say('');
say('| process | wall (median) | runs | peak RSS | |');
say('|---|---|---|---|---|');
row('`openssl crl -noout -CAfile` (verify)', 'openssl');
row('`shelterkey crl index` (verify + parse + index + write)', 'cli', 'the CLI as shipped (TypeScript through tsx)');
row('bench/crl/ingest-process.ts (same work, node:crypto SHA-256)', 'lean', 'the engine without the CLI');
row('bench/crl/ingest-process.ts with hash-wasm', 'leanWasm', 'the hash the browser uses');
const inProcess = JSON.parse(results.lean.at(-1)?.stdout ?? '{}') as { ms: number };
say('');
say(`In-process time of the lean run (after start-up): ${inProcess.ms} ms. Budget for peak memory: 2 × file + 100 MB = ${Math.round((2 * statSync(bigPath).size) / 1e6 + 100)} MB.`);

// 3. PKI.js on 100k entries.
const hundredK = join(dir, 'crl-100000.der');
await generateCrl(hundredK, generatorOptions(100_000));
const pkijs = timed([...tsx, 'bench/crl/pkijs-process.ts', hundredK, ca.certPath]);
const ours = timed([...tsx, 'bench/crl/ingest-process.ts', hundredK, ca.certPath, join(dir, 'index-100k'), '--hash', 'wasm']);
const pkijsIn = JSON.parse(pkijs.stdout) as { ms: number; verified: boolean; entries: number };
const oursIn = JSON.parse(ours.stdout) as { ms: number; entries: number };
say('');
say('### PKI.js (asn1js maxNodes raised) against the engine, 100,000 entries');
say('');
say('| | in-process | whole process | peak RSS |');
say('|---|---|---|---|');
say(`| PKI.js parse + verify (${pkijsIn.entries} entries, verified ${pkijsIn.verified}) | ${pkijsIn.ms} ms | ${pkijs.seconds.toFixed(2)} s | ${pkijs.maxRssMB} MB |`);
say(`| engine verify + parse + index + write (hash-wasm) | ${oursIn.ms} ms | ${ours.seconds.toFixed(2)} s | ${ours.maxRssMB} MB |`);
say(`| ratio | ${(pkijsIn.ms / oursIn.ms).toFixed(0)}× | ${(pkijs.seconds / ours.seconds).toFixed(1)}× | ${(pkijs.maxRssMB / ours.maxRssMB).toFixed(1)}× |`);

}

// 4. Ten million.
if (!values['skip-10m'] && nodeRuns > 0) {
  const tenM = join(dir, 'crl-10000000.der');
  started = performance.now();
  await generateCrl(tenM, generatorOptions(10_000_000));
  const generated = (performance.now() - started) / 1000;
  const verified = timed(['openssl', 'crl', '-in', tenM, '-inform', 'DER', '-noout', '-CAfile', ca.certPath]);
  const streamed = timed([...tsx, 'bench/crl/ingest-process.ts', tenM, ca.certPath, '-', '--stream-only']);
  rmSync(join(dir, 'index-10m'), { recursive: true, force: true });
  const indexed = timed([...tsx, 'bench/crl/ingest-process.ts', tenM, ca.certPath, join(dir, 'index-10m')]);
  say('');
  say(`### 10,000,000 entries (${mb(tenM)}, generated in ${generated.toFixed(0)} s)`);
  say('');
  say('| process | wall | peak RSS |');
  say('|---|---|---|');
  say(`| \`openssl crl -noout -CAfile\` | ${verified.seconds.toFixed(2)} s | ${verified.maxRssMB} MB |`);
  say(`| engine, stream only (parse every entry) | ${streamed.seconds.toFixed(2)} s | ${streamed.maxRssMB} MB |`);
  say(`| engine, verify + parse + index + write | ${indexed.seconds.toFixed(2)} s | ${indexed.maxRssMB} MB |`);
  rmSync(tenM, { force: true });
  rmSync(join(dir, 'index-10m'), { recursive: true, force: true });
}

// 5. Chromium.
if (!values['skip-chromium']) {
  const chromium = await runChromiumBenchmark({ crlPath: bigPath, caDer: ca.der, entries: generatorOptions(million) });
  say('');
  say(`### Headless Chromium (${chromium.browser}), worker ingest of the ${million.toLocaleString('en')}-entry CRL`);
  say('');
  say('| measure | value |');
  say('|---|---|');
  for (const [name, value] of chromium.rows) say(`| ${name} | ${value} |`);
}

say('');
say(`Load average at end: ${loadavg().map((l) => l.toFixed(2)).join(', ')}.`);
ws.dispose();
if (!values.dir) rmSync(dir, { recursive: true, force: true });
