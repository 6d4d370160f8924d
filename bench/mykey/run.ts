/**
 * Throughput of POST /api/v1/rp/validate: a relying system checks user-authentication
 * certificates of generated training residents against a real server process (its own process,
 * loopback HTTP), verdicts from the revocation engine's index of the training CRLs, with the
 * audit log, person records and fee counters written as in production. First sights (each
 * certificate new: a person is created) and repeated checks, 16 requests in flight, on SQLite
 * and on PostgreSQL.
 *
 *   npm run bench:mykey          (PostgreSQL from BENCH_DATABASE_URL or the local server if it answers)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchEngines } from '../storage-engines.ts';
import { createTrainingCrlSet, generateResidents, keyPool, trainingAuthority, TRAINING_RESIDENTS } from '../../src/card/index.ts';

const RESIDENTS = 2_000;
const REPEATED = 10_000;
const IN_FLIGHT = 16;
const ADMIN_TOKEN = 'bench-admin-token-0123456789';

async function startServer(env: Record<string, string>): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/mykey/server.ts'], {
    env: { ...process.env, PORT: '0', ADMIN_TOKEN, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /^BENCH_URL (\S+)$/m.exec(output);
      if (found?.[1]) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function post<T>(url: string, token: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Sends every certificate once, IN_FLIGHT at a time; returns requests per second and the verdict counts. */
async function drive(url: string, apiKey: string, certificates: readonly string[]): Promise<{ perSecond: number; statuses: Record<string, number> }> {
  const statuses: Record<string, number> = {};
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let i = next++; i < certificates.length; i = next++) {
        const { status } = await post<{ status: string }>(`${url}/api/v1/rp/validate`, apiKey, { certificate: certificates[i] });
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  return { perSecond: certificates.length / ((performance.now() - began) / 1000), statuses };
}

const at = new Date();
const authority = await trainingAuthority();
const generated = await generateResidents(authority, { count: RESIDENTS, seed: 7, at, revokedShare: 0.05, keys: await keyPool(8) });
const crlDir = mkdtempSync(join(tmpdir(), 'shelterkey-bench-mykey-'));
const crls = await createTrainingCrlSet(authority, { residents: [...TRAINING_RESIDENTS, ...generated], thisUpdate: new Date(at.getTime() - 60_000) });
for (const crl of crls) writeFileSync(join(crlDir, `${crl.kind}-${crl.generation}.crl`), crl.der);
const certificates = generated.map((r) => r.userAuth.certificate);
const repeated = Array.from({ length: REPEATED }, (_, i) => certificates[i % certificates.length] as string);

const sqliteDir = mkdtempSync(join(tmpdir(), 'shelterkey-bench-mykey-db-'));
const engines = await benchEngines('shelterkey_bench_mykey', { DATA_DIR: sqliteDir });

const rows: string[] = [];
try {
  for (const engine of engines) {
    const server = await startServer({ ...engine.env, BENCH_CRL_DIR: crlDir });
    try {
      const { apiKey } = await post<{ apiKey: string }>(`${server.url}/api/v1/admin/relying-parties`, ADMIN_TOKEN, { name: 'bench', rateLimitPerMinute: 100_000 });
      const first = await drive(server.url, apiKey, certificates);
      const again = await drive(server.url, apiKey, repeated);
      const describe = (s: Record<string, number>) => Object.entries(s).map(([k, v]) => `${v} ${k}`).join(', ');
      rows.push(
        `| ${engine.name} | first sight, ${certificates.length} certificates (${describe(first.statuses)}) | ${Math.round(first.perSecond)} req/s |`,
        `| ${engine.name} | repeated, ${repeated.length} checks | ${Math.round(again.perSecond)} req/s |`,
      );
    } finally {
      await server.stop();
    }
  }
} finally {
  rmSync(crlDir, { recursive: true, force: true });
  rmSync(sqliteDir, { recursive: true, force: true });
}

console.log(`\nmachine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}`);
console.log(`| storage | scenario (${IN_FLIGHT} requests in flight) | throughput |\n|---|---|---|`);
for (const row of rows) console.log(row);
