import { describe, expect, it } from 'vitest';
import { birthDateOf, BIRTH_CALENDARS } from '../../src/app/card-registration/card-numbers.ts';
import { buildCollationNumberB } from '../../src/card/text-ap/collation-number-b.ts';

const at = (calendar: Parameters<typeof birthDateOf>[0]['calendar'], year: string, month: string, day: string) => birthDateOf({ calendar, year, month, day });

describe('birth date as printed on the card', () => {
  it('converts Japanese era dates, with 元 and full-width digits', () => {
    expect(at('昭和', '55', '2', '17')).toBe('1980-02-17');
    expect(at('平成', '元', '1', '8')).toBe('1989-01-08');
    expect(at('令和', '１', '５', '１')).toBe('2019-05-01');
    expect(at('大正', '15', '12', '24')).toBe('1926-12-24');
    expect(at('昭和', '元', '12', '25')).toBe('1926-12-25');
  });

  it('refuses dates outside their era or that do not exist', () => {
    expect(at('昭和', '64', '1', '7')).toBe('1989-01-07');
    expect(at('昭和', '64', '1', '8')).toBeUndefined();
    expect(at('平成', '31', '4', '30')).toBe('2019-04-30');
    expect(at('平成', '31', '5', '1')).toBeUndefined();
    expect(at('令和', '元', '4', '30')).toBeUndefined();
    expect(at('昭和', '55', '2', '30')).toBeUndefined();
    expect(at('昭和', '0', '1', '1')).toBeUndefined();
    expect(at('昭和', 'x', '1', '1')).toBeUndefined();
  });

  it('takes Western-calendar dates (foreign residents’ cards) from 1873 on', () => {
    expect(at('western', '1995', '11', '3')).toBe('1995-11-03');
    expect(at('western', '1872', '12', '31')).toBeUndefined();
  });

  it('lists the eras newest first, then the Western calendar', () => {
    expect(BIRTH_CALENDARS).toEqual(['令和', '平成', '昭和', '大正', '明治', 'western']);
  });

  it('gives the card layer the date that builds DOMAIN.md’s 照合番号B example', () => {
    const birthDate = at('昭和', '55', '02', '17') ?? '';
    expect(buildCollationNumberB({ birthDate, cardExpiryYear: '2035', securityCode: '2285', today: { year: 2026, month: 12, day: 3 } })).toBe('55021720352285');
  });
});
