import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/main.ts';

function capture(): { io: { stdout: (t: string) => void; stderr: (t: string) => void }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: (t) => (out += t), stderr: (t) => (err += t) }, out: () => out, err: () => err };
}

describe('shelterkey CLI', () => {
  it('lists its commands', async () => {
    const c = capture();
    expect(await runCli(['help'], c.io)).toBe(0);
    expect(c.out()).toMatch(/serve/);
    expect(c.out()).toMatch(/migrate/);
  });

  it('refuses an unknown command with exit code 2', async () => {
    const c = capture();
    expect(await runCli(['frobnicate'], c.io)).toBe(2);
    expect(c.err()).toMatch(/Unknown command "frobnicate"/);
  });

  it('runs as the package bin and migrates a fresh SQLite data folder', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shelterkey-cli-'));
    try {
      const output = execFileSync(process.execPath, ['bin/shelterkey.js', 'migrate'], {
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
        encoding: 'utf8',
      });
      const report = JSON.parse(output) as { engine: string; applied: string[] };
      expect(report.engine).toBe('sqlite');
      expect(report.applied.length).toBeGreaterThan(0);
      const again = spawnSync(process.execPath, ['bin/shelterkey.js', 'migrate'], {
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
        encoding: 'utf8',
      });
      expect(JSON.parse(again.stdout)).toMatchObject({ applied: [] });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
