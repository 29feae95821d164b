import fc from 'fast-check';
import { planAllocation, planAvailable, type DemandLine, type LocationInfo, type PlannedAllocation, type StockAtLocation } from '../../src/domain/allocation';

const loc = (id: string, priority: number, country = 'US'): LocationInfo => ({ id, priority, country });
const st = (sku: string, locationId: string, available: number): StockAtLocation => ({ sku, locationId, available });
const line = (lineNo: number, sku: string, quantity: number): DemandLine => ({ lineNo, sku, quantity });

function allocationsOf(plan: ReturnType<typeof planAllocation>): PlannedAllocation[] {
  if (!plan.ok) throw new Error(`expected a plan, got shortfall ${JSON.stringify(plan.shortfall)}`);
  return plan.allocations;
}
const parcels = (allocations: PlannedAllocation[]) => new Set(allocations.map((a) => a.locationId));

describe('planAllocation: one location', () => {
  it('ships everything from the single location that has all of it', () => {
    const plan = planAllocation([line(1, 'A', 2), line(2, 'B', 1)], [st('A', 'east', 2), st('B', 'east', 5), st('A', 'west', 10)], [loc('east', 1), loc('west', 1)], 'US');
    expect(allocationsOf(plan)).toEqual([
      { lineNo: 1, sku: 'A', locationId: 'east', quantity: 2 },
      { lineNo: 2, sku: 'B', locationId: 'east', quantity: 1 },
    ]);
  });

  it('prefers a single location over a split, even if a higher-priority location has part of it', () => {
    const plan = planAllocation(
      [line(1, 'A', 2), line(2, 'B', 2)],
      [st('A', 'main', 2), st('B', 'main', 1), st('A', 'backup', 2), st('B', 'backup', 2)],
      [loc('main', 1), loc('backup', 9)],
      'US',
    );
    const allocations = allocationsOf(plan);
    expect(parcels(allocations)).toEqual(new Set(['backup']));
  });

  it('breaks a tie between complete locations by priority (lower first)', () => {
    const plan = planAllocation([line(1, 'A', 1)], [st('A', 'p5', 5), st('A', 'p2', 5), st('A', 'p9', 5)], [loc('p5', 5), loc('p2', 2), loc('p9', 9)], 'US');
    expect(parcels(allocationsOf(plan))).toEqual(new Set(['p2']));
  });

  it('priority wins over the destination country', () => {
    const plan = planAllocation([line(1, 'A', 1)], [st('A', 'de', 5), st('A', 'us', 5)], [loc('us', 2, 'US'), loc('de', 1, 'DE')], 'US');
    expect(parcels(allocationsOf(plan))).toEqual(new Set(['de']));
  });

  it('at equal priority, prefers a location in the destination country', () => {
    for (const destination of ['DE', 'US']) {
      const plan = planAllocation([line(1, 'A', 1)], [st('A', 'a-us', 5), st('A', 'b-de', 5)], [loc('a-us', 1, 'US'), loc('b-de', 1, 'DE')], destination);
      expect(allocationsOf(plan)[0].locationId).toBe(destination === 'DE' ? 'b-de' : 'a-us');
    }
  });

  it('at equal priority and country, the choice is deterministic (location id) whatever the input order', () => {
    const locations = [loc('zeta', 1), loc('alpha', 1), loc('mid', 1)];
    const stock = locations.map((l) => st('A', l.id, 3));
    for (const order of [locations, [...locations].reverse()]) {
      expect(allocationsOf(planAllocation([line(1, 'A', 1)], stock, order, 'US'))[0].locationId).toBe('alpha');
    }
  });
});

