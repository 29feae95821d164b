import fc from 'fast-check';
import { AllocationError, allocateOrderDiscount, applyOrderDiscount, captureForParcel, PricingError, splitCaptures, type PricedLine } from '../../../src/domain/pricing';

describe('capture at shipment', () => {
  it('two parcels of 1 and 2 units: the first captures a third rounded down, the last the rest', () => {
    expect(splitCaptures(10000, [1, 2])).toEqual([3333, 6667]);
    expect(splitCaptures(10000, [2, 1])).toEqual([6666, 3334]);
    expect(splitCaptures(59894, [3])).toEqual([59894]);
  });

  it('after a partial cancel the caller lowers what is left and the rule still closes at zero', () => {
    // 3 units authorized for 31.32; one unit (10.44) cancelled and released before anything shipped.
    const state = { remainingMinor: 3132 - 1044, unitsRemaining: 2 };
    const first = captureForParcel(state, 1);
    const last = captureForParcel({ remainingMinor: state.remainingMinor - first, unitsRemaining: 1 }, 1);
    expect([first, last]).toEqual([1044, 1044]);
  });

  it('refuses a parcel with no units or more units than are left', () => {
    expect(() => captureForParcel({ remainingMinor: 100, unitsRemaining: 2 }, 0)).toThrow(AllocationError);
    expect(() => captureForParcel({ remainingMinor: 100, unitsRemaining: 2 }, 3)).toThrow('a parcel must carry 1..2 units, got 3');
  });
});

const line = (lineNo: number, quantity: number, unitPriceMinor: number, discount = 0): PricedLine => ({
  lineNo,
  quantity,
  unitPriceMinor,
  discounts: discount ? [{ amountMinor: discount }] : [],
  taxLines: [],
});

describe('order-level discount allocation', () => {
  it('is proportional to what each line still costs after its own discounts', () => {
    expect(allocateOrderDiscount([line(1, 1, 9900, 500), line(2, 1, 10000)], 2910)).toEqual([1410, 1500]);
  });

  it('adds the share as a discount on each line, keeping code and title; a zero share changes nothing', () => {
    const lines = applyOrderDiscount([line(1, 2, 1000), line(2, 1, 0)], { code: 'TEN', title: 'Ten off', amountMinor: 1000 });
    expect(lines[0].discounts).toEqual([{ code: 'TEN', title: 'Ten off', amountMinor: 1000 }]);
    expect(lines[1].discounts).toEqual([]);
  });

  it('refuses a discount larger than the lines cost', () => {
    expect(() => allocateOrderDiscount([line(1, 1, 100, 50)], 51)).toThrow(PricingError);
    expect(() => allocateOrderDiscount([line(1, 1, 100, 50)], 51)).toThrow('a discount of 51 exceeds the 50 the lines cost');
  });

  it('property: shares sum to the discount, no line gets more than it costs, same input same output', () => {
    const linesArb = fc
      .array(fc.record({ quantity: fc.integer({ min: 1, max: 10 }), unitPriceMinor: fc.integer({ min: 0, max: 100_000 }) }), { minLength: 1, maxLength: 8 })
      .map((raw) => raw.map((l, i) => line(i + 1, l.quantity, l.unitPriceMinor)));
    fc.assert(
      fc.property(linesArb, fc.double({ min: 0, max: 1, noNaN: true }), (lines, fraction) => {
        const cost = lines.map((l) => l.quantity * l.unitPriceMinor);
        const amount = Math.floor(cost.reduce((a, b) => a + b, 0) * fraction);
        const shares = allocateOrderDiscount(lines, amount);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(amount);
        shares.forEach((s, i) => expect(s).toBeLessThanOrEqual(cost[i]));
        expect(allocateOrderDiscount(lines, amount)).toEqual(shares);
      }),
    );
  });
});
