/**
 * Fuzzing the streaming CRL reader: random bytes and mutations of real CRLs (bit flips, byte
 * changes, insertions, deletions, truncations, length bumps, splices), fed whole and in random
 * chunks, through the reader alone and through the whole ingest (issuer name, signature check,
 * index). Every input must get a result or a typed user-facing refusal, within a time
 * bound, and the fast entry path must agree with the generic one. Used by the unit test (a
 * bounded count) and by `npm run bench:crl-fuzz` (a long run).
 */
import { DerCursor } from '../../src/revocation/der.ts';
import { readEntry, readEntryGeneric, type CrlEntrySink } from '../../src/revocation/crl-entry.ts';
import type { TrustStore } from '../../src/pki/trust-store.ts';
import { UserFacingError } from '../../src/protocol/user-facing-error.ts';
import { ingestCrl, readCrl, RevocationError } from '../../src/revocation/index.ts';

export class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

export function mutate(input: Uint8Array, random: Random): Uint8Array {
  const bytes = Array.from(input);
  const rounds = 1 + random.int(4);
  for (let r = 0; r < rounds; r++) {
    const at = random.int(Math.max(1, bytes.length));
    switch (random.int(7)) {
      case 0:
        bytes[at] = (bytes[at] ?? 0) ^ (1 << random.int(8));
        break;
      case 1:
        bytes[at] = random.int(256);
        break;
      case 2:
        bytes.splice(at, 0, ...Array.from({ length: 1 + random.int(8) }, () => random.int(256)));
        break;
      case 3:
        bytes.splice(at, 1 + random.int(8));
        break;
      case 4:
        bytes.length = at;
        break;
      case 5:
        // Lengths are where DER parsers break: bump a length-looking byte.
        bytes[at] = [0x80, 0x81, 0x84, 0xff, 0x7f, 0x00][random.int(6)];
        break;
      default: {
        const from = random.int(Math.max(1, bytes.length));
        bytes.splice(at, 0, ...bytes.slice(from, from + 1 + random.int(40)));
      }
    }
  }
  return Uint8Array.from(bytes);
}

function chunks(bytes: Uint8Array, random: Random): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const n = 1 + random.int(64);
      controller.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

export interface FuzzOutcome {
  accepted: number;
  refused: number;
  /** Inputs that threw something other than a RevocationError, with the error. */
  crashes: { input: Uint8Array; error: unknown }[];
  slowest: number;
}

const LIMITS = { maxEntryBytes: 4096, maxHeaderElementBytes: 4096, maxExtensionsBytes: 65536 };

/**
 * Runs the reader (or the whole ingest, with a trust store) on one input; returns whether it
 * was accepted, or throws what is a crash: anything but a typed, user-facing refusal.
 */
async function readOnce(input: Uint8Array | ReadableStream<Uint8Array>, trustStore?: TrustStore): Promise<boolean> {
  try {
    if (trustStore) await ingestCrl(input, { trustStore, limits: LIMITS });
    else await readCrl(input, { entry: () => undefined, limits: LIMITS });
    return true;
  } catch (error) {
    if (error instanceof UserFacingError) return false;
    throw error;
  }
}

/** Both entry readers on the same bytes: same entry or both refusing, else a description. */
export function compareEntryReaders(bytes: Uint8Array): string | undefined {
  const run = (reader: typeof readEntry): string => {
    const seen: string[] = [];
    const sink: CrlEntrySink = { entry: (b, s, e, at, reason, inv) => seen.push(`${Array.from(b.subarray(s, e)).join(',')}|${at}|${reason}|${inv}`) };
    try {
      reader(new DerCursor(bytes, 0, bytes.length, 0), sink, true);
      return seen.join(';');
    } catch (error) {
      if (error instanceof RevocationError) return 'refused';
      return `crash ${String(error)}`;
    }
  };
  const fast = run(readEntry);
  const generic = run(readEntryGeneric);
  return fast === generic ? undefined : `fast: ${fast}, generic: ${generic}`;
}

export async function fuzzReader(seeds: readonly Uint8Array[], count: number, seed: number, trustStore?: TrustStore): Promise<FuzzOutcome> {
  const random = new Random(seed);
  const outcome: FuzzOutcome = { accepted: 0, refused: 0, crashes: [], slowest: 0 };
  for (let i = 0; i < count; i++) {
    const base = seeds[random.int(seeds.length)];
    const input = i % 10 === 0 ? Uint8Array.from({ length: random.int(400) }, () => random.int(256)) : mutate(base, random);
    const started = performance.now();
    try {
      const accepted = await readOnce(i % 3 === 0 ? chunks(input, random) : input, i % 2 === 0 ? trustStore : undefined);
      if (accepted) outcome.accepted++;
      else outcome.refused++;
    } catch (error) {
      outcome.crashes.push({ input, error });
    }
    outcome.slowest = Math.max(outcome.slowest, performance.now() - started);
  }
  return outcome;
}
