/** The state a virtual CCID reader keeps per slot, and the replies it builds from it. */
import { encodeReply, RDR_TO_PC, type CcidCommand } from '../../ccid/messages.ts';
import { COMMAND_STATUS, ICC_STATUS } from '../../ccid/slot-errors.ts';
import type { VirtualChip } from '../card/virtual-chip.ts';

export interface VirtualSlot {
  chip: VirtualChip | undefined;
  powered: boolean;
  /** Fi/Di and protocol the reader talks at (SetParameters, or its own negotiation). */
  readerFidi: number;
  readerProtocol: 0 | 1;
  /** Extended-APDU level: a command APDU arriving in parts (wLevelParameter 01/03/02). */
  commandParts: Uint8Array[] | undefined;
  /** Extended-APDU level: the rest of a response to hand out on wLevelParameter 10. */
  responseRest: Uint8Array | undefined;
}

export function newSlot(): VirtualSlot {
  return { chip: undefined, powered: false, readerFidi: 0x11, readerProtocol: 1, commandParts: undefined, responseRest: undefined };
}

export function iccStatusOf(slot: VirtualSlot | undefined): number {
  if (!slot?.chip) return ICC_STATUS.absent;
  return slot.powered ? ICC_STATUS.presentActive : ICC_STATUS.presentInactive;
}

export interface ReplyParts {
  type: number;
  data?: Uint8Array;
  failed?: number;
  specific?: number;
  timeExtension?: number;
}

export function reply(command: CcidCommand, slot: VirtualSlot | undefined, parts: ReplyParts): Uint8Array<ArrayBuffer> {
  const commandStatus = parts.timeExtension !== undefined ? COMMAND_STATUS.timeExtension : parts.failed !== undefined ? COMMAND_STATUS.failed : COMMAND_STATUS.processed;
  return encodeReply({
    type: parts.type,
    slot: command.slot,
    seq: command.seq,
    iccStatus: iccStatusOf(slot),
    commandStatus,
    bError: parts.timeExtension ?? parts.failed ?? 0,
    specific: parts.specific ?? 0,
    data: parts.data ?? new Uint8Array(0),
  });
}

export function timeExtension(command: CcidCommand, slot: VirtualSlot | undefined, multiplier = 1): Uint8Array<ArrayBuffer> {
  return reply(command, slot, { type: RDR_TO_PC.DataBlock, timeExtension: multiplier });
}
