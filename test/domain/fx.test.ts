import { DEFAULT_FX_RATES, parseFxRates, toUsdCents } from '../../src/domain/fx';
import { parseMoney } from '../../src/domain/money';

const usd = (amount: string, currency: string, rates = DEFAULT_FX_RATES) => toUsdCents(parseMoney(amount, currency), currency, rates);

describe('toUsdCents', () => {
  test('reads each currency with its own minor unit (JPY 0 digits, KWD 3, EUR 2)', () => {
    expect(usd('15000', 'JPY', { JPY: '150' })).toBe(10_000);
    expect(usd('30.700', 'KWD', { KWD: '0.307' })).toBe(10_000);
    expect(usd('92.00', 'EUR', { EUR: '0.92' })).toBe(10_000);
    expect(usd('500000', 'VND', { VND: '25000' })).toBe(2_000);
    expect(usd('19.99', 'USD')).toBe(1_999);
  });

  test('is exact and rounds down to whole cents, even for large totals', () => {
    expect(usd('1.00', 'EUR', { EUR: '3' })).toBe(33);
    expect(usd('20000000', 'VND', { VND: '25000.5' })).toBe(79_998);
    expect(toUsdCents(2_000_000_000, 'IDR', { IDR: '0.000000000001' })).toBe(2e21);
  });

  test('knows no rate for an unlisted currency, case-insensitively for listed ones', () => {
    expect(toUsdCents(100, 'XTS', DEFAULT_FX_RATES)).toBeUndefined();
    expect(toUsdCents(100, 'eur', { EUR: '0.5' })).toBe(200);
    expect(toUsdCents(100, 'toString', DEFAULT_FX_RATES)).toBeUndefined();
  });

  test('the built-in table covers the currencies whose minor unit is not 2 digits that are not volatile', () => {
    for (const c of ['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'KWD', 'BHD', 'OMR', 'JOD']) expect(DEFAULT_FX_RATES[c]).toBeDefined();
  });
});

describe('FX_RATES', () => {
  test('parses <currency>=<units per US dollar>', () => {
    expect(parseFxRates(' EUR=0.91, JPY = 151.5 ,')).toEqual({ EUR: '0.91', JPY: '151.5' });
  });

  test.each([
    ['eur=0.9', /entry 1 must be/],
    ['EUR', /entry 1 must be/],
    ['EUR=0', /positive decimal/],
    ['EUR=-1', /positive decimal/],
    ['EUR=1e3', /positive decimal/],
    ['USD=2', /USD is 1/],
    ['EUR=1,EUR=2', /listed twice/],
  ])('refuses %s', (text, message) => {
    expect(() => parseFxRates(text)).toThrow(message);
  });
});
