import { describe, expect, it } from 'vitest';
import { decodeCommand, encodeCommand, needsExtendedLength } from '../../src/card/apdu/command.ts';
import { MalformedApduError } from '../../src/card/apdu/errors.ts';
import { decodeResponse, encodeResponse } from '../../src/card/apdu/response.ts';
import { bytesToHex, hexToBytes } from '../../src/protocol/encoding.ts';

const hex = (bytes: Uint8Array): string => bytesToHex(bytes);

describe('encodeCommand (ISO/IEC 7816-4 §5.1)', () => {
  const header = { cla: 0x00, ins: 0xb0, p1: 0x01, p2: 0x02 };

  it('writes the four cases in short length', () => {
    expect(hex(encodeCommand(header))).toBe('00b00102');
    expect(hex(encodeCommand({ ...header, ne: 8 }))).toBe('00b0010208');
    expect(hex(encodeCommand({ ...header, ne: 256 }))).toBe('00b0010200');
    expect(hex(encodeCommand({ ...header, data: new Uint8Array([0xaa, 0xbb]) }))).toBe('00b0010202aabb');
    expect(hex(encodeCommand({ ...header, data: new Uint8Array([0xaa]), ne: 256 }))).toBe('00b0010201aa00');
  });

  it('writes the four cases in extended length', () => {
    expect(hex(encodeCommand({ ...header, ne: 1300 }))).toBe('00b0010200' + '0514');
    expect(hex(encodeCommand({ ...header, ne: 65536 }))).toBe('00b0010200' + '0000');
    const data = new Uint8Array(300).fill(0x11);
    expect(hex(encodeCommand({ ...header, data })).slice(0, 14)).toBe('00b00102' + '00012c');
    const case4 = encodeCommand({ ...header, data, ne: 512 });
    expect(case4.length).toBe(4 + 3 + 300 + 2);
    expect(hex(case4.subarray(-2))).toBe('0200');
  });

  it('can force extended length for a small command', () => {
    expect(hex(encodeCommand({ ...header, ne: 8 }, { extended: true }))).toBe('00b0010200' + '0008');
  });

  it('knows when a command needs extended length', () => {
    expect(needsExtendedLength({ ...header, ne: 256 })).toBe(false);
    expect(needsExtendedLength({ ...header, ne: 257 })).toBe(true);
    expect(needsExtendedLength({ ...header, data: new Uint8Array(255) })).toBe(false);
    expect(needsExtendedLength({ ...header, data: new Uint8Array(256) })).toBe(true);
  });

  it('refuses what cannot be written', () => {
    expect(() => encodeCommand({ ...header, ne: 257 }, { extended: false })).toThrow(MalformedApduError);
    expect(() => encodeCommand({ ...header, ne: 65537 })).toThrow(MalformedApduError);
    expect(() => encodeCommand({ ...header, data: new Uint8Array(65536) })).toThrow(MalformedApduError);
    expect(() => encodeCommand({ ...header, p1: 256 })).toThrow(MalformedApduError);
    expect(() => encodeCommand({ ...header, ne: -1 })).toThrow(MalformedApduError);
  });
});

describe('decodeCommand', () => {
  it('reads back every case, short and extended', () => {
    const cases = [
      { cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: hexToBytes('d392f000260100000001') },
      { cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 256 },
      { cla: 0x80, ins: 0x2a, p1: 0, p2: 0x80, data: new Uint8Array(51).fill(7), ne: 256 },
      { cla: 0, ins: 0xb0, p1: 0, p2: 8, ne: 4000 },
      { cla: 0, ins: 0x20, p1: 0, p2: 0x80 },
      { cla: 0, ins: 0xd6, p1: 0, p2: 0, data: new Uint8Array(1000).fill(3), ne: 65536 },
    ];
    for (const command of cases) {
      const decoded = decodeCommand(encodeCommand(command));
      expect(decoded.cla).toBe(command.cla);
      expect(decoded.ins).toBe(command.ins);
      expect(hex(decoded.data)).toBe(hex(command.data ?? new Uint8Array(0)));
      expect(decoded.ne).toBe(command.ne ?? 0);
    }
  });

  it('refuses bodies whose lengths do not add up', () => {
    for (const bad of ['00b000', '00a4040c0aD392', '00a4040c02aabbccdd', '00b000000000', '00d6000000000001', '00d60000000003aabb']) {
      expect(() => decodeCommand(hexToBytes(bad)), bad).toThrow(MalformedApduError);
    }
  });
});

describe('responses', () => {
  it('splits data from SW1 SW2 and back', () => {
    const response = decodeResponse(hexToBytes('0102036a82'));
    expect(hex(response.data)).toBe('010203');
    expect(response.sw).toBe(0x6a82);
    expect(hex(encodeResponse(response.data, response.sw))).toBe('0102036a82');
  });

  it('refuses a response without status bytes', () => {
    expect(() => decodeResponse(hexToBytes('90'))).toThrow(/shorter than SW1 SW2/);
  });
});
