import { checkReturnEffects, isReturnCall } from '../../chaos/returnInvariants';
import { planReturns, type PlannedReturn } from '../../chaos/returns';
import type { PlacedOrder } from '../../chaos/driver';
import type { CallRecord } from '../../src/simulators';
import { journalCall } from './journalCall';

// The return checks of `duplicate-events` on crafted journals: each passes a correct run and fails
// the broken one it exists for. (ORDERHUB_SKIP_STACK=1: no database or Temporal needed.)

/** A journal entry with `body` beside the order id. */
const call = (orderId: string, effect: string, step: string, body: object = {}) => journalCall(orderId, effect, step, { body: { orderId, ...body } });

const order = (orderId: string, quantity: number, authorized: boolean): PlacedOrder => ({
  index: 0,
  externalId: `ext-${orderId}`,
  orderId,
  quantity,
  expected: 'delivered',
  ...(authorized && { payment: { status: 'authorized' as const, totalMinor: quantity * 1999 + 500 } }),
});
const planned = (o: PlacedOrder, over: Partial<PlannedReturn>): PlannedReturn => ({ ...planReturns([o], 1)[0], returnId: `ret_${o.orderId.toLowerCase()}`, ...over });

/** Label, refund (gateway for an authorized order, the web store's Shopify refund for a prepaid one), credit note, notice. */
function returnCalls(p: PlannedReturn): CallRecord[] {
  const id = p.order.orderId;
  const r = p.returnId!;
  const amount = (p.refundMinor / 100).toFixed(2);
  const refund = p.order.payment
    ? [call(id, 'gateway.refund', `gateway.refund.return.${r}`, { amount })]
    : [call(id, 'channel.createRefund', `channel.refund.return.${r}`, { refund: { transactions: [{ kind: 'refund', amount }] } })];
  return [
    call(id, 'carrier.createShipment', `carrier.label.return.${r}`),
    ...(p.refundMinor > 0 ? refund : []),
    call(id, 'erp.createCreditNote', `erp.credit-note.return.${r}`, { amount }),
    call(id, 'channel.createRefund', `channel.return.${r}`, { refund: { refund_line_items: [], transactions: [] } }),
  ];
}

// A prepaid order of 2 sent back whole (39.98 + 5.00 shipping), an authorized one of 3 sending 1 back, an exchange.
const whole = planned(order('W', 2, false), { kind: 'whole' });
const part = planned(order('P', 3, true), { kind: 'part', units: 1, damaged: 0, refundMinor: 1999, orderStatus: 'partially_returned' });
const exchange = planned(order('X', 1, false), { kind: 'exchange', units: 1, damaged: 0, refundMinor: 0, orderStatus: 'returned' });
const plans = [whole, part, exchange];
const correct = () => plans.flatMap(returnCalls);

test('the plan: whole returns give the shipping back, a part does not, an exchange is refunded nothing', () => {
  const [w, p, x] = planReturns([order('A', 2, false), order('B', 3, true), order('C', 2, true)], 1);
  expect([w, p, x].map((r) => [r.kind, r.units, r.damaged, r.refundMinor, r.orderStatus])).toEqual([
    ['whole', 2, 1, 4498, 'returned'],
    ['part', 1, 0, 1999, 'partially_returned'],
    ['exchange', 1, 0, 0, 'partially_returned'],
  ]);
  // A one-unit order cannot send part of itself back.
  expect(planReturns([order('A', 2, false), order('B', 1, false)], 1)[1]).toMatchObject({ kind: 'whole', units: 1, refundMinor: 2499, orderStatus: 'returned' });
});

test('a correct run passes, and only the returns’ calls are return calls', () => {
  expect(checkReturnEffects(plans, correct())).toEqual([]);
  expect(correct().every(isReturnCall)).toBe(true);
  expect(isReturnCall(call('W', 'channel.createRefund', 'channel.refund'))).toBe(false);
  expect(isReturnCall(call('W', 'carrier.createShipment', 'carrier.label.W-P1'))).toBe(false);
});

test('a refund twice, under a second key, of the wrong amount, or through the wrong system fails', () => {
  const again = { ...returnCalls(part)[1], seq: -1 };
  expect(checkReturnEffects(plans, [...correct(), again])).toEqual([`part return ret_p of authorized order P: gateway.refund P:gateway.refund.return.ret_p succeeded 2 times`]);
  const secondKey = call('P', 'gateway.refund', 'gateway.refund.return.ret_p-again', { amount: '19.99' });
  expect(checkReturnEffects(plans, [...correct(), secondKey])).toEqual(['part return ret_p of authorized order P: gateway refund under 2 keys, expected 1']);
  const short = correct().map((c) => (c.idempotencyKey === 'W:channel.refund.return.ret_w' ? { ...c, body: { refund: { transactions: [{ amount: '39.98' }] } } } : c));
  expect(checkReturnEffects(plans, short)).toEqual(['whole return ret_w of prepaid order W: channel refund of 3998, expected 4498 (minor units)']);
  const viaGateway = [
    ...correct().filter((c) => c.idempotencyKey !== 'W:channel.refund.return.ret_w'),
    call('W', 'gateway.refund', 'gateway.refund.return.ret_w', { amount: '44.98' }),
  ];
  expect(checkReturnEffects(plans, viaGateway)).toEqual([
    'whole return ret_w of prepaid order W: gateway refund under 1 keys, expected 0',
    'whole return ret_w of prepaid order W: channel refund under 0 keys, expected 1',
  ]);
});

test('an exchange refunded, a credit note of another amount or none, no channel notice, a voided label: each fails', () => {
  const refunded = call('X', 'channel.createRefund', 'channel.refund.return.ret_x', { refund: { transactions: [{ amount: '19.99' }] } });
  expect(checkReturnEffects(plans, [...correct(), refunded])).toEqual(['exchange return ret_x of prepaid order X: channel refund under 1 keys, expected 0']);
  const credited = correct().map((c) => (c.idempotencyKey === 'P:erp.credit-note.return.ret_p' ? { ...c, body: { amount: '21.99' } } : c));
  expect(checkReturnEffects(plans, credited)).toEqual(['part return ret_p of authorized order P: ERP credit note of 2199, expected 1999 (minor units)']);
  const exchangeCredited = correct().map((c) => (c.idempotencyKey === 'X:erp.credit-note.return.ret_x' ? { ...c, body: { amount: '19.99' } } : c));
  expect(checkReturnEffects(plans, exchangeCredited)).toEqual(['exchange return ret_x of prepaid order X: ERP credit note of 1999, expected 0 (minor units)']);
  expect(
    checkReturnEffects(
      plans,
      correct().filter((c) => c.idempotencyKey !== 'X:erp.credit-note.return.ret_x'),
    ),
  ).toEqual(['exchange return ret_x of prepaid order X: ERP credit note under 0 keys, expected 1']);
  expect(
    checkReturnEffects(
      plans,
      correct().filter((c) => c.idempotencyKey !== 'P:channel.return.ret_p'),
    ),
  ).toEqual(['part return ret_p of authorized order P: channel notice under 0 keys, expected 1']);
  expect(checkReturnEffects(plans, [...correct(), call('W', 'carrier.voidShipment', 'carrier.void.return.ret_w')])).toEqual([
    'whole return ret_w of prepaid order W: label void under 1 keys, expected 0',
  ]);
});
