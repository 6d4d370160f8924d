/**
 * `shelterkey card demo [--trace]`: the JSON contract, and a check, independent of the privacy
 * guard's own code, that the trace holds no APDU that could read the individual number.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/main.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { base64ToBytes, bytesToHex } from '../../src/protocol/encoding.ts';

const TEXT_AP = 'd3921000310001010408';
const JUKI_AP = 'd3921000310001010401';
const VISUAL_AP = 'd3921000310001010402';

interface Apdu {
  hex: string;
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: string;
}

function parse(hex: string): Apdu {
  const byte = (i: number): number => parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  const lc = hex.length > 10 ? byte(4) : 0;
  return { hex, cla: byte(0), ins: byte(1), p1: byte(2), p2: byte(3), data: hex.slice(10, 10 + 2 * lc) };
}

/** Every command in the trace, checked against DOMAIN.md §3's list with its own tracking of the current application. */
function forbiddenIn(commands: Apdu[]): string[] {
  const problems: string[] = [];
  let current = '';
  for (const c of commands) {
    if (c.ins === 0xa4 && c.p1 === 0x04) {
      current = c.data;
      // The 住基AP, the 券面AP, or a partial AID that could select either.
      if (c.data !== TEXT_AP && (c.data === VISUAL_AP || JUKI_AP.startsWith(c.data) || c.data.startsWith(JUKI_AP.slice(0, 16)))) {
        problems.push(`SELECT of the 住基AP or 券面AP: ${c.hex}`);
      }
    }
    if (current === TEXT_AP && c.ins === 0xa4 && c.p1 === 0x02 && ['0001', '0014'].includes(c.data)) problems.push(`SELECT EF ${c.data} in the text AP: ${c.hex}`);
    if (current === TEXT_AP && c.ins === 0xb0 && (c.p1 & 0x80) !== 0 && [0x01, 0x14].includes(c.p1 & 0x1f)) problems.push(`READ BINARY by SFI ${c.p1 & 0x1f}: ${c.hex}`);
    if (c.ins === 0x20 && c.p2 === 0x94) problems.push(`VERIFY P2 94: ${c.hex}`);
    if (c.ins === 0xa4 && c.p1 !== 0x02 && c.p1 !== 0x04) problems.push(`SELECT by path or parent: ${c.hex}`);
  }
  return problems;
}

describe('shelterkey card demo', () => {
  it('reads a training card end to end and prints the contract JSON; the trace has no forbidden APDU', () => {
    const run = spawnSync(process.execPath, ['bin/shelterkey.js', 'card', 'demo', '--trace'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(run.status, run.stderr).toBe(0);
    const { stdout, stderr } = run;

    const result = JSON.parse(stdout) as {
      mykeyId: { randomString: string; terminalCode: string };
      userAuthCertificate: string;
      signature: { verified: boolean };
      attributes: { name: string; address: string; birthDate: string; sex: string; integrityVerified: boolean };
    };
    expect(Object.keys(result).sort()).toEqual(['attributes', 'mykeyId', 'signature', 'userAuthCertificate']);
    expect(result.mykeyId.randomString).toMatch(/^[A-Z0-9]{14}$/);
    expect(result.mykeyId.terminalCode).toMatch(/^[A-Z0-9]{9}$/);
    const certificate = parseCertificate(base64ToBytes(result.userAuthCertificate));
    expect(certificate.subject.text).toBe(`CN=${result.mykeyId.randomString}${result.mykeyId.terminalCode},C=JP`);
    expect(result.signature).toEqual({ verified: true });
    expect(result.attributes).toEqual({
      name: '佐藤\u3000花子',
      address: '宮城県石巻市中央２丁目８番１５号',
      birthDate: '1980-02-17',
      sex: 'female',
      integrityVerified: true,
    });

    const lines = stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect(line).toMatch(/^[<>] [0-9a-f*]+$/);
    const commands = lines.filter((l) => l.startsWith('> ')).map((l) => parse(l.slice(2).replace(/\*\*/g, '00')));
    expect(lines.filter((l) => l.startsWith('< '))).toHaveLength(commands.length);
    expect(forbiddenIn(commands)).toEqual([]);
    // The flow did use the text AP (so the check above was not vacuous) and kept the PIN out of the trace.
    expect(commands.some((c) => c.data === TEXT_AP)).toBe(true);
    expect(lines).toContain('> 0020008004********');
    expect(lines.some((l) => l.includes(bytesToHex(new TextEncoder().encode('55021720352285'))))).toBe(false);
  });

  it('the independent check does catch forbidden APDUs', () => {
    const trace = ['00a4040c0a' + TEXT_AP, '00a4020c020001', '00b0810011', '0020009400', '00a4040c0a' + JUKI_AP].map(parse);
    expect(forbiddenIn(trace)).toHaveLength(4);
  });

  it('prints the usage for an unknown sub-command and refuses unknown residents', async () => {
    let err = '';
    const io = { stdout: () => {}, stderr: (t: string) => (err += t) };
    expect(await runCli(['card', 'dance'], io)).toBe(2);
    expect(err).toMatch(/shelterkey card demo/);
    err = '';
    expect(await runCli(['card', 'demo', '--resident', 'R99'], io)).toBe(1);
    expect(err).toMatch(/no training resident R99/);
  });
});
