/**
 * CCID bulk and interrupt messages (USB CCID Rev 1.1 §6): a 10-byte header (bMessageType,
 * dwLength little-endian, bSlot, bSeq, three message-specific bytes) followed by abData.
 * Pure encoding and decoding; the channel (ccid-channel.ts) moves them.
 */
import { CcidProtocolError } from '../errors.ts';

export const PC_TO_RDR = {
  SetParameters: 0x61,
  IccPowerOn: 0x62,
  IccPowerOff: 0x63,
  GetSlotStatus: 0x65,
  Escape: 0x6b,
  GetParameters: 0x6c,
  ResetParameters: 0x6d,
  XfrBlock: 0x6f,
  Abort: 0x72,
} as const;

export const RDR_TO_PC = {
  DataBlock: 0x80,
  SlotStatus: 0x81,
  Parameters: 0x82,
  Escape: 0x83,
  NotifySlotChange: 0x50,
  HardwareError: 0x51,
} as const;

/** The reply each command is answered with (CCID §6.2, Table 6.2-1). */
export const REPLY_TO: Readonly<Record<number, number>> = {
  [PC_TO_RDR.SetParameters]: RDR_TO_PC.Parameters,
  [PC_TO_RDR.IccPowerOn]: RDR_TO_PC.DataBlock,
  [PC_TO_RDR.IccPowerOff]: RDR_TO_PC.SlotStatus,
  [PC_TO_RDR.GetSlotStatus]: RDR_TO_PC.SlotStatus,
  [PC_TO_RDR.Escape]: RDR_TO_PC.Escape,
  [PC_TO_RDR.GetParameters]: RDR_TO_PC.Parameters,
  [PC_TO_RDR.ResetParameters]: RDR_TO_PC.Parameters,
  [PC_TO_RDR.XfrBlock]: RDR_TO_PC.DataBlock,
  [PC_TO_RDR.Abort]: RDR_TO_PC.SlotStatus,
};

export const CCID_HEADER = 10;

/** bPowerSelect of PC_to_RDR_IccPowerOn (CCID §6.1.1). */
export const POWER_SELECT = { automatic: 0, '5V': 1, '3V': 2, '1.8V': 3 } as const;
export type Voltage = '5V' | '3V' | '1.8V';

/** wLevelParameter of PC_to_RDR_XfrBlock and bChainParameter of RDR_to_PC_DataBlock (§6.1.4, §6.2.1). */
export const CHAIN = {
  beginsAndEnds: 0x00,
  begins: 0x01,
  ends: 0x02,
  continues: 0x03,
  emptyContinue: 0x10,
} as const;

export interface CcidCommand {
  type: number;
  slot: number;
  seq: number;
  /** The three message-specific bytes 7-9 (bPowerSelect, bBWI + wLevelParameter, bProtocolNum…). */
  parameters: readonly [number, number, number];
  data: Uint8Array;
}

export interface CcidReply {
  type: number;
  slot: number;
  seq: number;
  /** bmICCStatus (bits 0-1 of bStatus): 0 present and active, 1 present and inactive, 2 absent. */
  iccStatus: number;
  /** bmCommandStatus (bits 6-7): 0 processed, 1 failed, 2 time extension requested. */
  commandStatus: number;
  bError: number;
  /** Byte 9: bChainParameter, bClockStatus or bProtocolNum depending on the message. */
  specific: number;
  data: Uint8Array;
}

export function encodeCommand(command: CcidCommand): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(CCID_HEADER + command.data.length);
  const view = new DataView(bytes.buffer);
  bytes[0] = command.type;
  view.setUint32(1, command.data.length, true);
  bytes[5] = command.slot;
  bytes[6] = command.seq;
  bytes.set(command.parameters, 7);
  bytes.set(command.data, CCID_HEADER);
  return bytes;
}

