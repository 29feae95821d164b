import fc from 'fast-check';
import { planReservation, type ReservationInputs } from '../../src/domain/reservationPlan';
import { bufferedUnits, DEFAULT_BUFFER, freeUnitsFor, type ChannelBuffer } from '../../src/domain/sellable';

const bufferArb: fc.Arbitrary<ChannelBuffer> = fc.record({
  safetyStock: fc.nat({ max: 20 }),
  percent: fc.integer({ min: 0, max: 100 }),
  maxListed: fc.option(fc.nat({ max: 30 }), { nil: null }),
  locationIds: fc.constant([]),
});

test('freeUnitsFor is the fewest free units with which the buffer allows the take', () => {
  fc.assert(
    fc.property(bufferArb, fc.nat({ max: 40 }), (buffer, units) => {
      const floor = freeUnitsFor(units, buffer);
      if (floor === Infinity) {
        // No stock at all would do: check well beyond anything the buffer could need.
        expect(bufferedUnits(10_000, buffer)).toBeLessThan(units);
        return;
      }
      expect(bufferedUnits(floor, buffer)).toBeGreaterThanOrEqual(units);
      if (floor > 0) expect(bufferedUnits(floor - 1, buffer)).toBeLessThan(units);
    }),
  );
});

const base = (over: Partial<ReservationInputs>): ReservationInputs => ({
  lines: [{ lineNo: 1, sku: 'S', quantity: 2 }],
  held: [],
  stock: [
    { sku: 'S', location_id: 'WH-EAST', on_hand: 5, reserved: 0 },
    { sku: 'S', location_id: 'WH-WEST', on_hand: 5, reserved: 0 },
  ],
  locations: [
    { id: 'WH-EAST', priority: 1, country: 'US' },
    { id: 'WH-WEST', priority: 2, country: 'US' },
  ],
  buffer: DEFAULT_BUFFER,
  destination: { country: 'US' },
  claimed: new Map(),
  partial: false,
  ...over,
});

test('a plan to take says what it relies on: the usable locations and, per SKU, the claims ahead plus what the buffer needs', () => {
  const step = planReservation(base({ buffer: { ...DEFAULT_BUFFER, safetyStock: 3 }, claimed: new Map([['S', 4]]) }));
  expect(step).toMatchObject({ kind: 'take', allocations: [{ lineNo: 1, sku: 'S', quantity: 2 }], usable: ['WH-EAST', 'WH-WEST'] });
  // 4 claimed ahead + 3 safety stock + the 2 taken.
  expect(step.kind === 'take' && step.floors).toEqual({ S: 9 });
});

test('nothing to take: a line already held, or a shortfall without reserve_available', () => {
  expect(planReservation(base({ held: [{ lineNo: 1, sku: 'S', locationId: 'WH-EAST', quantity: 2 }] }))).toEqual({
    kind: 'done',
    result: { ok: true, allocations: [{ lineNo: 1, sku: 'S', locationId: 'WH-EAST', quantity: 2 }] },
  });
  expect(planReservation(base({ claimed: new Map([['S', 9]]) }))).toEqual({ kind: 'done', result: { ok: false, shortfall: [{ sku: 'S', requested: 2, available: 1 }] } });
  expect(planReservation(base({ claimed: new Map([['S', 10]]), partial: true }))).toEqual({
    kind: 'done',
    result: { ok: false, shortfall: [{ sku: 'S', requested: 2, available: 0 }], allocations: [] },
  });
});
