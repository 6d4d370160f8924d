/**
 * The real server (`shelterkey serve`) started as its own operating-system process on a loopback
 * port, as in production: for the end-to-end tests, the process-kill test and the benchmarks.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { createServer } from 'node:net';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM, resolved once the process has exited; calling it again waits for the same exit. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
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

/**
 * Starts the server with `env` over the process's own (SQLite unless `env` names a
 * DATABASE_URL) and resolves once it answers its health check.
 */
export async function startServerProcess(
  env: Record<string, string>,
  { port, stdio = ['ignore', 'inherit', 'inherit'], timeoutMs = 20_000 }: { port?: number; stdio?: StdioOptions; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const listenOn = port ?? (await freePort());
  const url = `http://127.0.0.1:${listenOn}`;
  const child = spawn(process.execPath, ['bin/shelterkey.js', 'serve'], {
    env: { ...process.env, PORT: String(listenOn), HOST: '127.0.0.1', DATABASE_URL: '', ...env },
    stdio,
  });
  try {
    await waitForHealth(url, child, timeoutMs);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    url,
    child,
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
