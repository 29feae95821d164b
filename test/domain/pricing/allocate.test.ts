import fc from 'fast-check';
import { AllocationError, allocateLargestRemainder, cumulativeEqualShare, mulDivFloor } from '../../../src/domain/pricing';

describe('allocateLargestRemainder', () => {
  it.each([
    [1000, [19900, 19900, 19900], [334, 333, 333]], // ties go to the earlier part
    [100, [1, 1, 1], [34, 33, 33]],
    [10, [7, 2, 1], [7, 2, 1]],
    [10, [2, 1], [7, 3]], // 6.67 / 3.33: the larger remainder takes the unit
    [1, [1, 2], [0, 1]],
    [0, [5, 5], [0, 0]],
    [5, [0, 0], [3, 2]], // no proportion: split evenly
    [3, [0, 4], [0, 3]], // a zero weight gets nothing
  ])('%i over %j -> %j', (total, weights, expected) => {
    expect(allocateLargestRemainder(total, weights)).toEqual(expected);
  });

  it('is exact beyond 2^53 (2e9 x 2e9)', () => {
    expect(allocateLargestRemainder(2_000_000_000, [2_000_000_000, 1, 1])).toEqual([1_999_999_998, 1, 1]); // 1999999998.000000002, 0.999999999, 0.999999999
  });

  it('refuses negative, fractional or missing inputs', () => {
    expect(() => allocateLargestRemainder(-1, [1])).toThrow(AllocationError);
    expect(() => allocateLargestRemainder(1.5, [1])).toThrow(AllocationError);
    expect(() => allocateLargestRemainder(1, [-1, 2])).toThrow(/weights\[0\]/);
    expect(() => allocateLargestRemainder(1, [])).toThrow(/over no parts/);
    expect(allocateLargestRemainder(0, [])).toEqual([]);
  });

  it('property: parts sum to the total, each within one unit of its exact share, deterministic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), fc.array(fc.integer({ min: 0, max: 2_000_000_000 }), { minLength: 1, maxLength: 12 }), (total, weights) => {
        const parts = allocateLargestRemainder(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = weights.reduce((a, b) => a + b, 0);
        const w = sum === 0 ? weights.map(() => 1) : weights;
        const W = BigInt(w.reduce((a, b) => a + b, 0));
        parts.forEach((p, i) => {
          // |p - total x w / W| < 1, in integers: |p x W - total x w| < W
          const diff = BigInt(p) * W - BigInt(total) * BigInt(w[i]);
          expect(diff < W && -diff < W).toBe(true);
        });
        expect(allocateLargestRemainder(total, weights)).toEqual(parts);
      }),
    );
  });
});

describe('cumulativeEqualShare', () => {
  it('gives the first `total mod count` parts the extra unit', () => {
    expect([0, 1, 2, 3].map((n) => cumulativeEqualShare(1000, 3, n))).toEqual([0, 334, 667, 1000]);
    expect([0, 1, 2].map((n) => cumulativeEqualShare(1, 2, n))).toEqual([0, 1, 1]);
  });

  it('refuses n outside 0..count', () => {
    expect(() => cumulativeEqualShare(10, 3, 4)).toThrow(AllocationError);
    expect(() => cumulativeEqualShare(10, 0, 0)).toThrow(AllocationError);
  });

  it('property: agrees with allocateLargestRemainder over equal weights', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), fc.integer({ min: 1, max: 40 }), (total, count) => {
        const parts = allocateLargestRemainder(
          total,
          Array.from({ length: count }, () => 1),
        );
        let running = 0;
        for (let n = 1; n <= count; n++) {
          running += parts[n - 1];
          expect(cumulativeEqualShare(total, count, n)).toBe(running);
        }
      }),
    );
  });
});

describe('mulDivFloor', () => {
  it('is exact where floating point is not', () => {
    expect(mulDivFloor(2_000_000_000, 1_999_999_999, 2_000_000_000)).toBe(1_999_999_999);
    expect(mulDivFloor(29, 100, 100)).toBe(29);
  });
});
