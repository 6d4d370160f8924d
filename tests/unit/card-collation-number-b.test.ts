import { describe, expect, it } from 'vitest';
import { buildCollationNumberB, CollationNumberBInputError, type CollationNumberBField } from '../../src/card/text-ap/collation-number-b.ts';
import { toEraDate } from '../../src/card/text-ap/japanese-era.ts';

const today = { year: 2026, month: 11, day: 23 };
const build = (birthDate: string, cardExpiryYear: number | string = 2035, securityCode = '2285'): string =>
  buildCollationNumberB({ birthDate, cardExpiryYear, securityCode, today });

function expectField(field: CollationNumberBField, run: () => unknown): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CollationNumberBInputError);
  expect((error as CollationNumberBInputError).field).toBe(field);
  expect((error as CollationNumberBInputError).code).toBe('collation_number_b_invalid');
}

describe('照合番号B', () => {
  it('is the example from the card documentation: 昭和55年2月17日, 2035, 2285', () => {
    expect(build('1980-02-17')).toBe('55021720352285');
  });

  it('crosses 昭和→平成 on 1989-01-08', () => {
    expect(build('1989-01-07')).toBe('64010720352285'); // 昭和64年1月7日
    expect(build('1989-01-08')).toBe('01010820352285'); // 平成元年1月8日
    expect(build('1990-01-01').slice(0, 6)).toBe('020101'); // 平成2年
  });

  it('crosses 平成→令和 on 2019-05-01', () => {
    expect(build('2019-04-30', 2029)).toBe('31043020292285'); // 平成31年4月30日
    expect(build('2019-05-01', 2029)).toBe('01050120292285'); // 令和元年5月1日
    expect(build('2020-05-01', 2030).slice(0, 6)).toBe('020501'); // 令和2年
  });

  it('crosses 大正→昭和 on 1926-12-25 and 明治→大正 on 1912-07-30', () => {
    expect(build('1926-12-24').slice(0, 6)).toBe('151224'); // 大正15年
    expect(build('1926-12-25').slice(0, 6)).toBe('011225'); // 昭和元年
    expect(build('1912-07-29').slice(0, 6)).toBe('450729'); // 明治45年
    expect(build('1912-07-30').slice(0, 6)).toBe('010730'); // 大正元年
  });

  it('accepts full-width digits and surrounding spaces', () => {
    expect(buildCollationNumberB({ birthDate: '１９８０-０２-１７', cardExpiryYear: '２０３５', securityCode: ' ２２８５ ', today })).toBe('55021720352285');
  });

  it('refuses a birth date that is not a real date, in the future, or before 1873', () => {
    for (const bad of ['1980-02-30', '1980-13-01', '80-02-17', '', 'yesterday', '2027-01-01', '1872-12-31']) {
      expectField('birthDate', () => build(bad));
    }
  });

  it('refuses an expiry year that no card can have', () => {
    for (const bad of ['35', '20355', '2015', '2038', 'abcd', '1979']) {
      expectField('cardExpiryYear', () => build('1980-02-17', bad));
    }
    expectField('cardExpiryYear', () => build('2019-05-01', 2018));
  });

  it('refuses a security code that is not 4 digits', () => {
    for (const bad of ['228', '22855', '22a5', '']) expectField('securityCode', () => build('1980-02-17', 2035, bad));
  });

  it('has messages in both languages', () => {
    const error = new CollationNumberBInputError('securityCode');
    expect(error.messageIn('ja')).toContain('セキュリティコード');
    expect(error.messageIn('en')).toContain('security code');
  });
});

describe('Japanese eras', () => {
  it('names the era and the year', () => {
    expect(toEraDate({ year: 1989, month: 1, day: 7 })?.era.name).toBe('昭和');
    expect(toEraDate({ year: 1989, month: 1, day: 8 })).toMatchObject({ era: { name: '平成' }, eraYear: 1 });
    expect(toEraDate({ year: 2019, month: 5, day: 1 })).toMatchObject({ era: { name: '令和' }, eraYear: 1 });
    expect(toEraDate({ year: 2026, month: 11, day: 23 })).toMatchObject({ era: { name: '令和' }, eraYear: 8 });
    expect(toEraDate({ year: 1872, month: 12, day: 31 })).toBeUndefined();
  });
});
