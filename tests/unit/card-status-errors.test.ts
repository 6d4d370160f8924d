import { describe, expect, it } from 'vitest';
import {
  CardStatusError,
  expectSuccess,
  FileNotFoundError,
  PinLockedError,
  SecurityStatusNotSatisfiedError,
  statusError,
  WrongPinError,
} from '../../src/card/apdu/status-errors.ts';
import { lookupStatusWord, STATUS_WORDS } from '../../src/card/apdu/status-words.ts';
import { CardError } from '../../src/card/errors.ts';

describe('status words as typed errors', () => {
  it('63Cx is a wrong PIN with x tries left, in both languages', () => {
    for (const x of [0, 1, 2, 9]) {
      const error = statusError(0x63c0 | x);
      expect(error).toBeInstanceOf(WrongPinError);
      expect((error as WrongPinError).triesLeft).toBe(x);
      expect(error.code).toBe('pin_wrong');
    }
    expect(statusError(0x63c2).messageIn('ja')).toContain('あと2回');
    expect(statusError(0x63c1).messageIn('en')).toContain('1 more wrong try locks it');
    expect(statusError(0x63c0).messageIn('ja')).toContain('ロックされました');
  });

  it('6983 and 6984 are a locked PIN', () => {
    for (const sw of [0x6983, 0x6984]) {
      const error = statusError(sw);
      expect(error).toBeInstanceOf(PinLockedError);
      expect(error.code).toBe('pin_locked');
      expect(error.messageIn('ja')).toContain('市区町村の窓口');
    }
  });

  it('6982 needs the PIN first, 6A82 is a missing file', () => {
    expect(statusError(0x6982)).toBeInstanceOf(SecurityStatusNotSatisfiedError);
    expect(statusError(0x6982).code).toBe('security_status_not_satisfied');
    expect(statusError(0x6a82)).toBeInstanceOf(FileNotFoundError);
    expect(statusError(0x6a82).code).toBe('file_not_found');
  });

  it('every other status in the table keeps its code and shows it to staff', () => {
    const other = [
      [0x6700, 'wrong_length'],
      [0x6981, 'incompatible_file_structure'],
      [0x6985, 'conditions_not_satisfied'],
      [0x6986, 'command_not_allowed'],
      [0x6a80, 'incorrect_data'],
      [0x6a81, 'function_not_supported'],
      [0x6a86, 'incorrect_p1_p2'],
      [0x6a88, 'reference_data_not_found'],
      [0x6b00, 'wrong_offset'],
      [0x6c10, 'wrong_le'],
      [0x6d00, 'instruction_not_supported'],
      [0x6e00, 'class_not_supported'],
      [0x6f00, 'card_internal_error'],
      [0x6581, 'card_memory_failure'],
      [0x6282, 'end_of_file'],
      [0x6110, 'more_data'],
    ] as const;
    for (const [sw, code] of other) {
      const error = statusError(sw);
      expect(error).toBeInstanceOf(CardStatusError);
      expect(error).toBeInstanceOf(CardError);
      expect(error.code).toBe(code);
      expect(error.messageIn('ja')).toContain(sw.toString(16).toUpperCase());
      expect(error.messageIn('en')).toContain(sw.toString(16).toUpperCase());
    }
  });

  it('an unknown status is "unexpected_status"', () => {
    expect(statusError(0x6f12).code).toBe('unexpected_status');
    expect(lookupStatusWord(0x9123).code).toBe('unexpected_status');
  });

  it('every table entry has a Japanese and an English message', () => {
    for (const entry of STATUS_WORDS) {
      expect(entry.message.ja.length, entry.code).toBeGreaterThan(0);
      expect(entry.message.en.length, entry.code).toBeGreaterThan(0);
    }
  });

  it('expectSuccess returns the data on 9000 or an accepted warning, else throws', () => {
    const data = new Uint8Array([1, 2]);
    expect(expectSuccess({ data, sw: 0x9000 })).toBe(data);
    expect(expectSuccess({ data, sw: 0x6282 }, [0x6282])).toBe(data);
    expect(() => expectSuccess({ data, sw: 0x6282 })).toThrow(CardStatusError);
    expect(() => expectSuccess({ data, sw: 0x63c1 })).toThrow(WrongPinError);
  });
});
