import { describe, expect, it } from 'vitest';
import { MyKeyIdFormatError, parseMyKeyId } from '../../src/pki/mykey-id.ts';

describe('MyKey ID', () => {
  it('splits the CN of the MyKey Platform example', () => {
    expect(parseMyKeyId('1C2410DF79DGEL07202002B')).toEqual({
      value: '1C2410DF79DGEL07202002B',
      randomString: '1C2410DF79DGEL',
      terminalCode: '07202002B',
    });
  });

  it('refuses anything else', () => {
    for (const bad of ['', '1C2410DF79DGEL07202002', '1C2410DF79DGEL07202002BX', '1c2410df79dgel07202002b', '1C2410DF79DGEL 7202002B', 'JPKI for user authentication']) {
      expect(() => parseMyKeyId(bad), bad).toThrow(MyKeyIdFormatError);
    }
    expect(new MyKeyIdFormatError().messageIn('ja')).toContain('マイキーID');
  });
});
