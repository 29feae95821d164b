import fc from 'fast-check';
import { formatMoney, isCurrencyCode, MAX_MINOR_UNITS, minorDigits, MoneyFormatError, parseMoney } from '../../src/domain/money';

const CURRENCIES = ['USD', 'EUR', 'JPY', 'KRW', 'KWD', 'BHD', 'GBP', 'HUF'] as const;
const currencyArb = fc.constantFrom(...CURRENCIES);

/** The canonical decimal form of a minor-unit amount, built with string arithmetic only. */
function canonical(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const s = String(minor).padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

describe('minorDigits', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['XYZ', 2],
    ['jpy', 0],
    ['kwd', 3],
  ])('%s has %i minor digits', (currency, digits) => {
    expect(minorDigits(currency)).toBe(digits);
  });
});

describe('isCurrencyCode', () => {
  it('accepts ISO 4217 codes only, as the standard writes them', () => {
    for (const code of ['USD', 'EUR', 'JPY', 'KWD', 'CLF', 'XTS', 'XOF']) expect(isCurrencyCode(code)).toBe(true);
    for (const bad of ['usd', 'US', 'USDD', 'U5D', '', ' USD', 'ABC', 'USX', 'XXX', 'EUD']) expect(isCurrencyCode(bad)).toBe(false);
  });

  it('knows every currency of the minor-digit table', () => {
    for (const code of ['BIF', 'CLP', 'JPY', 'KRW', 'VND', 'XAF', 'XPF', 'BHD', 'KWD', 'TND', 'CLF', 'UYW', 'UYI']) expect(isCurrencyCode(code)).toBe(true);
  });
});

