/** `shelterkey readers simulate FILE... [--json]`: the CLI contract of issue 4. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/main.ts';

const corpus = (name: string): string => fileURLToPath(new URL(`../../corpus/ccid-readers/${name}`, import.meta.url));

function capture() {
  let out = '';
  let err = '';
  return { io: { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t) }, out: () => out, err: () => err };
}

describe('shelterkey readers simulate', () => {
  it('prints one JSON object per file and line, and exits 0 when every reader completed the read', async () => {
    const c = capture();
    const files = [corpus('SCR3310-NTTCom.txt'), corpus('SONY_FeliCa_RC-S300_P.txt'), corpus('ACS_ACR3901U_ICC_Reader.txt')];
    expect(await runCli(['readers', 'simulate', ...files, '--json'], c.io)).toBe(0);
    const lines = c.out().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.file)).toEqual(files);
    expect(lines.map((l) => [l.ok, l.exchangeLevel, l.protocol])).toEqual([
      [true, 'tpdu', 'T=1'],
      [true, 'extended-apdu', 'T=1'],
      [true, 'short-apdu', 'T=1'],
    ]);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['file', 'ok', 'exchangeLevel', 'protocol', 'apdus', 'usbTransfers', 'ms']);
      expect(line.apdus).toBeGreaterThanOrEqual(20);
      expect(line.usbTransfers as number).toBeGreaterThan(line.apdus as number);
      expect(typeof line.ms).toBe('number');
    }
  });

  it('refuses readers the product cannot drive with a reason, and exits 1', async () => {
    const c = capture();
    expect(await runCli(['readers', 'simulate', '--json', corpus('Oz776S.txt'), corpus('ACR38U-CCID.txt'), corpus('MySmartPad.txt'), '/no/such/file.txt'], c.io)).toBe(1);
    const lines = c.out().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ file: corpus('Oz776S.txt'), ok: false, reason: expect.stringMatching(/^character-level: it works at character level/) });
    expect(lines[1]).toMatchObject({ ok: true, exchangeLevel: 'tpdu' });
    expect(lines[2]).toEqual({ file: corpus('MySmartPad.txt'), ok: false, reason: expect.stringMatching(/^no-t1: /) });
    expect(lines[3]).toMatchObject({ file: '/no/such/file.txt', ok: false, reason: expect.stringMatching(/cannot read the file/) });
  });

  it('prints a line a person reads without --json, and wants at least one file', async () => {
    const c = capture();
    expect(await runCli(['readers', 'simulate', corpus('SCR3310.txt')], c.io)).toBe(0);
    expect(c.out()).toMatch(/^ok {3}.*SCR3310\.txt: tpdu T=1, \d+ APDUs, \d+ USB transfers, \d+ ms\n$/);
    const u = capture();
    expect(await runCli(['readers', 'simulate'], u.io)).toBe(2);
    expect(u.err()).toMatch(/at least one reader descriptor file/);
    expect(await runCli(['readers', 'frobnicate'], capture().io)).toBe(2);
  });
});
