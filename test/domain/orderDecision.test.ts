import type { OrderInput } from '../../src/domain/order';
import { decideOrder, describeDecision, type DecisionContext } from '../../src/domain/orderDecision';
import { priorityKeyFor, shipByFrom } from '../../src/domain/priority';
import { DEFAULT_RULES } from '../../src/domain/rules';

const order = (over: Partial<OrderInput> = {}): OrderInput => ({
  orderId: 'o-1',
  channel: 'webstore',
  externalId: 'E1',
  customer: { email: 'a@example.com', name: 'A', tier: 'standard' },
  currency: 'USD',
  lines: [{ lineNo: 1, sku: 'S', quantity: 1, unitPriceMinor: 1000 }],
  shippingAddress: { name: 'A', line1: '1 Road', city: 'Town', postalCode: '12345', country: 'US' },
  shippingService: 'standard',
  shippingMinor: 0,
  payment: { status: 'paid' },
  placedAt: '2026-11-26T09:00:00.000Z',
  ...over,
});
const ctx: DecisionContext = { ruleSetVersion: 3, rules: DEFAULT_RULES, customerOrderCount: 2, riskScore: 10, orderTotalUsdCents: 1_000 };
const RECEIVED = '2026-11-26T10:00:00.000Z';
const NOW = '2026-11-26T10:00:01.000Z';

test('a VIP next-day order is urgent, with a ship-by 24 hours after receipt and no holds', () => {
  const d = decideOrder(
    ctx,
    order({ customer: { email: 'v@example.com', name: 'V', tier: 'vip' }, shippingService: 'next_day' }),
    { paymentStatus: 'paid', holds: [] },
    RECEIVED,
    NOW,
  );
  expect(d.outcome).toMatchObject({
    ruleSetVersion: 3,
    priorityClass: 'urgent',
    priorityScore: 150,
    shipBy: '2026-11-27T10:00:00.000Z',
    late: false,
    evaluations: 1,
    tags: ['vip'],
  });
  expect(d.holds).toEqual([]);
  expect(priorityKeyFor(d.outcome.priorityClass)).toBe(1);
  expect(describeDecision('order received', d)).toMatch(/^Rules v3 \(order received\): matched VIP customers ship first; Next-day/);
});

test('an unpaid large order with no postal code gets fraud, address and payment holds; payment lifts only the payment hold', () => {
  const input = order({ lines: [{ lineNo: 1, sku: 'S', quantity: 1, unitPriceMinor: 60_000 }], shippingAddress: { name: 'A', line1: '1 Road', city: 'Town', country: 'US' } });
  const large = { ...ctx, orderTotalUsdCents: 60_000 };
  const first = decideOrder(large, input, { paymentStatus: 'pending', holds: [] }, RECEIVED, NOW);
  expect(first.holds.map((h) => h.reason).sort()).toEqual(['address', 'fraud_review', 'payment']);
  const second = decideOrder(large, input, { paymentStatus: 'paid', holds: first.holds, previous: first.outcome }, RECEIVED, NOW);
  expect(second.changes.released.map((h) => h.reason)).toEqual(['payment']);
  expect(second.outcome.evaluations).toBe(2);
});

test('the same input decides the same way (replay safety)', () => {
  const a = decideOrder(ctx, order(), { paymentStatus: 'pending', holds: [] }, RECEIVED, NOW);
  const b = decideOrder(ctx, order(), { paymentStatus: 'pending', holds: [] }, RECEIVED, NOW);
  expect(a).toEqual(b);
});

test('shipByFrom counts hours from receipt; no hours, no deadline', () => {
  expect(shipByFrom(RECEIVED, 0.5)).toBe('2026-11-26T10:30:00.000Z');
  expect(shipByFrom(RECEIVED, undefined)).toBeUndefined();
});
