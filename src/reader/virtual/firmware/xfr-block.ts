/**
 * PC_to_RDR_XfrBlock in a virtual reader, per exchange level (CCID §6.1.4): the chaining of an
 * extended-APDU reader (wLevelParameter / bChainParameter), the single message of a short-APDU
 * reader, and at TPDU level the bytes handed to the chip's T=1 or T=0 engine — a PPS first if
 * the host sends one, and nothing at all if the reader and the chip disagree on rate or
 * protocol (a real chip would then look mute).
 */
import { decodeCommand as decodeApdu } from '../../../card/apdu/command.ts';
import type { ExchangeLevel } from '../../ccid/class-descriptor.ts';
import { CHAIN, levelParameterOf, RDR_TO_PC, type CcidCommand } from '../../ccid/messages.ts';
import { SLOT_ERROR } from '../../ccid/slot-errors.ts';
import { VirtualChip } from '../card/virtual-chip.ts';
import { flipBit, type Fault } from '../faults.ts';
import { runT0Tpdu } from './t0-ifd.ts';
import { reply, timeExtension, type VirtualSlot } from './slot-state.ts';

export interface XfrContext {
  level: ExchangeLevel;
  /** The firmware's real message buffer (dwMaxCCIDMessageLength, corrected by quirks). */
  maxMessageLength: number;
  fault: Fault | undefined;
}

type Frames = Uint8Array<ArrayBuffer>[];

export async function xfrBlock(command: CcidCommand, slot: VirtualSlot, chip: VirtualChip, context: XfrContext): Promise<Frames> {
  const payload = context.maxMessageLength - 10;
  const dataBlock = (data: Uint8Array, specific = 0): Uint8Array<ArrayBuffer> => reply(command, slot, { type: RDR_TO_PC.DataBlock, data, specific });
  const failed = (bError: number): Frames => [reply(command, slot, { type: RDR_TO_PC.DataBlock, failed: bError })];
  if (command.data.length > payload) return failed(0x01); // dwLength beyond the buffer
  switch (context.level) {
    case 'extended-apdu':
      return extendedApdu(command, slot, chip, payload, dataBlock, failed);
    case 'short-apdu': {
      let extended: boolean;
      try {
        extended = decodeApdu(command.data).extended;
      } catch {
        extended = false; // the card answers 6700
      }
      if (extended) return failed(0x01);
      const frames: Frames = VirtualChip.isSlow(command.data) ? [timeExtension(command, slot)] : [];
      const response = await chip.process(command.data);
      if (response.length > payload) return failed(SLOT_ERROR.XFR_OVERRUN);
      return [...frames, dataBlock(response)];
    }
    case 'tpdu':
      return tpdu(command, slot, chip, context, dataBlock, failed);
    case 'character':
      return failed(SLOT_ERROR.CMD_NOT_SUPPORTED);
  }
}

async function extendedApdu(
  command: CcidCommand,
  slot: VirtualSlot,
  chip: VirtualChip,
  payload: number,
  dataBlock: (data: Uint8Array, specific?: number) => Uint8Array<ArrayBuffer>,
  failed: (bError: number) => Frames,
): Promise<Frames> {
  const level = levelParameterOf(command);
  let apdu: Uint8Array;
  switch (level) {
    case CHAIN.beginsAndEnds:
      slot.commandParts = undefined;
      apdu = command.data;
      break;
    case CHAIN.begins:
      slot.commandParts = [command.data];
      return [dataBlock(new Uint8Array(0), CHAIN.emptyContinue)];
    case CHAIN.continues:
      if (!slot.commandParts) return failed(0x08); // wLevelParameter (offset 8) out of sequence
      slot.commandParts.push(command.data);
      return [dataBlock(new Uint8Array(0), CHAIN.emptyContinue)];
    case CHAIN.ends: {
      if (!slot.commandParts) return failed(0x08);
      const parts = [...slot.commandParts, command.data];
      slot.commandParts = undefined;
      apdu = Uint8Array.from(parts.flatMap((p) => [...p]));
      break;
    }
    case CHAIN.emptyContinue: {
      const rest = slot.responseRest;
      if (!rest) return failed(0x08);
      return [respond(rest)];
    }
    default:
      return failed(0x08);
  }
  const frames: Frames = VirtualChip.isSlow(apdu) ? [timeExtension(command, slot)] : [];
  const response = await chip.process(apdu);
  slot.responseRest = undefined;
  if (response.length <= payload) return [...frames, dataBlock(response, CHAIN.beginsAndEnds)];
  slot.responseRest = response;
  return [...frames, respond(response, true)];

  function respond(rest: Uint8Array, first = false): Uint8Array<ArrayBuffer> {
    const part = rest.subarray(0, payload);
    const remaining = rest.subarray(part.length);
    slot.responseRest = remaining.length > 0 ? remaining : undefined;
    const chain = first ? CHAIN.begins : remaining.length > 0 ? CHAIN.continues : CHAIN.ends;
    return dataBlock(part, chain);
  }
}

async function tpdu(
  command: CcidCommand,
  slot: VirtualSlot,
  chip: VirtualChip,
  context: XfrContext,
  dataBlock: (data: Uint8Array) => Uint8Array<ArrayBuffer>,
  failed: (bError: number) => Frames,
): Promise<Frames> {
  if (command.data[0] === 0xff && command.data.length >= 3 && command.data.length <= 6) {
    const answer = chip.pps(command.data);
    return answer ? [dataBlock(answer)] : failed(SLOT_ERROR.ICC_MUTE);
  }
  chip.exchanged();
  if (slot.readerFidi !== chip.fidi || slot.readerProtocol !== chip.protocol) return failed(SLOT_ERROR.ICC_MUTE);
  if (chip.protocol === 1) {
    const toCard = context.fault?.kind === 't1-corrupt-to-card' ? flipBit(command.data, context.fault.count ?? 3, context.fault.at ?? 0) : command.data;
    const before = chip.apdus;
    const answer = await chip.t1.receive(toCard);
    // The card took long for an APDU (after its WTX): the reader says so to the host.
    const frames: Frames = chip.apdus > before && command.parameters[0] > 1 ? [timeExtension(command, slot, command.parameters[0])] : [];
    const fromCard = context.fault?.kind === 't1-corrupt-from-card' ? flipBit(answer, context.fault.count ?? 3, context.fault.at ?? 0) : answer;
    return [...frames, dataBlock(fromCard)];
  }
  const frames: Frames = [];
  const outcome = await runT0Tpdu(chip.t0, command.data, () => frames.push(timeExtension(command, slot)));
  if (!outcome.ok) return failed(SLOT_ERROR.PROCEDURE_BYTE_CONFLICT);
  return [...frames, dataBlock(outcome.response)];
}
