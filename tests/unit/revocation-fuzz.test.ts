import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { TrustStore } from '../../src/pki/trust-store.ts';
import { readCrl } from '../../src/revocation/index.ts';
import { entry, extension, generalizedTime, int, reasonCode, seq, tlv, utcTime } from '../support/crl-der.ts';
import { compareEntryReaders, fuzzReader, mutate, Random } from '../support/crl-fuzz.ts';
import { OpenSslWorkspace } from '../support/openssl.ts';
import { makeCrl } from '../support/openssl-crl.ts';

const ws = new OpenSslWorkspace();
const seeds: Uint8Array[] = [];
let trustStore: TrustStore;

beforeAll(() => {
  const ca = ws.selfSignedCa({ subject: '/C=JP/O=Fuzz CA' });
  trustStore = new TrustStore([parseCertificate(ca.der)]);
  seeds.push(
    makeCrl(ws, ca, {
      crlNumber: '05',
      extensions: ['authorityKeyIdentifier = keyid:always', 'issuingDistributionPoint = critical, @idp', '[idp]', 'fullname = URI:http://x.test/c.crl', 'onlyuser = TRUE'],
      entries: [
        { serial: '01', revoked: '240101000000Z', reason: 'keyCompromise' },
        { serial: '0203', revoked: '240101000000Z', invalidity: '20231231000000Z' },
        { serial: '7FFFFFFF', revoked: '240101000000Z' },
      ],
    }).der,
    makeCrl(ws, ca, { entries: [{ serial: '11', revoked: '500101000000Z' }] }).der,
  );
});
afterAll(() => ws.dispose());

describe('fuzzing the CRL reader', () => {
  it('answers random and mutated inputs with a result or a typed refusal, quickly', async () => {
    const outcome = await fuzzReader(seeds, 3000, 20261123, trustStore);
    expect(outcome.crashes.map((c) => String(c.error))).toEqual([]);
    expect(outcome.refused).toBeGreaterThan(2000);
    expect(outcome.accepted).toBeGreaterThan(0);
    // Generous bound (shared CI machines): a hang would be seconds.
    expect(outcome.slowest).toBeLessThan(1000);
  });

  it('has the fast entry path agree with the generic reader on mutated entries', () => {
    const now = new Date('2024-02-29T12:34:56Z');
    const entries = [
      entry([1], now),
      entry([0x00, 0x80], now, reasonCode(1)),
      entry([0x12, 0x34, 0x56], now, reasonCode(6), extension('2.5.29.24', false, generalizedTime(now))),
      entry([0xff, 0x7f], now, extension('2.5.29.24', false, generalizedTime(now)), reasonCode(4)),
      seq(int(5), generalizedTime(now), seq(reasonCode(3))),
      seq(int(6), utcTime(now), seq(extension('2.5.29.21', true, tlv(0x0a, Uint8Array.of(5))))),
    ].map((e) => e.subarray(2));
    const random = new Random(7);
    const disagreements: string[] = [];
    for (const e of entries) {
      const same = compareEntryReaders(e);
      if (same) disagreements.push(same);
    }
    for (let i = 0; i < 20000; i++) {
      const base = entries[random.int(entries.length)];
      const problem = compareEntryReaders(mutate(base, random));
      if (problem) disagreements.push(problem);
    }
    expect(disagreements).toEqual([]);
  });

  it('refuses hostile lengths without allocating what they claim', async () => {
    const claims = [
      Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30, 0x84, 0x7f, 0xff, 0xff, 0xf0),
      Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30, 0x84, 0x7f, 0xff, 0xff, 0xf0, 0x02, 0x01, 0x01, 0x30, 0x84, 0x7f, 0xff, 0xff, 0x00),
      Uint8Array.of(0x30, 0x85, 0x01, 0, 0, 0, 0, 0),
    ];
    const before = process.memoryUsage().rss;
    for (const bytes of claims) await expect(readCrl(bytes, { entry: () => undefined })).rejects.toMatchObject({ code: 'crl_malformed' });
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });
});
