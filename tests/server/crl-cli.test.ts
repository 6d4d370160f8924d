import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/main.ts';
import { IndexFolder } from '../../server/revocation/index-files.ts';
import { RevocationRechecker } from '../../server/revocation/revocation-rechecker.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { TrustStore } from '../../src/pki/trust-store.ts';
import { OpenSslWorkspace, type Issued } from '../support/openssl.ts';
import { makeCrl, opensslDumpLines, type MadeCrl } from '../support/openssl-crl.ts';

const DN = '/C=JP/O=JPKI/OU=JPKI for user authentication/OU=Japan Agency for Local Authority Information Systems';
const LEAF = ['basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', 'authorityKeyIdentifier = keyid:always'];
const ws = new OpenSslWorkspace();
let ca: Issued;
let otherGeneration: Issued;
let crl: MadeCrl;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

beforeAll(() => {
  ca = ws.selfSignedCa({ subject: DN, serial: '6' });
  otherGeneration = ws.selfSignedCa({ subject: DN, serial: '7' });
  crl = makeCrl(ws, ca, {
    crlNumber: '2A',
    extensions: ['authorityKeyIdentifier = keyid:always'],
    entries: [
      { serial: '0A', revoked: '250301000000Z', reason: 'cessationOfOperation' },
      { serial: '00C0FFEE', revoked: '250302000000Z', reason: 'superseded' },
      { serial: '0B', revoked: '250303000000Z', reason: 'certificateHold' },
      { serial: '0C', revoked: '250304000000Z', invalidity: '20250301000000Z' },
      { serial: '0D', revoked: '250305000000Z' },
      { serial: '0E', revoked: '250306000000Z', reason: 'affiliationChanged' },
      { serial: '0F', revoked: '250306000000Z', reason: 'unspecified' },
    ],
  });
});
afterAll(() => ws.dispose());

describe('shelterkey crl dump', () => {
  it('prints the entries exactly as openssl crl -text describes them, from DER and from PEM', async () => {
    const expected = opensslDumpLines(crl.derPath);
    expect(expected).toHaveLength(7);
    for (const path of [crl.derPath, crl.pemPath]) {
      const { code, out } = await cli('crl', 'dump', path);
      expect(code).toBe(0);
      expect(out.trimEnd().split('\n')).toEqual(expected);
    }
    expect((await cli('crl', 'dump', crl.derPath)).out).toContain('C0FFEE 2025-03-02T00:00:00Z superseded\n');
  });

  it('names the byte offset of a malformed CRL and exits 1', async () => {
    const path = join(ws.dir, 'truncated.crl');
    writeFileSync(path, crl.der.subarray(0, 100));
    const { code, err } = await cli('crl', 'dump', path);
    expect(code).toBe(1);
    expect(err).toMatch(/at byte \d+/);
  });
});

describe('shelterkey crl verify', () => {
  it('exits 0 for a CRL signed by one of the CAs', async () => {
    const { code, out } = await cli('crl', 'verify', crl.derPath, '--ca', otherGeneration.certPath, '--ca', ca.certPath);
    expect(code).toBe(0);
    expect(out).toMatch(/^OK: signed by .*JPKI for user authentication.*number 42.*7 entries/);
  });

  it('refuses a tampered CRL, a CRL from another CA with the same DN, and an unknown critical extension', async () => {
    const tampered = join(ws.dir, 'tampered.crl');
    const bytes = Uint8Array.from(crl.der);
    const dateAt = new TextDecoder('latin1').decode(bytes).indexOf('250304000000Z');
    bytes[dateAt + 3] = 0x35; // move one revocation date by a month: still well formed
    writeFileSync(tampered, bytes);
    const results = [
      await cli('crl', 'verify', tampered, '--ca', ca.certPath),
      await cli('crl', 'verify', crl.derPath, '--ca', otherGeneration.certPath),
      await cli('crl', 'verify', makeCrl(ws, ca, { crlNumber: '01', extensions: ['1.2.392.200149.1 = critical, DER:0500'], entries: [] }).derPath, '--ca', ca.certPath),
    ];
    expect(results.map((r) => r.code)).toEqual([1, 1, 1]);
    expect(results[0].err).toMatch(/signature does not verify/);
    expect(results[1].err).toMatch(/signature does not verify/);
    expect(results[2].err).toMatch(/critical CRL extension 1\.2\.392\.200149\.1/);
  });

  it('exits 2 without a CA', async () => {
    expect((await cli('crl', 'verify', crl.derPath)).code).toBe(2);
    expect((await cli('crl', 'frobnicate', crl.derPath)).code).toBe(2);
  });
});

