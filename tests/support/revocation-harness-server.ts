/**
 * Builds the revocation worker harness page with Vite (production build, as the app ships) and
 * serves it, plus a folder of files (CRLs), on 127.0.0.1 so WebCrypto has a secure context.
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { build } from 'vite';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };

export interface HarnessServer {
  url: string;
  /** URL of a file in the files folder. */
  fileUrl(name: string): string;
  close(): Promise<void>;
}

export async function buildHarness(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'shelterkey-harness-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: resolve('tests/e2e/harness'),
    build: { outDir, emptyOutDir: true, target: 'es2022', rollupOptions: { input: resolve('tests/e2e/harness/revocation.html') } },
    worker: { format: 'es' },
  });
  return outDir;
}

export async function serveHarness(siteDir: string, filesDir: string): Promise<HarnessServer> {
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const [root, relative] = path.startsWith('/files/') ? [filesDir, path.slice('/files/'.length)] : [siteDir, path === '/' ? 'revocation.html' : path.slice(1)];
    const file = normalize(join(root, relative));
    if (!file.startsWith(normalize(root)) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file, { highWaterMark: 1 << 20 }).pipe(response);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    fileUrl: (name) => `${url}/files/${encodeURIComponent(name)}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

export function removeHarness(siteDir: string): void {
  rmSync(siteDir, { recursive: true, force: true });
}
