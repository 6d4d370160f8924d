/**
 * End-to-end fixtures: each test gets its own server (real Fastify, real SQLite in a fresh data
 * folder, the built app from dist/) on a free port, so a test may stop it to take the network away.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { startServerProcess } from '../support/server-process.ts';

export interface ShelterServer {
  url: string;
  dataDir: string;
  /** Stops the server process: the app on the page no longer has a network peer. */
  stop(): Promise<void>;
}

export type ServerMode = 'production' | 'training';

export async function startShelterServer({ staticDir = 'dist', mode = 'production' }: { staticDir?: string; mode?: ServerMode } = {}): Promise<ShelterServer> {
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`${staticDir}/index.html is missing: run "npm run build" before the end-to-end tests.`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'shelterkey-e2e-'));
  const server = await startServerProcess({ DATA_DIR: dataDir, STATIC_DIR: staticDir, LOG_LEVEL: 'warn', SHELTERKEY_MODE: mode });
  return { url: server.url, dataDir, stop: () => server.stop() };
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
