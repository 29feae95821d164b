import fc from 'fast-check';
import { bufferedUnits, DEFAULT_BUFFER, sellableQuantity, sourcingLocations, type ChannelBuffer } from '../../src/domain/sellable';

const stock = [
  { locationId: 'WH-EAST', onHand: 10, reserved: 3 },
  { locationId: 'WH-WEST', onHand: 5, reserved: 5 },
];
const buffer = (b: Partial<ChannelBuffer>): ChannelBuffer => ({ ...DEFAULT_BUFFER, ...b });

test('without a buffer a channel lists everything available', () => {
  expect(sellableQuantity(stock, DEFAULT_BUFFER)).toBe(7);
});

test('safety stock, then a percentage rounded down, then the cap', () => {
  expect(sellableQuantity(stock, buffer({ safetyStock: 2 }))).toBe(5);
  expect(sellableQuantity(stock, buffer({ safetyStock: 2, percent: 50 }))).toBe(2); // 2.5 rounds down
  expect(sellableQuantity(stock, buffer({ percent: 80, maxListed: 4 }))).toBe(4);
  expect(sellableQuantity(stock, buffer({ safetyStock: 100 }))).toBe(0);
});

test('only the locations that feed the channel count', () => {
  expect(sellableQuantity(stock, buffer({ locationIds: ['WH-WEST'] }))).toBe(0);
  expect(sellableQuantity(stock, buffer({ locationIds: ['WH-EAST'] }))).toBe(7);
});

test('units claimed by waiting backorders are not for sale', () => {
  expect(sellableQuantity(stock, DEFAULT_BUFFER, 5)).toBe(2);
  expect(sellableQuantity(stock, DEFAULT_BUFFER, 50)).toBe(0);
});

test('property: never negative, never above what is available, never above the cap', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ locationId: fc.constantFrom('A', 'B', 'C'), onHand: fc.nat(1000), reserved: fc.nat(1000) })),
      fc.record({
        safetyStock: fc.nat(100),
        percent: fc.integer({ min: 0, max: 100 }),
        maxListed: fc.option(fc.nat(500), { nil: null }),
        locationIds: fc.subarray(['A', 'B', 'C']),
      }),
      fc.nat(200),
      (rows, b, claimed) => {
        const q = sellableQuantity(rows, b, claimed);
        const available = rows.filter((r) => b.locationIds.length === 0 || b.locationIds.includes(r.locationId)).reduce((n, r) => n + Math.max(0, r.onHand - r.reserved), 0);
        expect(Number.isInteger(q)).toBe(true);
        expect(q).toBeGreaterThanOrEqual(0);
        expect(q).toBeLessThanOrEqual(available);
        if (b.maxListed !== null) expect(q).toBeLessThanOrEqual(b.maxListed);
      },
    ),
  );
});

test('bufferedUnits: what one order may take of free units is what the channel lists of them', () => {
  expect(bufferedUnits(7, DEFAULT_BUFFER)).toBe(7);
  expect(bufferedUnits(7, buffer({ safetyStock: 2, percent: 50 }))).toBe(2);
  expect(bufferedUnits(7, buffer({ maxListed: 3 }))).toBe(3);
  expect(bufferedUnits(-4, DEFAULT_BUFFER)).toBe(0);
  fc.assert(
    fc.property(
      fc.array(fc.record({ locationId: fc.constantFrom('A', 'B'), onHand: fc.nat(50), reserved: fc.nat(50) })),
      fc.nat(20),
      fc.integer({ min: 0, max: 100 }),
      (rows, safetyStock, percent) => {
        const b = buffer({ safetyStock, percent, locationIds: ['A'] });
        const free = rows.filter((r) => r.locationId === 'A').reduce((n, r) => n + Math.max(0, r.onHand - r.reserved), 0);
        expect(bufferedUnits(free, b)).toBe(sellableQuantity(rows, b));
      },
    ),
  );
});

test("sourcingLocations: the channel's locations, and for a pickup only its store", () => {
  const all = [{ id: 'WH-EAST' }, { id: 'WH-WEST' }, { id: 'STORE-1' }];
  expect(sourcingLocations(all, DEFAULT_BUFFER).map((l) => l.id)).toEqual(['WH-EAST', 'WH-WEST', 'STORE-1']);
  expect(sourcingLocations(all, buffer({ locationIds: ['WH-EAST', 'STORE-1'] })).map((l) => l.id)).toEqual(['WH-EAST', 'STORE-1']);
  expect(sourcingLocations(all, DEFAULT_BUFFER, 'STORE-1').map((l) => l.id)).toEqual(['STORE-1']);
  expect(sourcingLocations(all, buffer({ locationIds: ['WH-EAST'] }), 'STORE-1')).toEqual([]);
});
