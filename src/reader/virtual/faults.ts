/**
 * Faults a virtual USB reader can inject into one bulk command (counted from 0 over every
 * PC_to_RDR message the host sends), to test that the driver recovers or fails with a typed
 * error, never hangs:
 *
 *   time-extensions     `count` RDR_to_PC frames asking for more time before the reply
 *   stale-frame         a frame with the previous bSeq before the reply (a duplicate)
 *   split-reply         the reply arrives in two USB transfers
 *   truncate-reply      the reply is cut short and the rest never comes
 *   drop-reply          no reply until the host aborts the command (CCID §5.3.1)
 *   stall-in            bulk-IN stalls once (cleared by CLEAR_FEATURE(HALT))
 *   stall-out           bulk-OUT stalls once; the command is not taken
 *   stall-forever       bulk-IN stalls on every read from now on
 *   remove-card         the card leaves the slot while the command runs
 *   unplug              the reader leaves the bus while the command runs
 *   t1-corrupt-to-card  one bit flips in the T=1 block on its way to the card
 *   t1-corrupt-from-card one bit flips in the card's T=1 block
 */

export type FaultKind =
  | 'time-extensions'
  | 'stale-frame'
  | 'split-reply'
  | 'truncate-reply'
  | 'drop-reply'
  | 'stall-in'
  | 'stall-out'
  | 'stall-forever'
  | 'remove-card'
  | 'unplug'
  | 't1-corrupt-to-card'
  | 't1-corrupt-from-card';

export interface Fault {
  kind: FaultKind;
  /** time-extensions: how many; split/truncate: where to cut (fraction 0-1); corruption: which bit (0-7 of byte `count`). */
  count?: number;
  at?: number;
}

/** Decides the fault (if any) for the bulk command with this index and bytes. */
export type FaultPlan = (commandIndex: number, command: Uint8Array) => Fault | undefined;

/** A plan from a fixed table: command index → fault. */
export function faultsAt(table: Readonly<Record<number, Fault>>): FaultPlan {
  return (index) => table[index];
}

/** Flips one bit of a copy of `bytes` (byte `byteIndex` mod length, bit `bit` mod 8). */
export function flipBit(bytes: Uint8Array, byteIndex: number, bit: number): Uint8Array<ArrayBuffer> {
  const copy = Uint8Array.from(bytes);
  if (copy.length === 0) return copy;
  const i = ((byteIndex % copy.length) + copy.length) % copy.length;
  copy[i] = (copy[i] ?? 0) ^ (1 << (((bit % 8) + 8) % 8));
  return copy;
}
