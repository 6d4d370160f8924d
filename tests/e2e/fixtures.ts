/**
 * End-to-end fixtures: each test gets its own server (real Fastify, real SQLite in a fresh data
 * folder, the built app from dist/) on a free port, so a test may stop it to take the network away.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';

export interface ShelterServer {
  url: string;
  dataDir: string;
  /** Stops the server process: the app on the page no longer has a network peer. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not become healthy within ${timeoutMs} ms`);
}

export type ServerMode = 'production' | 'training';

export async function startShelterServer({ staticDir = 'dist', mode = 'production' }: { staticDir?: string; mode?: ServerMode } = {}): Promise<ShelterServer> {
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`${staticDir}/index.html is missing: run "npm run build" before the end-to-end tests.`);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'shelterkey-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['bin/shelterkey.js', 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_DIR: staticDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      SHELTERKEY_MODE: mode,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForHealth(url, child);
  let stopped: Promise<void> | undefined;
  return {
    url,
    dataDir,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      return stopped;
    },
  };
}

export const test = base.extend<{ shelterServer: ShelterServer; serverMode: ServerMode }>({
  /** `test.use({ serverMode: 'training' })`: the server trusts the training JPKI CAs (what `npm start` runs). */
  serverMode: ['production', { option: true }],
  shelterServer: async ({ serverMode }, use) => {
    const server = await startShelterServer({ mode: serverMode });
    await use(server);
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  },
  baseURL: async ({ shelterServer }, use) => {
    await use(shelterServer.url);
  },
});

export { expect } from '@playwright/test';
