import fc from 'fast-check';
import { parseDuration } from '../../src/domain/duration';

describe('parseDuration', () => {
  it.each([
    ['24h', 86_400_000],
    ['30m', 1_800_000],
    ['90s', 90_000],
    ['1500ms', 1500],
    ['14d', 1_209_600_000],
    ['1500', 1500],
    ['1', 1],
    [' 10s ', 10_000],
    ['10 s', 10_000],
    ['007s', 7000],
  ])('%j -> %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['0', '0s', '0ms', '0d', '000h'])('refuses zero: %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/must be positive/);
  });

  it.each(['', ' ', 'h', '-1s', '+1s', '1.5h', '1e3', '1w', '1H', '1 hour', '1h30m', 'abc', '10 ms extra', '0x10'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/is not a duration/);
  });

  it('property: n<unit> is n times the unit', () => {
    const units = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(...(Object.keys(units) as (keyof typeof units)[])), (n, unit) => {
        expect(parseDuration(`${n}${unit}`)).toBe(n * units[unit]);
        expect(parseDuration(`${n} ${unit}`)).toBe(n * units[unit]);
      }),
    );
  });

  it('property: a bare number is milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(parseDuration(String(n))).toBe(n);
      }),
    );
  });
});
