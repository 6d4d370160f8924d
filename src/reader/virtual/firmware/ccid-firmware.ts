/**
 * The firmware of a virtual CCID reader built from a class descriptor: every PC_to_RDR message
 * answered as CCID Rev 1.1 §6.1-6.2 says, for the reader's slots, exchange level, voltages,
 * protocols and automatic features (dwFeatures). Card insertion and removal produce the
 * NotifySlotChange the reader would send. Replies are returned as frames (time extensions
 * first); the virtual USB device moves them.
 */
import { CCID_FEATURE, exchangeLevelOf, hasFeature, supportsT0, supportsT1, type CcidClassDescriptor, type ExchangeLevel } from '../../ccid/class-descriptor.ts';
import { decodeCommand, encodeNotifySlotChange, PC_TO_RDR, RDR_TO_PC, REPLY_TO, type CcidCommand, type Voltage } from '../../ccid/messages.ts';
import { SLOT_ERROR } from '../../ccid/slot-errors.ts';
import type { VirtualChip } from '../card/virtual-chip.ts';
import type { Fault } from '../faults.ts';
import { newSlot, reply, type VirtualSlot } from './slot-state.ts';
import { xfrBlock } from './xfr-block.ts';

const VOLTAGES: Readonly<Record<number, Voltage>> = { 1: '5V', 2: '3V', 3: '1.8V' };
const T1_DEFAULT_PARAMETERS = Uint8Array.from([0x11, 0x10, 0x00, 0x4d, 0x00, 0x20, 0x00]);
const T0_DEFAULT_PARAMETERS = Uint8Array.from([0x11, 0x00, 0x00, 0x0a, 0x00]);

export class CcidFirmware {
  readonly slots: VirtualSlot[];
  readonly level: ExchangeLevel;
  private readonly parameters = new Map<number, { protocol: 0 | 1; structure: Uint8Array }>();
  /** Called with a NotifySlotChange message whenever a card comes or goes. */
  onSlotChange: (message: Uint8Array<ArrayBuffer>) => void = () => {};

  constructor(
    readonly descriptor: CcidClassDescriptor,
    /** The real message buffer (quirks may correct the descriptor's). */
    readonly maxMessageLength: number,
  ) {
    this.slots = Array.from({ length: descriptor.bMaxSlotIndex + 1 }, newSlot);
    this.level = exchangeLevelOf(descriptor.dwFeatures) ?? 'tpdu';
  }

  insert(index: number, chip: VirtualChip): void {
    const slot = this.slots[index];
    if (!slot) throw new RangeError(`no slot ${index}`);
    Object.assign(slot, newSlot(), { chip });
    this.notify(index);
  }

  remove(index: number): void {
    const slot = this.slots[index];
    if (!slot?.chip) return;
    Object.assign(slot, newSlot());
    this.notify(index);
  }

  private notify(changed: number): void {
    this.onSlotChange(encodeNotifySlotChange(this.slots.map((s, i) => ({ present: s.chip !== undefined, changed: i === changed }))));
  }

  /** Handles one bulk-OUT message; resolves with the frames to send back. */
  async handle(bytes: Uint8Array, fault?: Fault): Promise<Uint8Array<ArrayBuffer>[]> {
    const command = decodeCommand(bytes);
    const slot = this.slots[command.slot];
    const replyType = REPLY_TO[command.type] ?? RDR_TO_PC.SlotStatus;
    if (!slot) return [reply(command, undefined, { type: replyType, failed: 5 })]; // bSlot (offset 5) does not exist
    if (fault?.kind === 'remove-card') this.remove(command.slot);
    switch (command.type) {
      case PC_TO_RDR.GetSlotStatus:
        return [reply(command, slot, { type: RDR_TO_PC.SlotStatus })];
      case PC_TO_RDR.IccPowerOn:
        return [this.powerOn(command, slot)];
      case PC_TO_RDR.IccPowerOff:
        slot.powered = false;
        return [reply(command, slot, { type: RDR_TO_PC.SlotStatus })];
      case PC_TO_RDR.SetParameters:
        return [this.setParameters(command, slot)];
      case PC_TO_RDR.GetParameters:
      case PC_TO_RDR.ResetParameters: {
        if (command.type === PC_TO_RDR.ResetParameters) this.parameters.delete(command.slot);
        const current = this.parameters.get(command.slot) ?? { protocol: slot.readerProtocol, structure: slot.readerProtocol === 1 ? T1_DEFAULT_PARAMETERS : T0_DEFAULT_PARAMETERS };
        return [reply(command, slot, { type: RDR_TO_PC.Parameters, data: current.structure, specific: current.protocol })];
      }
      case PC_TO_RDR.XfrBlock: {
        const chip = slot.chip;
        if (!chip || !slot.powered) return [reply(command, slot, { type: RDR_TO_PC.DataBlock, failed: SLOT_ERROR.ICC_MUTE })];
        const frames = await xfrBlock(command, slot, chip, { level: this.level, maxMessageLength: this.maxMessageLength, fault });
        // The card left while it worked: the reader reports it gone instead of an answer.
        if (slot.chip !== chip) return [reply(command, slot, { type: RDR_TO_PC.DataBlock, failed: SLOT_ERROR.ICC_MUTE })];
        return frames;
      }
      case PC_TO_RDR.Abort:
        return [reply(command, slot, { type: RDR_TO_PC.SlotStatus })];
      default:
        return [reply(command, slot, { type: replyType, failed: SLOT_ERROR.CMD_NOT_SUPPORTED })];
    }
  }

