/**
 * `npm run bench:packages`: revocation distribution at JPKI scale. A 1,000,000-entry CRL is
 * uploaded to a real server process (streamed: verified against the trust store, indexed,
 * signed as a snapshot package, stored as shard blobs), then the next day's list (2,000 more
 * entries) publishes a delta; a device downloads both and applies them in the revocation worker
 * of headless Chromium (verified against the pinned key, stored in IndexedDB). SQLite, and
 * PostgreSQL when it answers (BENCH_DATABASE_URL or the local server).
 *
 * Options: --entries N (1,000,000), --added N (2,000), --skip-chromium.
 */
import { chromium } from '@playwright/test';
import { createPrivateKey } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { chromiumLaunchOptions } from '../scripts/chromium.ts';
import { parseCertificate } from '../src/pki/certificate.ts';
import type { CrlImportResponse, EnrollResponse, RevocationPackageList } from '../src/protocol/api.ts';
import { generateCrl, type GeneratedCrlOptions } from '../tests/support/crl-generator.ts';
import { OpenSslWorkspace } from '../tests/support/openssl.ts';
import { buildHarness, removeHarness, serveHarness } from '../tests/support/revocation-harness-server.ts';
import { api, startBenchServer, type BenchServer } from './server-process.ts';
import { benchEngines } from './storage-engines.ts';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '1000000' }, added: { type: 'string', default: '2000' }, 'skip-chromium': { type: 'boolean', default: false } } });
const entries = Number(values.entries);
const added = Number(values.added);
const dir = mkdtempSync(join(tmpdir(), 'shelterkey-packages-bench-'));
const ws = new OpenSslWorkspace();
const rows: string[] = [];
const row = (...cells: string[]): void => {
  rows.push(`| ${cells.join(' | ')} |`);
  console.log(rows.at(-1));
};
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const kb = (bytes: number): string => `${(bytes / 1e3).toFixed(1)} kB`;

const ca = ws.selfSignedCa({ subject: '/C=JP/O=JPKI/OU=JPKI for user authentication/OU=Japan Agency for Local Authority Information Systems' });
const caCert = parseCertificate(ca.der);
// The generator derives revocation dates from thisUpdate: both lists share it (and differ in
// number), so the second repeats the first's entries exactly and adds to them.
const thisUpdate = new Date(Date.now() - 86_400_000);
const crlOptions = (count: number, day: number): GeneratedCrlOptions => ({
  entries: count,
  issuerName: caCert.subject.der,
  issuerKeyId: caCert.subjectKeyIdentifier ?? new Uint8Array(20),
  key: createPrivateKey(readFileSync(ca.keyPath)),
  thisUpdate,
  nextUpdate: new Date(Date.now() + 86_400_000),
  crlNumber: 5000 + day,
});
const today = join(dir, 'auth-1.crl');
const tomorrow = join(dir, 'auth-2.crl');
await generateCrl(today, crlOptions(entries, 0));
// The same entries (same seed) and `added` more: the next list of the CA.
await generateCrl(tomorrow, crlOptions(entries + added, 1));

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function upload(server: BenchServer, path: string): Promise<CrlImportResponse> {
  const response = await fetch(`${server.url}/api/v1/admin/crls`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/pkix-crl', 'content-length': String(statSync(path).size) },
    body: Readable.toWeb(createReadStream(path, { highWaterMark: 1 << 20 })) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  if (!response.ok) throw new Error(`upload: ${response.status} ${await response.text()}`);
  return (await response.json()) as CrlImportResponse;
}

async function download(server: BenchServer, token: string, issuer: string, since: number): Promise<Uint8Array> {
  const response = await fetch(`${server.url}/api/v1/revocation/packages/${issuer}?since=${since}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`package: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const engines = await benchEngines('shelterkey_bench_packages');

console.log(`\nmachine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`CRLs: ${entries} entries (${mb(statSync(today).size)}), then ${entries + added} (${mb(statSync(tomorrow).size)})\n`);
console.log('| storage | step | wall time | size |\n|---|---|---|---|');
let packages: { snapshot: string; delta: string; key: string } | undefined;
for (const engine of engines) {
  const server = await startBenchServer({ ...engine.env, JPKI_CA_FILES: ca.certPath, CRL_MAX_MB: '1000' });
  try {
    const first = await timed(() => upload(server, today));
    row(engine.name, `upload + verify + index + sign + store, ${entries.toLocaleString('en')} entries`, `**${(first.ms / 1000).toFixed(2)} s**`, mb(statSync(today).size));
    const { id } = await api<{ id: string }>(server, 'POST', '/api/v1/admin/shelters', server.adminToken, { name: 'bench' });
    const { code } = await api<{ code: string }>(server, 'POST', `/api/v1/admin/shelters/${id}/enrollment-codes`, server.adminToken, {});
    const device = await api<EnrollResponse>(server, 'POST', '/api/v1/devices/enroll', '', { code, deviceName: 'bench' });
    const list = await api<RevocationPackageList>(server, 'GET', '/api/v1/revocation/packages', device.token);
    const issuer = list.issuers[0]?.issuerKeyId ?? '';
    const snapshot = await timed(() => download(server, device.token, issuer, 0));
    row(engine.name, 'device downloads the snapshot package (loopback)', `${Math.round(snapshot.ms)} ms`, mb(snapshot.value.length));
    const second = await timed(() => upload(server, tomorrow));
    if (!second.value.deltaPublished) throw new Error('no delta published');
    row(engine.name, `next list (+${added.toLocaleString('en')} entries): upload + index + delta + sign + store`, `**${(second.ms / 1000).toFixed(2)} s**`, mb(statSync(tomorrow).size));
    const delta = await timed(() => download(server, device.token, issuer, 1));
    row(engine.name, 'device downloads the delta package', `${Math.round(delta.ms)} ms`, kb(delta.value.length));
    writeFileSync(join(dir, 'snapshot.skrp'), snapshot.value);
    writeFileSync(join(dir, 'delta.skrp'), delta.value);
    packages = { snapshot: 'snapshot.skrp', delta: 'delta.skrp', key: device.publishingKey };
  } finally {
    await server.stop();
  }
}

if (!values['skip-chromium'] && packages) {
  const site = await buildHarness();
  const files = await serveHarness(site, dir);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    await page.goto(files.url);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    await page.evaluate((k) => window.revocationHarness.pinPublishingKey(k), packages.key);
    for (const [what, file] of [
      ['snapshot', packages.snapshot],
      ['delta', packages.delta],
    ] as const) {
      const result = await page.evaluate((url) => window.revocationHarness.applyPackageFromUrl(url), files.fileUrl(file));
      if (!result.ok) throw new Error(`${what}: ${result.code}`);
      row(`Chromium ${browser.version()}`, `device verifies and applies the ${what} in the revocation worker (IndexedDB, one transaction)`, `**${Math.round(result.ms)} ms**`, '');
    }
  } finally {
    await browser.close();
    await files.close();
    removeHarness(site);
  }
}

ws.dispose();
rmSync(dir, { recursive: true, force: true });
console.log(`\n${rows.join('\n')}`);
