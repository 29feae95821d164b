import fc from 'fast-check';
import { canTransition, FULFILLMENT_STATUSES, isCancellable, isOrderStatus, isTerminal, ORDER_STATUSES, PAYMENT_STATUSES, type OrderStatus } from '../../src/domain/orderStatus';

const ALLOWED: [OrderStatus, OrderStatus][] = [
  ['received', 'backordered'],
  ['backordered', 'awaiting_payment'],
  ['backordered', 'fulfilling'],
  ['backordered', 'cancelled'],
  ['received', 'awaiting_payment'],
  ['received', 'fulfilling'],
  ['received', 'cancelled'],
  ['awaiting_payment', 'fulfilling'],
  ['awaiting_payment', 'cancelled'],
  ['received', 'on_hold'],
  ['backordered', 'on_hold'],
  ['awaiting_payment', 'on_hold'],
  ['on_hold', 'fulfilling'],
  ['on_hold', 'cancelled'],
  ['fulfilling', 'needs_attention'],
  // A cancellation whose refund failed waits for an operator, from wherever the cancel came.
  ['received', 'needs_attention'],
  ['backordered', 'needs_attention'],
  ['awaiting_payment', 'needs_attention'],
  ['on_hold', 'needs_attention'],
  ['needs_attention', 'fulfilling'],
  ['needs_attention', 'cancelled'],
  ['fulfilling', 'partially_shipped'],
  ['fulfilling', 'shipped'],
  ['fulfilling', 'delivered'],
  ['fulfilling', 'cancelled'],
  ['partially_shipped', 'shipped'],
  ['partially_shipped', 'delivered'],
  ['shipped', 'delivered'],
  // Issue 18: a return received after the units left (the return workflow writes them).
  ['partially_shipped', 'partially_returned'],
  ['shipped', 'partially_returned'],
  ['shipped', 'returned'],
  ['delivered', 'partially_returned'],
  ['delivered', 'returned'],
  ['partially_returned', 'returned'],
];
const statusArb = fc.constantFrom(...ORDER_STATUSES);

describe('canTransition', () => {
  it.each(ALLOWED)('%s -> %s is allowed', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each(ORDER_STATUSES.map((s) => [s]))('%s -> %s (staying put) is allowed', (s) => {
    expect(canTransition(s, s)).toBe(true);
  });

  it.each([
    ['partially_shipped', 'cancelled'],
    ['shipped', 'cancelled'],
    ['delivered', 'cancelled'],
    ['cancelled', 'received'],
    ['cancelled', 'fulfilling'],
    ['delivered', 'shipped'],
    ['returned', 'delivered'],
    ['partially_returned', 'delivered'],
    ['shipped', 'fulfilling'],
    ['fulfilling', 'awaiting_payment'],
    ['fulfilling', 'received'],
    ['received', 'shipped'],
    ['awaiting_payment', 'shipped'],
  ] as [OrderStatus, OrderStatus][])('%s -> %s is refused', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('property: exactly the listed transitions (plus staying put) are allowed', () => {
    fc.assert(
      fc.property(statusArb, statusArb, (from, to) => {
        const expected = from === to || ALLOWED.some(([f, t]) => f === from && t === to);
        expect(canTransition(from, to)).toBe(expected);
      }),
    );
  });

  it('terminal statuses lead nowhere else', () => {
    for (const from of ORDER_STATUSES.filter(isTerminal)) {
      for (const to of ORDER_STATUSES) expect(canTransition(from, to)).toBe(from === to);
    }
  });

  it('no status leads back to one earlier in the list (no cycles but the operator retry loop)', () => {
    for (const [from, to] of ALLOWED) {
      // An operator's retry takes a needs_attention order back to fulfilling, the only way back.
      if (from === 'needs_attention' && to === 'fulfilling') continue;
      if (to !== 'cancelled') expect(ORDER_STATUSES.indexOf(to)).toBeGreaterThan(ORDER_STATUSES.indexOf(from));
    }
  });

  it('every status is reachable from received', () => {
    const seen = new Set<OrderStatus>(['received']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const from of [...seen]) {
        for (const to of ORDER_STATUSES) {
          if (!seen.has(to) && canTransition(from, to)) {
            seen.add(to);
            grew = true;
          }
        }
      }
    }
    expect([...seen].sort()).toEqual([...ORDER_STATUSES].sort());
  });
});

describe('isTerminal', () => {
  it.each(ORDER_STATUSES.map((s) => [s, s === 'cancelled' || s === 'returned']))('%s -> %p', (s, terminal) => {
    expect(isTerminal(s)).toBe(terminal);
  });
});

describe('isCancellable', () => {
  it.each(ORDER_STATUSES.map((s) => [s, ['received', 'backordered', 'awaiting_payment', 'on_hold', 'fulfilling', 'needs_attention'].includes(s)]))('%s -> %p', (s, cancellable) => {
    expect(isCancellable(s)).toBe(cancellable);
  });

  it('property: cancellable exactly when a transition to cancelled is allowed and the status is not cancelled', () => {
    fc.assert(
      fc.property(statusArb, (s) => {
        expect(isCancellable(s)).toBe(s !== 'cancelled' && canTransition(s, 'cancelled'));
      }),
    );
  });

  it('terminal statuses are never cancellable', () => {
    for (const s of ORDER_STATUSES) if (isTerminal(s)) expect(isCancellable(s)).toBe(false);
  });
});

describe('isOrderStatus', () => {
  it('accepts the known statuses only', () => {
    for (const s of ORDER_STATUSES) expect(isOrderStatus(s)).toBe(true);
    for (const s of ['', 'Received', 'paid', 'unknown', ' shipped', 'toString', '__proto__']) expect(isOrderStatus(s)).toBe(false);
  });

  it('status lists have no duplicates', () => {
    for (const list of [ORDER_STATUSES, PAYMENT_STATUSES, FULFILLMENT_STATUSES]) expect(new Set(list).size).toBe(list.length);
  });
});