describe('planAllocation: split', () => {
  it('splits a SKU across locations when no single location has enough', () => {
    const plan = planAllocation([line(1, 'A', 5)], [st('A', 'x', 3), st('A', 'y', 3)], [loc('x', 1), loc('y', 2)], 'US');
    expect(allocationsOf(plan)).toEqual([
      { lineNo: 1, sku: 'A', locationId: 'x', quantity: 3 },
      { lineNo: 1, sku: 'A', locationId: 'y', quantity: 2 },
    ]);
  });

  it('uses the fewest parcels rather than following priority blindly', () => {
    // Priority order would use p1, p2 and p3 (3 parcels); "both" + p3 ships it in 2.
    const plan = planAllocation(
      [line(1, 'X', 5), line(2, 'Y', 5), line(3, 'Z', 5)],
      [st('X', 'p1', 5), st('Y', 'p2', 5), st('Z', 'p3', 5), st('X', 'both', 5), st('Y', 'both', 5)],
      [loc('p1', 1), loc('p2', 2), loc('p3', 3), loc('both', 4)],
      'US',
    );
    const allocations = allocationsOf(plan);
    expect(parcels(allocations)).toEqual(new Set(['both', 'p3']));
    expect(allocations).toHaveLength(3);
  });

  it('finds the smallest set of locations even when the best-covering one is not in it', () => {
    // B covers the most, but A + C ship everything in 2 parcels without splitting a line.
    const plan = planAllocation(
      [line(1, 'X', 10), line(2, 'Y', 10), line(3, 'Z', 10)],
      [st('X', 'A', 10), st('Y', 'A', 10), st('X', 'B', 10), st('Y', 'B', 9), st('Z', 'B', 1), st('Z', 'C', 10)],
      [loc('A', 1), loc('B', 1), loc('C', 1)],
      'US',
    );
    const allocations = allocationsOf(plan);
    expect(parcels(allocations)).toEqual(new Set(['A', 'C']));
    expect(allocations).toHaveLength(3);
  });

  it('two locations with one SKU each: two parcels', () => {
    const plan = planAllocation([line(1, 'A', 1), line(2, 'B', 1)], [st('A', 'x', 1), st('B', 'y', 1)], [loc('x', 1), loc('y', 1)], 'US');
    expect(allocationsOf(plan)).toEqual([
      { lineNo: 1, sku: 'A', locationId: 'x', quantity: 1 },
      { lineNo: 2, sku: 'B', locationId: 'y', quantity: 1 },
    ]);
  });
});

describe('planAllocation: demand summed per SKU', () => {
  it('refuses two lines of one SKU whose sum exceeds stock, though each alone fits', () => {
    const plan = planAllocation([line(1, 'A', 3), line(2, 'A', 3)], [st('A', 'x', 5)], [loc('x', 1)], 'US');
    expect(plan).toEqual({ ok: false, shortfall: [{ sku: 'A', requested: 6, available: 5 }] });
  });

  it('refuses when the sum exceeds stock spread over several locations', () => {
    const plan = planAllocation([line(1, 'A', 4), line(2, 'A', 4)], [st('A', 'x', 4), st('A', 'y', 3)], [loc('x', 1), loc('y', 2)], 'US');
    expect(plan).toEqual({ ok: false, shortfall: [{ sku: 'A', requested: 8, available: 7 }] });
  });

  it('does not pick a single location that fits each line but not their sum', () => {
    const plan = planAllocation([line(1, 'A', 3), line(2, 'A', 3)], [st('A', 'small', 3), st('A', 'big', 6)], [loc('small', 1), loc('big', 2)], 'US');
    expect(allocationsOf(plan)).toEqual([
      { lineNo: 1, sku: 'A', locationId: 'big', quantity: 3 },
      { lineNo: 2, sku: 'A', locationId: 'big', quantity: 3 },
    ]);
  });

  it('when splitting, the second line of a SKU only gets what the first left over', () => {
    const plan = planAllocation([line(1, 'A', 3), line(2, 'A', 3)], [st('A', 'x', 4), st('A', 'y', 2)], [loc('x', 1), loc('y', 2)], 'US');
    expect(allocationsOf(plan)).toEqual([
      { lineNo: 1, sku: 'A', locationId: 'x', quantity: 3 },
      { lineNo: 2, sku: 'A', locationId: 'x', quantity: 1 },
      { lineNo: 2, sku: 'A', locationId: 'y', quantity: 2 },
    ]);
  });
});

