import fc from 'fast-check';
import { compareQueue, isLate, priorityRank, type QueueKey } from '../../src/domain/fulfillmentQueue';

const BASE = Date.UTC(2026, 10, 1);
const at = (minutes: number) => new Date(BASE + minutes * 60_000);

// Small value ranges so ties on every field but the last happen often.
const keyArb: fc.Arbitrary<QueueKey> = fc.record({
  id: fc.stringMatching(/^[0-9a-f-]{1,4}$/),
  priorityClass: fc.constantFrom('urgent', 'high', 'normal', 'low', 'mystery'),
  priorityScore: fc.integer({ min: -2, max: 2 }),
  shipBy: fc.option(fc.integer({ min: 0, max: 3 }).map(at), { nil: null }),
  createdAt: fc.integer({ min: 0, max: 3 }).map(at),
});
const uniqueKeysArb = fc.uniqueArray(keyArb, { selector: (k) => k.id, maxLength: 30 });
const sign = (n: number) => Math.sign(n) || 0;
const key = (id: string, over: Partial<QueueKey> = {}): QueueKey => ({
  id,
  priorityClass: 'normal',
  priorityScore: 0,
  shipBy: null,
  createdAt: at(0),
  ...over,
});

describe('compareQueue', () => {
  it('orders by class, then score (high first), then ship-by (none last), then age, then id', () => {
    const rows = [
      key('a'),
      key('b', { priorityClass: 'low', priorityScore: 999 }),
      key('c', { priorityClass: 'urgent' }),
      key('d', { priorityClass: 'urgent', priorityScore: 5 }),
      key('e', { priorityClass: 'high', shipBy: at(10) }),
      key('f', { priorityClass: 'high', shipBy: at(5) }),
      key('g', { priorityClass: 'high' }),
      key('h', { createdAt: at(-1) }),
      key('0'),
    ];
    expect([...rows].sort(compareQueue).map((r) => r.id)).toEqual(['d', 'c', 'f', 'e', 'g', 'h', '0', 'a', 'b']);
  });

  it('puts an unknown priority class after low', () => {
    expect(priorityRank('low')).toBeLessThan(priorityRank('weird'));
    expect(compareQueue(key('x', { priorityClass: 'weird', priorityScore: 100 }), key('y', { priorityClass: 'low' }))).toBeGreaterThan(0);
  });

  it('is antisymmetric and reflexive', () => {
    fc.assert(
      fc.property(keyArb, keyArb, (a, b) => {
        expect(compareQueue(a, a)).toBe(0);
        expect(sign(compareQueue(a, b))).toBe(-sign(compareQueue(b, a)));
      }),
    );
  });

  it('is transitive', () => {
    fc.assert(
      fc.property(keyArb, keyArb, keyArb, (a, b, c) => {
        if (compareQueue(a, b) <= 0 && compareQueue(b, c) <= 0) expect(compareQueue(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('is total: two rows with different ids are never equal', () => {
    fc.assert(
      fc.property(keyArb, keyArb, (a, b) => {
        fc.pre(a.id !== b.id);
        expect(compareQueue(a, b)).not.toBe(0);
      }),
    );
  });

  it('gives one order whatever order the rows arrive in, and re-sorting changes nothing', () => {
    fc.assert(
      fc.property(uniqueKeysArb, fc.infiniteStream(fc.nat()), (rows, randoms) => {
        const sorted = [...rows].sort(compareQueue);
        const shuffled = rows
          .map((r) => ({ r, k: randoms.next().value }))
          .sort((x, y) => x.k - y.k)
          .map((x) => x.r);
        expect(shuffled.sort(compareQueue)).toEqual(sorted);
        expect([...sorted].sort(compareQueue)).toEqual(sorted);
        for (let i = 1; i < sorted.length; i++) expect(compareQueue(sorted[i - 1], sorted[i])).toBeLessThan(0);
      }),
    );
  });
});

describe('isLate', () => {
  const now = at(60);
  it.each([
    [null, 'fulfilling', false],
    [at(59), 'fulfilling', true],
    [at(59), 'partially_shipped', true],
    [at(60), 'fulfilling', false],
    [at(61), 'fulfilling', false],
    [at(0), 'shipped', false],
    [at(0), 'delivered', false],
    [at(0), 'cancelled', false],
  ])('ship-by %p, status %s: late %p', (shipBy, status, late) => {
    expect(isLate(shipBy, status, now)).toBe(late);
  });
});
