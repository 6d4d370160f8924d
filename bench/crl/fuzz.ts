/**
 * `npm run bench:crl-fuzz [-- --count N --seed S]`: the long fuzz run of the CRL reader and the
 * whole ingest (the unit suite runs a bounded count). Random and mutated inputs, whole and in
 * random chunks; fails on any error that is not a typed refusal, or an input slower than 2 s.
 */
import { parseArgs } from 'node:util';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { TrustStore } from '../../src/pki/trust-store.ts';
import { compareEntryReaders, fuzzReader, mutate, Random } from '../../tests/support/crl-fuzz.ts';
import { OpenSslWorkspace } from '../../tests/support/openssl.ts';
import { makeCrl } from '../../tests/support/openssl-crl.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '200000' }, seed: { type: 'string', default: String(Date.now() % 1e9) } } });
const count = Number(values.count);
const seed = Number(values.seed);
const ws = new OpenSslWorkspace();
try {
  const ca = ws.selfSignedCa({ subject: '/C=JP/O=Fuzz CA' });
  const ecCa = ws.selfSignedCa({ subject: '/C=JP/O=Fuzz EC CA', key: 'ec-p256' });
  const reasons = ['unspecified', 'keyCompromise', 'superseded', 'certificateHold', 'removeFromCRL'];
  const seeds = [
    makeCrl(ws, ca, {
      crlNumber: '05',
      extensions: ['authorityKeyIdentifier = keyid:always', 'issuingDistributionPoint = critical, @idp', '[idp]', 'fullname = URI:http://x.test/c.crl', 'onlyuser = TRUE'],
      entries: Array.from({ length: 12 }, (_, i) => ({ serial: (0x100 + i * 77).toString(16), revoked: i % 2 ? '240101000000Z' : '500101000000Z', reason: reasons[i % 5] })),
    }).der,
    makeCrl(ws, ca, { entries: [{ serial: '11', revoked: '491231235959Z' }] }).der,
    makeCrl(ws, ecCa, { crlNumber: '01', digest: 'sha256', extensions: ['2.5.29.27 = critical, DER:020101'], entries: [{ serial: '01', revoked: '240101000000Z', invalidity: '20231231000000Z' }] }).der,
  ];
  const trustStore = new TrustStore([parseCertificate(ca.der), parseCertificate(ecCa.der)]);
  const started = performance.now();
  const outcome = await fuzzReader(seeds, count, seed, trustStore);
  const random = new Random(seed);
  let disagreements = 0;
  for (let i = 0; i < count; i++) {
    const base = seeds[random.int(seeds.length)] ?? new Uint8Array();
    const start = random.int(Math.max(1, base.length - 40));
    if (compareEntryReaders(mutate(base.subarray(start, start + 60), random))) disagreements++;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`seed ${seed}: ${count} inputs in ${seconds.toFixed(1)} s; accepted ${outcome.accepted}, refused ${outcome.refused}, crashes ${outcome.crashes.length}, slowest ${outcome.slowest.toFixed(1)} ms; fast/generic entry reader disagreements ${disagreements}`);
  for (const crash of outcome.crashes.slice(0, 5)) console.log(`crash: ${String(crash.error)} on ${Buffer.from(crash.input).toString('hex')}`);
  if (outcome.crashes.length > 0 || disagreements > 0 || outcome.slowest > 2000) process.exitCode = 1;
} finally {
  ws.dispose();
}