describe('planAllocation: shortfall', () => {
  it('reports requested vs available for every short SKU, and only those', () => {
    const plan = planAllocation(
      [line(1, 'A', 5), line(2, 'B', 1), line(3, 'C', 2), line(4, 'A', 1)],
      [st('A', 'x', 2), st('A', 'y', 1), st('B', 'x', 1)],
      [loc('x', 1), loc('y', 2)],
      'US',
    );
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.shortfall).toEqual(
      expect.arrayContaining([
        { sku: 'A', requested: 6, available: 3 },
        { sku: 'C', requested: 2, available: 0 },
      ]),
    );
    expect(plan.shortfall).toHaveLength(2);
  });

  it('treats negative availability as zero', () => {
    const plan = planAllocation([line(1, 'A', 2)], [st('A', 'x', -5), st('A', 'y', 1)], [loc('x', 1), loc('y', 2)], 'US');
    expect(plan).toEqual({ ok: false, shortfall: [{ sku: 'A', requested: 2, available: 1 }] });
  });

  it('ignores stock at locations it was not given', () => {
    const plan = planAllocation([line(1, 'A', 2)], [st('A', 'x', 1), st('A', 'unknown', 10)], [loc('x', 1)], 'US');
    expect(plan).toEqual({ ok: false, shortfall: [{ sku: 'A', requested: 2, available: 1 }] });
  });

  it('refuses everything when there are no locations', () => {
    expect(planAllocation([line(1, 'A', 1)], [st('A', 'x', 1)], [], 'US')).toEqual({
      ok: false,
      shortfall: [{ sku: 'A', requested: 1, available: 0 }],
    });
  });
});

