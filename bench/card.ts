/**
 * Card layer on this machine, through the real card session and the virtual My Number Card:
 * the check-in read (user-authentication certificate, no PIN) and the full registration read
 * (certificate, PIN, card signature, 4 attributes with 照合番号B and integrity check) on a
 * short-APDU reader, an extended-length reader and a T=0-style card answering 61xx; then how
 * fast training residents and training CRLs are made.
 *
 *   npm run bench:card
 */
import { cpus } from 'node:os';
import {
  createVirtualCard,
  EXTENDED_APDU_CAPABILITIES,
  generateResidents,
  keyPool,
  openCardSession,
  proveUserAuthKey,
  readFourAttributes,
  readUserAuthCertificate,
  residentCollationNumberB,
  trainingAuthority,
  trainingResident,
  TRAINING_PINS,
  VirtualCardTransport,
  verifyUserAuthPin,
  type VirtualCardOptions,
} from '../src/card/index.ts';
import { buildCrl } from '../src/card/training/x509-builder.ts';

const RUNS = 30;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function measure(label: string, run: () => Promise<number>): Promise<void> {
  const times: number[] = [];
  let exchanges = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    exchanges = await run();
    times.push(performance.now() - started);
  }
  console.log(`${label.padEnd(66)} median ${median(times).toFixed(1).padStart(6)} ms  max ${Math.max(...times).toFixed(1).padStart(6)} ms  ${exchanges} APDUs`);
}

const authority = await trainingAuthority();
const resident = trainingResident('R01');
const setups: { label: string; card?: VirtualCardOptions; extended?: boolean }[] = [
  { label: 'short APDU reader' },
  { label: 'extended-length reader', extended: true },
  { label: 'card answering 61xx (GET RESPONSE)', card: { responseChaining: 'get-response' } },
];

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}\n`);
for (const setup of setups) {
  const transport = async (): Promise<VirtualCardTransport> =>
    new VirtualCardTransport(await createVirtualCard(resident, authority, setup.card), setup.extended ? { capabilities: EXTENDED_APDU_CAPABILITIES } : {});
  const reused = await transport();
  await measure(`check-in read (certificate), ${setup.label}`, async () => {
    reused.insert();
    const before = reused.exchanges;
    await readUserAuthCertificate(openCardSession(reused));
    return reused.exchanges - before;
  });
  await measure(`registration read (all), ${setup.label}`, async () => {
    reused.insert();
    const before = reused.exchanges;
    const session = openCardSession(reused);
    const der = await readUserAuthCertificate(session);
    await verifyUserAuthPin(session, TRAINING_PINS.userAuth);
    if (!(await proveUserAuthKey(session, der)).verified) throw new Error('signature did not verify');
    const attributes = await readFourAttributes(session, { kind: 'collation-number-b', value: residentCollationNumberB(resident) }, { cvIssuerKey: authority.cvIssuerPublicKey });
    if (!attributes.integrity.verified) throw new Error('integrity did not verify');
    return reused.exchanges - before;
  });
}

let started = performance.now();
const fresh = await generateResidents(authority, { count: 10, seed: 1 });
console.log(`\n${'training residents, fresh RSA-2048 keys'.padEnd(66)} ${((performance.now() - started) / fresh.length).toFixed(1)} ms each (${fresh.length})`);
const pool = await keyPool(4);
started = performance.now();
const pooled = await generateResidents(authority, { count: 200, seed: 2, keys: pool });
console.log(`${'training residents, 4 pooled keys'.padEnd(66)} ${((performance.now() - started) / pooled.length).toFixed(1)} ms each (${pooled.length})`);

const ca = authority.ca('user-authentication', '2023');
for (const entries of [1_000, 10_000]) {
  started = performance.now();
  const der = await buildCrl({
    issuer: ca.name,
    issuerPrivateKey: ca.privateKey,
    authorityKeyIdentifier: ca.keyIdentifier,
    crlNumber: 1n,
    thisUpdate: new Date(),
    nextUpdate: new Date(Date.now() + 86_400_000),
    entries: Array.from({ length: entries }, (_, i) => ({ serialNumber: new Uint8Array([0x10, i >> 16, (i >> 8) & 0xff, i & 0xff, 1, 2, 3, 4]), revocationDate: new Date(), reasonCode: 4 })),
  });
  console.log(`${`training CRL with ${entries.toLocaleString('en')} entries (PKI.js)`.padEnd(66)} ${(performance.now() - started).toFixed(0)} ms, ${(der.length / 1024).toFixed(0)} KiB`);
}