/** dwLength of a message whose first 10 bytes are `header`. */
export function messageDataLength(header: Uint8Array): number {
  return ((header[1] ?? 0) | ((header[2] ?? 0) << 8) | ((header[3] ?? 0) << 16) | ((header[4] ?? 0) << 24)) >>> 0;
}

/** Decodes a bulk-IN message; its abData must be exactly dwLength bytes. */
export function decodeReply(bytes: Uint8Array): CcidReply {
  if (bytes.length < CCID_HEADER) throw new CcidProtocolError({ detail: `reply of ${bytes.length} bytes, shorter than a CCID header` });
  const length = messageDataLength(bytes);
  if (bytes.length !== CCID_HEADER + length) throw new CcidProtocolError({ detail: `reply carries ${bytes.length - CCID_HEADER} data bytes, dwLength says ${length}` });
  const status = bytes[7] ?? 0;
  return {
    type: bytes[0] ?? 0,
    slot: bytes[5] ?? 0,
    seq: bytes[6] ?? 0,
    iccStatus: status & 0x03,
    commandStatus: (status >> 6) & 0x03,
    bError: bytes[8] ?? 0,
    specific: bytes[9] ?? 0,
    data: bytes.slice(CCID_HEADER),
  };
}

/** Decodes a PC_to_RDR message (the virtual readers' side). */
export function decodeCommand(bytes: Uint8Array): CcidCommand {
  if (bytes.length < CCID_HEADER) throw new CcidProtocolError({ detail: `command of ${bytes.length} bytes` });
  return {
    type: bytes[0] ?? 0,
    slot: bytes[5] ?? 0,
    seq: bytes[6] ?? 0,
    parameters: [bytes[7] ?? 0, bytes[8] ?? 0, bytes[9] ?? 0],
    data: bytes.slice(CCID_HEADER, CCID_HEADER + messageDataLength(bytes)),
  };
}

export function encodeReply(reply: CcidReply): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(CCID_HEADER + reply.data.length);
  new DataView(bytes.buffer).setUint32(1, reply.data.length, true);
  bytes[0] = reply.type;
  bytes[5] = reply.slot;
  bytes[6] = reply.seq;
  bytes[7] = (reply.iccStatus & 0x03) | ((reply.commandStatus & 0x03) << 6);
  bytes[8] = reply.bError;
  bytes[9] = reply.specific;
  bytes.set(reply.data, CCID_HEADER);
  return bytes;
}

/** XfrBlock parameters: bBWI, then wLevelParameter little-endian. */
export function xfrBlockParameters(bwi: number, levelParameter: number): readonly [number, number, number] {
  return [bwi, levelParameter & 0xff, (levelParameter >> 8) & 0xff];
}

export function levelParameterOf(command: Pick<CcidCommand, 'parameters'>): number {
  return command.parameters[1] | (command.parameters[2] << 8);
}

/** RDR_to_PC_NotifySlotChange (§6.3.1): two bits per slot, bit 0 present, bit 1 changed. */
export interface SlotChange {
  slot: number;
  present: boolean;
  changed: boolean;
}

export function decodeNotifySlotChange(bytes: Uint8Array, slotCount: number): SlotChange[] {
  const changes: SlotChange[] = [];
  for (let slot = 0; slot < slotCount; slot++) {
    const byte = bytes[1 + (slot >> 2)];
    if (byte === undefined) break;
    const bits = (byte >> ((slot & 3) * 2)) & 0x03;
    changes.push({ slot, present: (bits & 1) !== 0, changed: (bits & 2) !== 0 });
  }
  return changes;
}

export function encodeNotifySlotChange(states: readonly { present: boolean; changed: boolean }[]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(1 + Math.ceil(states.length / 4));
  bytes[0] = RDR_TO_PC.NotifySlotChange;
  states.forEach((state, slot) => {
    const bits = (state.present ? 1 : 0) | (state.changed ? 2 : 0);
    const index = 1 + (slot >> 2);
    bytes[index] = (bytes[index] ?? 0) | (bits << ((slot & 3) * 2));
  });
  return bytes;
}