describe('planAllocation: properties', () => {
  const SKUS = ['A', 'B', 'C', 'D'];
  const LOCS = ['l1', 'l2', 'l3', 'l4'];

  const scenario = fc.record({
    locations: fc.uniqueArray(fc.record({ id: fc.constantFrom(...LOCS), priority: fc.integer({ min: 0, max: 3 }), country: fc.constantFrom('US', 'DE') }), {
      selector: (l) => l.id,
      minLength: 0,
      maxLength: LOCS.length,
    }),
    stock: fc.uniqueArray(fc.record({ sku: fc.constantFrom(...SKUS), locationId: fc.constantFrom(...LOCS, 'elsewhere'), available: fc.integer({ min: -3, max: 12 }) }), {
      selector: (s) => `${s.sku}/${s.locationId}`,
      maxLength: 20,
    }),
    quantities: fc.array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 10 }) }), { minLength: 1, maxLength: 6 }),
    destination: fc.constantFrom('US', 'DE'),
  });

  type Scenario = { locations: LocationInfo[]; stock: StockAtLocation[]; quantities: { sku: string; quantity: number }[]; destination: string };

  function availableAt(s: Scenario, sku: string, locationId: string): number {
    if (!s.locations.some((l) => l.id === locationId)) return 0;
    const row = s.stock.find((r) => r.sku === sku && r.locationId === locationId);
    return Math.max(0, row?.available ?? 0);
  }
  const totalAvailable = (s: Scenario, sku: string) => s.locations.reduce((sum, l) => sum + availableAt(s, sku, l.id), 0);
  function demand(lines: DemandLine[]): Map<string, number> {
    const d = new Map<string, number>();
    for (const l of lines) d.set(l.sku, (d.get(l.sku) ?? 0) + l.quantity);
    return d;
  }

  it('ok plans respect stock and cover every line exactly; refusals are justified', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const lines = s.quantities.map((q, i) => line(i + 1, q.sku, q.quantity));
        const plan = planAllocation(lines, s.stock, s.locations, s.destination);
        const d = demand(lines);

        if (plan.ok) {
          // Every SKU is really available in total.
          for (const [sku, qty] of d) expect(totalAvailable(s, sku)).toBeGreaterThanOrEqual(qty);
          // Positive quantities, known locations, sku matching its line.
          for (const a of plan.allocations) {
            expect(a.quantity).toBeGreaterThan(0);
            expect(Number.isInteger(a.quantity)).toBe(true);
            expect(s.locations.map((l) => l.id)).toContain(a.locationId);
            expect(lines.find((l) => l.lineNo === a.lineNo)?.sku).toBe(a.sku);
          }
          // Per (sku, location): never more than available.
          const used = new Map<string, number>();
          for (const a of plan.allocations) used.set(`${a.sku}/${a.locationId}`, (used.get(`${a.sku}/${a.locationId}`) ?? 0) + a.quantity);
          for (const [k, qty] of used) {
            const [sku, locationId] = k.split('/');
            expect(qty).toBeLessThanOrEqual(availableAt(s, sku, locationId));
          }
          // Per line: quantities sum exactly to the line quantity.
          for (const l of lines) {
            const sum = plan.allocations.filter((a) => a.lineNo === l.lineNo).reduce((acc, a) => acc + a.quantity, 0);
            expect(sum).toBe(l.quantity);
          }
          // A single location that holds everything is always used alone.
          const someSingle = s.locations.some((loc) => [...d].every(([sku, qty]) => availableAt(s, sku, loc.id) >= qty));
          if (someSingle) expect(parcels(plan.allocations).size).toBe(1);
        } else {
          expect(plan.shortfall.length).toBeGreaterThan(0);
          for (const short of plan.shortfall) {
            expect(short.requested).toBe(d.get(short.sku));
            expect(short.available).toBe(totalAvailable(s, short.sku));
            expect(short.requested).toBeGreaterThan(short.available);
          }
          // Every SKU that is short is reported, and only once.
          const shortSkus = [...d].filter(([sku, qty]) => totalAvailable(s, sku) < qty).map(([sku]) => sku);
          expect(plan.shortfall.map((x) => x.sku).sort()).toEqual(shortSkus.sort());
        }
      }),
    );
  });

  it('is ok exactly when every SKU has enough stock in total', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const lines = s.quantities.map((q, i) => line(i + 1, q.sku, q.quantity));
        const plan = planAllocation(lines, s.stock, s.locations, s.destination);
        const enough = [...demand(lines)].every(([sku, qty]) => totalAvailable(s, sku) >= qty);
        expect(plan.ok).toBe(enough);
      }),
    );
  });

  it('does not depend on the order in which locations are listed', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const lines = s.quantities.map((q, i) => line(i + 1, q.sku, q.quantity));
        const reversed = [...s.locations].reverse();
        expect(planAllocation(lines, s.stock, reversed, s.destination)).toEqual(planAllocation(lines, s.stock, s.locations, s.destination));
      }),
    );
  });
});

describe('closeness to the destination', () => {
  const at = (id: string, country: string, region?: string) => ({ id, priority: 1, country, region });
  it('prefers a location in the destination region over one elsewhere in the country, and that over abroad', () => {
    const stock = ['abroad', 'country', 'region'].map((id) => ({ sku: 'A', locationId: id, available: 5 }));
    const plan = planAllocation([{ lineNo: 1, sku: 'A', quantity: 1 }], stock, [at('abroad', 'DE'), at('country', 'US', 'NY'), at('region', 'US', 'CA')], {
      country: 'US',
      region: 'CA',
    });
    expect(plan.ok && plan.allocations[0].locationId).toBe('region');
    const noRegion = planAllocation([{ lineNo: 1, sku: 'A', quantity: 1 }], stock.slice(0, 2), [at('abroad', 'DE'), at('country', 'US', 'NY')], { country: 'US', region: 'CA' });
    expect(noRegion.ok && noRegion.allocations[0].locationId).toBe('country');
  });
});