describe('shelterkey crl index and shelterkey check', () => {
  it('writes the index, and check prints verdicts as JSON at the given time', async () => {
    const out = join(ws.dir, 'index');
    const indexed = await cli('crl', 'index', crl.derPath, '--ca', ca.certPath, '--ca', otherGeneration.certPath, '--out', out);
    expect(indexed.code).toBe(0);
    expect(JSON.parse(indexed.out)).toMatchObject({ entries: 7, crlNumber: '42', delta: false });
    expect(readdirSync(out)).toContain('anchors.pem');

    const issue = (issuer: Issued, serial: string): string => ws.issue(issuer, { subject: '/CN=1C2410DF79DGEL07202002B', serial, extensions: LEAF }).certPath;
    const soon = new Date(Date.now() + 60_000).toISOString();
    const verdict = async (cert: string, at = soon): Promise<Record<string, unknown>> => {
      const r = await cli('check', cert, '--index', out, '--at', at);
      expect(r.code).toBe(0);
      return JSON.parse(r.out) as Record<string, unknown>;
    };
    expect(await verdict(issue(ca, '0x0E'))).toMatchObject({ status: 'revoked', reason: 'affiliationChanged', revokedAt: '2025-03-06T00:00:00.000Z', crl: { crlNumber: '42' } });
    expect(await verdict(issue(ca, '0xC0FFEE'))).toMatchObject({ status: 'revoked', reason: 'superseded' });
    expect(await verdict(issue(ca, '0x1234'))).toMatchObject({ status: 'valid' });
    expect(await verdict(issue(otherGeneration, '0x0E'))).toMatchObject({ status: 'unknown', cause: 'no-crl' });
    const garbage = join(ws.dir, 'garbage.der');
    writeFileSync(garbage, Uint8Array.of(0x30, 0x01, 0x00));
    expect(await verdict(garbage)).toMatchObject({ status: 'invalid', cause: 'malformed' });
    expect((await cli('check', garbage, '--index', out, '--at', 'yesterday')).code).toBe(2);
  });

  it('runs as the package bin with the same exit codes', () => {
    const run = (...args: string[]): { status: number | null; stdout: string } =>
      spawnSync(process.execPath, ['bin/shelterkey.js', ...args], { encoding: 'utf8' });
    expect(run('crl', 'verify', crl.derPath, '--ca', ca.certPath).status).toBe(0);
    expect(run('crl', 'verify', crl.derPath, '--ca', otherGeneration.certPath).status).toBe(1);
    const dumped = run('crl', 'dump', crl.derPath);
    expect(dumped.stdout.trimEnd().split('\n')).toEqual(opensslDumpLines(crl.derPath));
  });
});

describe('RevocationRechecker (the sync re-check on revocation indexes)', () => {
  it('answers revoked, valid and unknown at the event time from an index folder', async () => {
    const out = join(ws.dir, 'recheck-index');
    expect((await cli('crl', 'index', crl.derPath, '--ca', ca.certPath, '--out', out)).code).toBe(0);
    const folder = new IndexFolder(out);
    const rechecker = new RevocationRechecker(await folder.anchors(), folder);
    const issue = (serial: string): Uint8Array => ws.issue(ca, { subject: '/CN=recheck', serial, extensions: LEAF }).der;
    const at = new Date(Date.now() + 60_000);
    expect(await rechecker.recheck(issue('0x0B'), at)).toMatchObject({ status: 'revoked', reason: 'certificateHold', revokedAt: '2025-03-03T00:00:00.000Z', meaning: { ja: 'カードの紛失届（一時停止中）' } });
    expect(await rechecker.recheck(issue('0x4242'), at)).toEqual({ status: 'valid', issuerKeyId: expect.stringMatching(/^[0-9a-f]{40}$/), serial: '4242' });
    const other = ws.issue(otherGeneration, { subject: '/CN=recheck', serial: '0x0B', extensions: LEAF }).der;
    const bothGenerations = new TrustStore([...(await folder.anchors()).anchors, parseCertificate(otherGeneration.der)]);
    expect(await new RevocationRechecker(bothGenerations, folder).recheck(other, at)).toEqual({ status: 'unknown', reason: 'no-revocation-data', issuerKeyId: expect.any(String), serial: '0b' });
    expect(await rechecker.recheck(Uint8Array.of(1, 2, 3), at)).toEqual({ status: 'invalid', reason: 'malformed' });
  });
});