describe('parseMoney', () => {
  it.each([
    ['19.99', 'USD', 1999],
    ['0.29', 'USD', 29],
    ['0.07', 'USD', 7],
    ['1.1', 'USD', 110],
    ['19', 'USD', 1900],
    ['0', 'USD', 0],
    ['0.00', 'USD', 0],
    ['1234', 'JPY', 1234],
    ['1.234', 'KWD', 1234],
    ['1.2', 'KWD', 1200],
    ['7', 'KWD', 7000],
    ['20000000.00', 'USD', MAX_MINOR_UNITS],
    ['2000000000', 'JPY', MAX_MINOR_UNITS],
    ['2000000.000', 'KWD', MAX_MINOR_UNITS],
  ])('parses %s %s as %i', (amount, currency, minor) => {
    expect(parseMoney(amount, currency)).toBe(minor);
  });

  it('has no floating point error on classic values', () => {
    // 0.29 * 100 === 28.999999999999996 and 1.15 * 100 === 114.99999999999999 in floating point.
    expect(parseMoney('0.29', 'USD')).toBe(29);
    expect(parseMoney('1.15', 'USD')).toBe(115);
    expect(parseMoney('4.35', 'USD')).toBe(435);
    expect(parseMoney('0.57', 'USD')).toBe(57);
    expect(parseMoney('1.005', 'KWD')).toBe(1005);
  });

  it.each([
    ['1.005', 'USD'], // too many decimals for USD
    ['19.999', 'EUR'],
    ['1.5', 'JPY'], // JPY has no minor unit
    ['1.0', 'JPY'],
    ['1.2345', 'KWD'],
    ['-1.00', 'USD'], // negative
    ['+1.00', 'USD'],
    ['1e3', 'USD'], // exponent
    ['1E3', 'USD'],
    ['1.5e2', 'USD'],
    ['', 'USD'],
    ['.5', 'USD'],
    ['5.', 'USD'],
    [' 5', 'USD'],
    ['5 ', 'USD'],
    ['1,00', 'USD'],
    ['1.000.00', 'USD'],
    ['abc', 'USD'],
    ['Infinity', 'USD'],
    ['NaN', 'USD'],
    ['0x10', 'USD'],
    ['1_000', 'USD'],
    ['١٢', 'USD'], // non-ASCII digits
    ['20000000.01', 'USD'], // one minor unit above the maximum
    ['2000000001', 'JPY'],
    ['2000000.001', 'KWD'],
    ['999999999999.99', 'USD'],
    ['1234567890123', 'JPY'], // more than 12 whole digits
  ])('rejects %j in %s', (amount, currency) => {
    expect(() => parseMoney(amount, currency)).toThrow(MoneyFormatError);
  });

  it('names the amount and the currency when there are too many decimals', () => {
    expect(() => parseMoney('1.005', 'USD')).toThrow(/"1\.005".*2 decimal places.*USD/);
  });

  it('property: parseMoney(formatMoney(n)) === n for every n in 0..MAX_MINOR_UNITS', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_MINOR_UNITS }), currencyArb, (n, currency) => {
        expect(parseMoney(formatMoney(n, currency), currency)).toBe(n);
      }),
    );
  });

  it('property: the canonical decimal of n parses to n (string arithmetic oracle)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_MINOR_UNITS }), currencyArb, (n, currency) => {
        expect(parseMoney(canonical(n, minorDigits(currency)), currency)).toBe(n);
      }),
    );
  });

  it('property: formatMoney(parseMoney(x)) is canonical and denotes the same amount', () => {
    // Any accepted spelling: optional leading zeros, 0..digits fraction digits.
    const amountArb = currencyArb.chain((currency) => {
      const digits = minorDigits(currency);
      return fc
        .record({
          zeros: fc.integer({ min: 0, max: 3 }),
          whole: fc.integer({ min: 0, max: Math.floor(MAX_MINOR_UNITS / 10 ** digits) - 1 }),
          fraction: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: digits }),
        })
        .map(({ zeros, whole, fraction }) => ({
          currency,
          amount: `${'0'.repeat(zeros)}${whole}${fraction ? `.${fraction}` : ''}`,
        }))
        .filter(({ amount }) => /^\d{1,12}(\.\d+)?$/.test(amount));
    });
    fc.assert(
      fc.property(amountArb, ({ amount, currency }) => {
        const digits = minorDigits(currency);
        const minor = parseMoney(amount, currency);
        const formatted = formatMoney(minor, currency);
        expect(formatted).toBe(canonical(minor, digits));
        expect(formatted).toMatch(digits === 0 ? /^(0|[1-9]\d*)$/ : new RegExp(`^(0|[1-9]\\d*)\\.\\d{${digits}}$`));
        expect(parseMoney(formatted, currency)).toBe(minor);
        // Already-canonical input is returned unchanged.
        expect(formatMoney(parseMoney(formatted, currency), currency)).toBe(formatted);
      }),
    );
  });

  it('property: more fraction digits than the currency has are always refused', () => {
    fc.assert(
      fc.property(currencyArb, fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 1, max: 4 }), (currency, whole, extra) => {
        const fraction = '1'.repeat(minorDigits(currency) + extra);
        expect(() => parseMoney(`${whole}.${fraction}`, currency)).toThrow(MoneyFormatError);
      }),
    );
  });

  it('property: anything above MAX_MINOR_UNITS is refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_MINOR_UNITS + 1, max: Number.MAX_SAFE_INTEGER }), currencyArb, (n, currency) => {
        const text = canonical(n, minorDigits(currency));
        expect(() => parseMoney(text, currency)).toThrow(MoneyFormatError);
      }),
    );
  });

  it('property: negative and exponent spellings are refused', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true }).filter((x) => !Object.is(x, -0)),
        currencyArb,
        (x, currency) => {
          const text = String(x);
          fc.pre(x < 0 || /[eE]/.test(text) || !Number.isFinite(x));
          expect(() => parseMoney(text, currency)).toThrow(MoneyFormatError);
        },
      ),
    );
  });
});

describe('formatMoney', () => {
  it.each([
    [1999, 'USD', '19.99'],
    [29, 'USD', '0.29'],
    [5, 'USD', '0.05'],
    [0, 'USD', '0.00'],
    [100, 'USD', '1.00'],
    [1234, 'JPY', '1234'],
    [0, 'JPY', '0'],
    [1234, 'KWD', '1.234'],
    [5, 'KWD', '0.005'],
    [-5, 'USD', '-0.05'],
    [-1999, 'USD', '-19.99'],
    [-7, 'JPY', '-7'],
    [MAX_MINOR_UNITS, 'USD', '20000000.00'],
  ])('formats %i %s as %s', (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
  });

  it.each([0.5, 19.99, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 1])('refuses %p', (minor) => {
    expect(() => formatMoney(minor, 'USD')).toThrow(MoneyFormatError);
  });

  it('property: negatives format as "-" followed by the positive amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_MINOR_UNITS }), currencyArb, (n, currency) => {
        expect(formatMoney(-n, currency)).toBe(`-${formatMoney(n, currency)}`);
      }),
    );
  });
});
