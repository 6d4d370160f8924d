/**
 * The commands the product sends to a My Number Card (ISO/IEC 7816-4 §11; COMPUTE DIGITAL
 * SIGNATURE of ISO/IEC 7816-8 §11.4 as the JPKI-AP takes it, CLA 80).
 */
import type { CommandApdu } from './command.ts';

export const INS = {
  verify: 0x20,
  computeDigitalSignature: 0x2a,
  select: 0xa4,
  readBinary: 0xb0,
  getResponse: 0xc0,
} as const;

/** SELECT P1 (§11.2.2 Table 63). */
export const SELECT_BY = { fileId: 0x00, childEf: 0x02, dfName: 0x04 } as const;
/** SELECT P2 = 0C: no response data (the form the card's applications are known to accept). */
export const SELECT_NO_RESPONSE = 0x0c;
/** VERIFY P2 = 80: specific reference data, the PIN EF currently selected (§11.5.6). */
export const VERIFY_CURRENT_EF = 0x80;
/** READ BINARY P1 bit 8 set: bits 5-1 are a short EF identifier and P2 is the offset (§11.3.3). */
export const READ_BINARY_SFI_FLAG = 0x80;
/** Offsets in P1-P2 are 15 bits when P1 bit 8 is 0. */
export const MAX_READ_OFFSET = 0x7fff;

export function selectApplicationCommand(aid: Uint8Array): CommandApdu {
  return { cla: 0x00, ins: INS.select, p1: SELECT_BY.dfName, p2: SELECT_NO_RESPONSE, data: aid };
}

export function selectFileCommand(fid: number): CommandApdu {
  return { cla: 0x00, ins: INS.select, p1: SELECT_BY.childEf, p2: SELECT_NO_RESPONSE, data: new Uint8Array([fid >> 8, fid & 0xff]) };
}

export function readBinaryCommand(offset: number, ne: number): CommandApdu {
  if (offset < 0 || offset > MAX_READ_OFFSET) throw new RangeError(`READ BINARY offset ${offset} is outside 0..${MAX_READ_OFFSET}`);
  return { cla: 0x00, ins: INS.readBinary, p1: offset >> 8, p2: offset & 0xff, ne };
}

export function readBinaryBySfiCommand(sfi: number, offset: number, ne: number): CommandApdu {
  if (sfi < 1 || sfi > 30 || offset < 0 || offset > 0xff) throw new RangeError(`READ BINARY by SFI ${sfi} at ${offset}`);
  return { cla: 0x00, ins: INS.readBinary, p1: READ_BINARY_SFI_FLAG | sfi, p2: offset, ne };
}

/** VERIFY on the current PIN EF; with no data it asks how many tries are left without spending one. */
export function verifyCommand(referenceData?: Uint8Array): CommandApdu {
  return { cla: 0x00, ins: INS.verify, p1: 0x00, p2: VERIFY_CURRENT_EF, ...(referenceData ? { data: referenceData } : {}) };
}

export function computeDigitalSignatureCommand(digestInfo: Uint8Array, ne: number): CommandApdu {
  return { cla: 0x80, ins: INS.computeDigitalSignature, p1: 0x00, p2: 0x80, data: digestInfo, ne };
}

export function getResponseCommand(ne: number): CommandApdu {
  return { cla: 0x00, ins: INS.getResponse, p1: 0x00, p2: 0x00, ne };
}
