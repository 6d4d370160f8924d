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

  it('simulates events that the protocol accepts, distinct and of mixed types', async () => {
    const c = capture();
    expect(await runCli(['sim', 'events', '--count', '300', '--shelter', 'shelter-1', '--seed', '4'], c.io)).toBe(0);
    const { events } = JSON.parse(c.out()) as { events: { id: string; type: string; shelterId: string; occurredAt: string }[] };
    expect(events).toHaveLength(300);
    expect(new Set(events.map((e) => e.id)).size).toBe(300);
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThanOrEqual(5);
    expect(events.every((e) => e.shelterId === 'shelter-1' && Date.parse(e.occurredAt) <= Date.now())).toBe(true);
    expect(await runCli(['sim', 'events', '--count', 'many', '--shelter', 'x'], capture().io)).toBe(2);
  });

  it('administers shelters and enrollment codes on the server database', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shelterkey-cli-'));
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    const run = (...args: string[]) => JSON.parse(execFileSync(process.execPath, ['bin/shelterkey.js', 'admin', ...args], { env, encoding: 'utf8' })) as Record<string, unknown>;
    try {
      const shelter = run('shelter-create', '石巻市立', '中央小学校');
      expect(shelter.name).toBe('石巻市立 中央小学校');
      expect(run('enrollment-code', String(shelter.id)).code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(run('summary', String(shelter.id))).toEqual({ events: 0, residents: 0, checkedIn: 0, devices: 0, alerts: 0 });
      const missing = spawnSync(process.execPath, ['bin/shelterkey.js', 'admin', 'enrollment-code', 'nope'], { env, encoding: 'utf8' });
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/no shelter/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
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
