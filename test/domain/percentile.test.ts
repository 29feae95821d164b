import fc from 'fast-check';
import { nearestRankPercentile } from '../../src/domain/percentile';

describe('nearestRankPercentile', () => {
  it('is null without samples', () => {
    expect(nearestRankPercentile([], 50)).toBeNull();
  });

  it.each([
    [[15, 20, 35, 40, 50], 5, 15],
    [[15, 20, 35, 40, 50], 30, 20],
    [[15, 20, 35, 40, 50], 40, 20],
    [[15, 20, 35, 40, 50], 50, 35],
    [[15, 20, 35, 40, 50], 100, 50],
    [[3, 6, 7, 8, 8, 10, 13, 15, 16, 20], 25, 7],
    [[3, 6, 7, 8, 8, 10, 13, 15, 16, 20], 50, 8],
    [[3, 6, 7, 8, 8, 10, 13, 15, 16, 20], 75, 15],
    [[3, 6, 7, 8, 8, 10, 13, 15, 16, 20], 95, 20],
    [[42], 50, 42],
    [[42], 95, 42],
    [[2, 1], 50, 1],
  ])('%j at p%d is %d', (samples, p, expected) => {
    expect(nearestRankPercentile(samples, p)).toBe(expected);
  });

  it('does not reorder its input', () => {
    const samples = [5, 1, 3];
    nearestRankPercentile(samples, 50);
    expect(samples).toEqual([5, 1, 3]);
  });

  it.each([0, -1, 100.5, NaN])('refuses percentile %p', (p) => {
    expect(() => nearestRankPercentile([1], p)).toThrow(RangeError);
  });

  it('refuses non-integer samples', () => {
    expect(() => nearestRankPercentile([1, 2.5], 50)).toThrow(/integers/);
  });

  const samples = fc.array(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), { minLength: 1, maxLength: 200 });
  const percent = fc.integer({ min: 1, max: 100 });

  it('property: the result is a sample, at least p% of samples are <= it, and fewer than p% are < it', () => {
    fc.assert(
      fc.property(samples, percent, (xs, p) => {
        const r = nearestRankPercentile(xs, p)!;
        expect(xs).toContain(r);
        const atMost = xs.filter((x) => x <= r).length;
        const below = xs.filter((x) => x < r).length;
        expect(atMost * 100).toBeGreaterThanOrEqual(p * xs.length);
        expect(below * 100).toBeLessThan(p * xs.length);
      }),
    );
  });

  it('property: independent of sample order and monotonic in p', () => {
    fc.assert(
      fc.property(samples, percent, percent, (xs, p, q) => {
        const shuffled = [...xs].reverse();
        expect(nearestRankPercentile(shuffled, p)).toBe(nearestRankPercentile(xs, p));
        const [lo, hi] = p <= q ? [p, q] : [q, p];
        expect(nearestRankPercentile(xs, lo)!).toBeLessThanOrEqual(nearestRankPercentile(xs, hi)!);
      }),
    );
  });

  it('property: p100 is the maximum and the smallest p gives the minimum', () => {
    fc.assert(
      fc.property(samples, (xs) => {
        expect(nearestRankPercentile(xs, 100)).toBe(Math.max(...xs));
        expect(nearestRankPercentile(xs, 100 / xs.length / 2 || 1e-9)).toBe(Math.min(...xs));
      }),
    );
  });
});