  /** The reply to a command the host aborted (CCID §5.3.1). */
  aborted(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
    const command = decodeCommand(bytes);
    return reply(command, this.slots[command.slot], { type: REPLY_TO[command.type] ?? RDR_TO_PC.SlotStatus, failed: SLOT_ERROR.CMD_ABORTED });
  }

  private powerOn(command: CcidCommand, slot: VirtualSlot): Uint8Array<ArrayBuffer> {
    const chip = slot.chip;
    if (!chip) return reply(command, slot, { type: RDR_TO_PC.DataBlock, failed: SLOT_ERROR.ICC_MUTE });
    const offered = (['5V', '3V', '1.8V'] as const).filter((_, bit) => this.descriptor.bVoltageSupport & (1 << bit));
    const select = command.parameters[0];
    let voltage: Voltage | undefined;
    if (select === 0) {
      voltage = chip.acceptedVoltage(offered.length > 0 ? offered : ['5V', '3V', '1.8V']);
    } else {
      voltage = VOLTAGES[select];
      if (!voltage || (offered.length > 0 && !offered.includes(voltage))) return reply(command, slot, { type: RDR_TO_PC.DataBlock, failed: 7 }); // bPowerSelect
    }
    const atr = voltage ? chip.reset(voltage) : undefined;
    slot.powered = atr !== undefined;
    if (!atr) return reply(command, slot, { type: RDR_TO_PC.DataBlock, failed: SLOT_ERROR.ICC_MUTE });
    slot.readerFidi = 0x11;
    slot.readerProtocol = chip.protocol;
    this.parameters.delete(command.slot);
    slot.commandParts = undefined;
    slot.responseRest = undefined;
    if (hasFeature(this.descriptor, CCID_FEATURE.autoParameterNegotiation)) {
      // The reader negotiates by itself: T=1 if both can, at the best rate both can.
      const protocol = chip.parsedAtr.protocols.includes(1) && supportsT1(this.descriptor) ? 1 : 0;
      chip.negotiate(protocol, chip.parsedAtr.ta1 ?? 0x11);
      slot.readerFidi = chip.fidi;
      slot.readerProtocol = chip.protocol;
    }
    return reply(command, slot, { type: RDR_TO_PC.DataBlock, data: atr });
  }

  private setParameters(command: CcidCommand, slot: VirtualSlot): Uint8Array<ArrayBuffer> {
    const protocolNum = command.parameters[0];
    const structure = command.data;
    const fail = (bError: number) => reply(command, slot, { type: RDR_TO_PC.Parameters, failed: bError, specific: protocolNum });
    if (!slot.chip) return fail(SLOT_ERROR.ICC_MUTE);
    if (protocolNum > 1 || (protocolNum === 1 && !supportsT1(this.descriptor)) || (protocolNum === 0 && !supportsT0(this.descriptor))) return fail(7); // bProtocolNum
    const protocol: 0 | 1 = protocolNum === 1 ? 1 : 0;
    if (structure.length !== (protocol === 1 ? 7 : 5)) return fail(1); // dwLength
    const fidi = structure[0] ?? 0x11;
    if (hasFeature(this.descriptor, CCID_FEATURE.autoPps) && slot.powered) {
      // The reader makes the PPS itself from these parameters.
      slot.chip.negotiate(protocol, fidi);
      slot.readerFidi = slot.chip.fidi;
    } else {
      slot.readerFidi = fidi;
    }
    slot.readerProtocol = protocol;
    this.parameters.set(command.slot, { protocol, structure: Uint8Array.from(structure) });
    return reply(command, slot, { type: RDR_TO_PC.Parameters, data: structure, specific: protocol });
  }
}
