// `npm test`: typecheck, lint, unit and server tests, build, end-to-end tests; then a summary.
// Every step runs even when an earlier one failed (except the end-to-end tests, which need the
// build), so one run shows every problem. Exit code 0 only when every step passed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';

const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
const notes = [];

async function postgresAnswers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

if (!process.env.TEST_DATABASE_URL) {
  if (await postgresAnswers(DEFAULT_POSTGRES)) {
    process.env.TEST_DATABASE_URL = DEFAULT_POSTGRES;
  }
}
if (process.env.TEST_DATABASE_URL) {
  notes.push(`PostgreSQL storage tests run against ${process.env.TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')}`);
} else {
  notes.push(`PostgreSQL storage tests SKIPPED: no PostgreSQL answers at ${DEFAULT_POSTGRES} and TEST_DATABASE_URL is not set`);
}
if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
  notes.push('Chromium not found at /usr/bin/chromium: install Debian\'s "chromium" package for the end-to-end tests');
}

const bin = (name) => `node_modules/.bin/${name}`;
const steps = [
  { name: 'typecheck (tsc)', command: [bin('tsc'), '-p', 'tsconfig.json'] },
  { name: 'typecheck (svelte-check)', command: [bin('svelte-check'), '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human'] },
  { name: 'lint (eslint)', command: [bin('eslint'), '.'] },
  { name: 'unit and server tests (vitest)', command: [bin('vitest'), 'run'] },
  { name: 'build (vite)', command: [bin('vite'), 'build', '--logLevel', 'warn'] },
  { name: 'end-to-end tests (playwright, chromium)', command: [bin('playwright'), 'test'], needs: 'build (vite)' },
];

const results = [];
for (const step of steps) {
  if (step.needs && results.find((r) => r.name === step.needs)?.status !== 'passed') {
    results.push({ name: step.name, status: 'not run', seconds: 0 });
    continue;
  }
  console.log(`\n━━ ${step.name} ━━`);
  const started = performance.now();
  const run = spawnSync(step.command[0], step.command.slice(1), { stdio: 'inherit', env: process.env });
  const seconds = (performance.now() - started) / 1000;
  results.push({ name: step.name, status: run.status === 0 ? 'passed' : 'FAILED', seconds });
}

console.log('\n━━ summary ━━');
for (const { name, status, seconds } of results) {
  console.log(`${status.padEnd(8)} ${name.padEnd(44)} ${seconds.toFixed(1).padStart(6)} s`);
}
for (const note of notes) console.log(`note: ${note}`);
const failed = results.filter((r) => r.status !== 'passed');
console.log(failed.length === 0 ? '\nAll checks passed.' : `\n${failed.length} step(s) did not pass.`);
process.exitCode = failed.length === 0 ? 0 : 1;
