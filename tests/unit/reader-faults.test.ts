/**
 * 1,000 randomized fault injections (seeded, so every run is the same sequence) across the main
 * reader profiles: time extensions, stale frames, split/truncated/lost replies, stalls, a card
 * pulled or the reader unplugged mid-exchange, T=1 blocks corrupted either way. Every read must
 * end (no hang), no promise may be left rejected unhandled, and the read either completes with
 * the right certificate or fails with one of the product's typed errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardError } from '../../src/card/errors.ts';
import { readUserAuthCertificate } from '../../src/card/jpki/user-auth.ts';
import { openCardSession } from '../../src/card/session/card-session.ts';
import { SeededRandom } from '../../src/card/training/prng.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { readTrainingCardEndToEnd } from '../../src/card/training/end-to-end-read.ts';
import { VirtualCardTransport } from '../../src/card/virtual/virtual-transport.ts';
import { bytesToHex } from '../../src/protocol/encoding.ts';
import type { Fault, FaultKind } from '../../src/reader/virtual/faults.ts';
import { VirtualReader } from '../../src/reader/virtual/virtual-reader.ts';
import { CcidDevice } from '../../src/reader/webusb/ccid-device.ts';
import { corpusFile, trainingCard } from '../support/virtual-readers.ts';

const RUNS = 1_000;
const SEED = 0x5eed_2026;
/** A run that takes this long has hung: every wait in the driver is far shorter. */
const HANG_MS = 15_000;

const PROFILES = [
  'SONY_FeliCa_RC-S300_S.txt', // extended APDU, 522
  'ACS_ACR1252_Reader.txt', // extended APDU, 522
  'Identiv_uTrust_3700_F_CL_Reader.txt', // extended APDU, 1034
  'Fsij_gnuk.txt', // extended APDU, 64-byte messages: chaining both ways
  'ACS_ACR3901U_ICC_Reader.txt', // short APDU
  'SCR3310-NTTCom.txt', // TPDU, vendor class
  'SCR3310.txt', // TPDU
  'ACS_ACR39U_ICC_Reader.txt', // TPDU, no automatic voltage
];

const KINDS: FaultKind[] = [
  'time-extensions',
  'stale-frame',
  'split-reply',
  'truncate-reply',
  'drop-reply',
  'stall-in',
  'stall-out',
  'stall-forever',
  'remove-card',
  'unplug',
  't1-corrupt-to-card',
  't1-corrupt-from-card',
];

/** Short waits so that lost replies cost little; the invariants do not depend on them. */
const TIMING = { commandTimeoutMs: 80, replyTimeoutMs: 60, abortTimeoutMs: 40, pollIntervalMs: 5, connectTimeoutMs: 1_000 };

type Outcome = { kind: 'read' } | { kind: 'typed'; code: string } | { kind: 'untyped'; error: string } | { kind: 'hang' };

describe('randomized reader faults', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it(
    `${RUNS} seeded runs: every read ends, recovers or fails with a typed error, and nothing is left unhandled`,
    async () => {
      const random = new SeededRandom(SEED);
      const authority = await trainingAuthority();
      const resident = trainingResident('R01');
      const card = await trainingCard('R01');
      const expectedCertificate = bytesToHex(await readUserAuthCertificate(openCardSession(new VirtualCardTransport(card))));
      const outcomes: Outcome[] = [];
      const byKind = new Map<FaultKind, { runs: number; read: number; typed: number }>();

      for (let run = 0; run < RUNS; run++) {
        const profile = random.pick(PROFILES);
        const faults = new Map<number, Fault>();
        const count = random.int(1, 3);
        for (let i = 0; i < count; i++) {
          const kind = random.pick(KINDS);
          faults.set(random.int(0, 24), { kind, count: random.int(1, 6), at: random.next() });
        }
        const fullRead = run % 10 === 0;
        const outcome = await runOnce({ profile, faults, fullRead, card, resident, authority, expectedCertificate });
        outcomes.push(outcome);
        for (const fault of faults.values()) {
          const stats = byKind.get(fault.kind) ?? { runs: 0, read: 0, typed: 0 };
          stats.runs++;
          if (outcome.kind === 'read') stats.read++;
          if (outcome.kind === 'typed') stats.typed++;
          byKind.set(fault.kind, stats);
        }
      }

      const problems = outcomes.filter((o) => o.kind === 'hang' || o.kind === 'untyped');
      expect(problems).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
      expect(outcomes).toHaveLength(RUNS);
      const read = outcomes.filter((o) => o.kind === 'read').length;
      console.log(`faults: ${read} reads completed, ${RUNS - read} typed failures`, Object.fromEntries(byKind));
      // Most faults are recoverable; the fatal ones (unplug, endless stall) fail typed.
      expect(read).toBeGreaterThan(RUNS / 3);
      for (const kind of KINDS) expect(byKind.get(kind)?.runs ?? 0, kind).toBeGreaterThan(50);
      for (const kind of ['time-extensions', 'stale-frame', 'split-reply', 'stall-in', 'stall-out'] as const) expect(byKind.get(kind)?.read ?? 0, kind).toBeGreaterThan(0);
    },
    600_000,
  );
});

interface Run {
  profile: string;
  faults: ReadonlyMap<number, Fault>;
  fullRead: boolean;
  card: Awaited<ReturnType<typeof trainingCard>>;
  resident: ReturnType<typeof trainingResident>;
  authority: Awaited<ReturnType<typeof trainingAuthority>>;
  expectedCertificate: string;
}

async function runOnce({ profile, faults, fullRead, card, resident, authority, expectedCertificate }: Run): Promise<Outcome> {
  const virtual = new VirtualReader(corpusFile(profile), { faults: (index) => faults.get(index) });
  virtual.insert(card);
  let device: CcidDevice | undefined;
  const work = (async (): Promise<Outcome> => {
    device = await CcidDevice.open(virtual.device, { timing: TIMING });
    const [slot] = device.readers;
    if (!slot) return { kind: 'untyped', error: 'no reader' };
    const session = openCardSession(await slot.connect());
    if (fullRead) {
      const reading = await readTrainingCardEndToEnd(session, resident, authority);
      return reading.signature.verified && reading.attributes.integrityVerified ? { kind: 'read' } : { kind: 'untyped', error: 'read did not verify' };
    }
    const der = await readUserAuthCertificate(session);
    return bytesToHex(der) === expectedCertificate ? { kind: 'read' } : { kind: 'untyped', error: 'wrong certificate' };
  })().catch((error: unknown): Outcome => (error instanceof CardError ? { kind: 'typed', code: error.code } : { kind: 'untyped', error: `${profile}: ${String(error)}` }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'hang' }), HANG_MS);
  });
  const outcome = await Promise.race([work, hang]);
  clearTimeout(timer);
  await device?.close();
  return outcome;
}