describe('planAvailable: reserve what there is (policy reserve_available)', () => {
  const locations: LocationInfo[] = [
    { id: 'EAST', priority: 1, country: 'US' },
    { id: 'WEST', priority: 2, country: 'US' },
  ];
  test('takes every unit there is, from as few locations as possible, and names what is missing', () => {
    const stock: StockAtLocation[] = [
      { sku: 'A', locationId: 'EAST', available: 1 },
      { sku: 'A', locationId: 'WEST', available: 2 },
      { sku: 'B', locationId: 'WEST', available: 0 },
    ];
    const plan = planAvailable(
      [
        { lineNo: 1, sku: 'A', quantity: 5 },
        { lineNo: 2, sku: 'B', quantity: 1 },
      ],
      stock,
      locations,
      'US',
    );
    expect(plan.allocations.reduce((n, a) => n + a.quantity, 0)).toBe(3);
    expect(plan.shortfall).toEqual([
      { sku: 'A', requested: 5, available: 3 },
      { sku: 'B', requested: 1, available: 0 },
    ]);
  });
  test('two lines of one SKU share what there is in line order', () => {
    const stock: StockAtLocation[] = [{ sku: 'A', locationId: 'EAST', available: 3 }];
    const plan = planAvailable(
      [
        { lineNo: 1, sku: 'A', quantity: 2 },
        { lineNo: 2, sku: 'A', quantity: 2 },
      ],
      stock,
      locations,
      'US',
    );
    expect(plan.allocations).toEqual([
      { lineNo: 1, sku: 'A', locationId: 'EAST', quantity: 2 },
      { lineNo: 2, sku: 'A', locationId: 'EAST', quantity: 1 },
    ]);
  });
  test('never takes more than is available (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ sku: fc.constantFrom('A', 'B'), quantity: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.record({ sku: fc.constantFrom('A', 'B'), locationId: fc.constantFrom('EAST', 'WEST'), available: fc.integer({ min: 0, max: 9 }) }), { maxLength: 4 }),
        (lines, rows) => {
          const stock = [...new Map(rows.map((r) => [`${r.sku}/${r.locationId}`, r])).values()];
          const plan = planAvailable(
            lines.map((l, i) => ({ ...l, lineNo: i + 1 })),
            stock,
            locations,
            'US',
          );
          for (const s of stock) {
            const taken = plan.allocations.filter((a) => a.sku === s.sku && a.locationId === s.locationId).reduce((n, a) => n + a.quantity, 0);
            expect(taken).toBeLessThanOrEqual(s.available);
          }
          for (const line of lines.map((l, i) => ({ ...l, lineNo: i + 1 }))) {
            expect(plan.allocations.filter((a) => a.lineNo === line.lineNo).reduce((n, a) => n + a.quantity, 0)).toBeLessThanOrEqual(line.quantity);
          }
        },
      ),
    );
  });
});

describe('caps per SKU (the channel buffer at reservation)', () => {
  const locations = [loc('EAST', 1), loc('WEST', 2)];
  const stock = [st('A', 'EAST', 4), st('A', 'WEST', 4), st('B', 'EAST', 5)];
  it('a demand within the cap is planned exactly as without one', () => {
    const lines = [line(1, 'A', 3), line(2, 'B', 2)];
    expect(
      planAllocation(
        lines,
        stock,
        locations,
        'US',
        new Map([
          ['A', 3],
          ['B', 9],
        ]),
      ),
    ).toEqual(planAllocation(lines, stock, locations, 'US'));
  });
  it('a demand over the cap is short, naming the cap as what is available', () => {
    expect(planAllocation([line(1, 'A', 5)], stock, locations, 'US', new Map([['A', 4]]))).toEqual({ ok: false, shortfall: [{ sku: 'A', requested: 5, available: 4 }] });
  });
  it('reserve what there is: never more than the cap', () => {
    const plan = planAvailable(
      [line(1, 'A', 8), line(2, 'B', 1)],
      stock,
      locations,
      'US',
      new Map([
        ['A', 2],
        ['B', 0],
      ]),
    );
    expect(plan.allocations.reduce((n, a) => n + a.quantity, 0)).toBe(2);
    expect(plan.shortfall).toEqual([
      { sku: 'A', requested: 8, available: 2 },
      { sku: 'B', requested: 1, available: 0 },
    ]);
  });
});
