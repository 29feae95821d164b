import type { OrderHold } from '../../src/domain/holds';
import type { OrderState, ShipmentState } from '../../src/domain/order';
import {
  cancelInProgress,
  canCorrectAddress,
  canStillHold,
  hasShipped,
  rulesDecided,
  validateAddressCorrection,
  validateCancel,
  validatePayment,
  validatePlaceHold,
  operatorActorInput,
  validateReevaluate,
  validateReleaseHold,
  validateRetry,
  validateSkip,
} from '../../src/domain/orderChecks';
import { ORDER_STATUSES, type OrderStatus } from '../../src/domain/orderStatus';

const parcel = (status: ShipmentState['status']): ShipmentState => ({ shipmentId: 'o-1-WH-EAST', locationId: 'WH-EAST', items: [], status });
const hold = (reason: OrderHold['reason'], released = false): OrderHold => ({
  reason,
  placedBy: 'ops',
  placedAt: '2026-11-29T10:00:00.000Z',
  ...(released && { releasedAt: '2026-11-29T11:00:00.000Z', releasedBy: 'ops' }),
});

function order(overrides: Partial<OrderState> = {}): OrderState {
  return {
    orderId: 'o-1',
    workflowId: 'order:webstore:1',
    channel: 'webstore',
    externalId: '1',
    status: 'awaiting_payment',
    paymentStatus: 'pending',
    fulfillmentStatus: 'reserved',
    currency: 'USD',
    totals: { subtotalMinor: 2000, shippingMinor: 500, totalMinor: 2500 },
    allocations: [],
    shipments: [],
    recorded: true,
    holds: [],
    shippingAddress: { name: 'G', line1: '1 Navy Way', city: 'Arlington', country: 'US' },
    rules: { ruleSetVersion: 1, priorityClass: 'normal', priorityScore: 0, late: false, tags: [], log: [], evaluations: 1 },
    ...overrides,
  };
}

describe('status predicates', () => {
  test('hasShipped: once no parcel can leave any more', () => {
    const shipped = ORDER_STATUSES.filter(hasShipped);
    expect(shipped).toEqual(['shipped', 'delivered', 'cancelled']);
  });

  test('canStillHold: until fulfillment starts', () => {
    const holdable = ORDER_STATUSES.filter((status) => canStillHold({ status }));
    expect(holdable).toEqual(['received', 'backordered', 'awaiting_payment', 'on_hold']);
  });

  test('canCorrectAddress: while cancellable and no parcel has left', () => {
    expect(canCorrectAddress(order({ status: 'fulfilling', shipments: [parcel('label_created')] }))).toBe(true);
    expect(canCorrectAddress(order({ status: 'fulfilling', shipments: [parcel('dispatched')] }))).toBe(false);
    expect(canCorrectAddress(order({ status: 'cancelled' }))).toBe(false);
  });

  test('rulesDecided: holds, addresses and re-evaluation need the first rule decision', () => {
    expect(rulesDecided(order({ rules: undefined }))).toMatchObject({ kind: 'invalid_state' });
    expect(rulesDecided(order())).toBeUndefined();
  });
});

describe('validatePayment', () => {
  const ok = { amountMinor: 2500, currency: 'USD', outcome: 'succeeded' as const };

  test('an order awaiting its payment takes the exact total', () => {
    expect(validatePayment(order(), undefined, ok)).toBeUndefined();
    expect(validatePayment(order({ status: 'received' }), undefined, ok)).toBeUndefined();
  });

  test('a wrong amount or currency is a payment mismatch; a failed payment need not match', () => {
    expect(validatePayment(order(), undefined, { ...ok, amountMinor: 2499 })).toMatchObject({ kind: 'payment_mismatch' });
    expect(validatePayment(order(), undefined, { ...ok, currency: 'EUR' })).toMatchObject({ kind: 'payment_mismatch' });
    expect(validatePayment(order(), undefined, { ...ok, amountMinor: 1, outcome: 'failed' })).toBeUndefined();
  });

  test('an order that has a payment, or no longer waits for one, refuses it', () => {
    expect(validatePayment(order(), { reference: 'first' }, ok)).toMatchObject({ kind: 'invalid_state' });
    expect(validatePayment(order({ paymentStatus: 'paid' }), undefined, ok)).toMatchObject({ kind: 'invalid_state' });
    for (const status of ['backordered', 'on_hold', 'fulfilling', 'cancelled'] as OrderStatus[]) {
      expect(validatePayment(order({ status }), undefined, ok)).toMatchObject({ kind: 'invalid_state', message: expect.stringContaining(status) });
    }
  });
});

describe('cancelling', () => {
  test('validateCancel: until the first parcel leaves', () => {
    expect(validateCancel(order({ status: 'fulfilling', shipments: [parcel('label_created')] }))).toBeUndefined();
    expect(validateCancel(order({ status: 'fulfilling', shipments: [parcel('in_transit')] }))).toMatchObject({ kind: 'invalid_state' });
    expect(validateCancel(order({ status: 'delivered' }))).toMatchObject({ kind: 'invalid_state' });
  });

  test('cancelInProgress: from the accepted cancel until the order is cancelled', () => {
    expect(cancelInProgress(order(), { accepted: false, compensating: false })).toBeUndefined();
    expect(cancelInProgress(order(), { accepted: true, compensating: false })).toMatchObject({ kind: 'cancel_in_progress', message: expect.stringContaining('cancel accepted') });
    expect(cancelInProgress(order({ status: 'needs_attention' }), { accepted: false, compensating: true })).toMatchObject({
      kind: 'cancel_in_progress',
      message: expect.stringContaining('compensation running'),
    });
    expect(cancelInProgress(order({ status: 'cancelled' }), { accepted: true, compensating: true })).toBeUndefined();
  });
});

describe('holds', () => {
  test('placing: a known reason and who places it, while holds can still stop the order', () => {
    expect(validatePlaceHold(order(), { reason: 'manual', placedBy: 'ops' })).toBeUndefined();
    expect(validatePlaceHold(order(), { reason: 'nope', placedBy: 'ops' })).toMatchObject({ kind: 'invalid_input' });
    expect(validatePlaceHold(order(), { reason: 'manual', placedBy: ' ' })).toMatchObject({ kind: 'invalid_input' });
    expect(validatePlaceHold(order({ status: 'fulfilling' }), { reason: 'manual', placedBy: 'ops' })).toMatchObject({ kind: 'invalid_state' });
    expect(validatePlaceHold(order({ holds: [hold('manual')] }), { reason: 'manual', placedBy: 'ops' })).toMatchObject({ kind: 'invalid_state' });
    expect(validatePlaceHold(order(), { reason: 'payment', placedBy: 'ops' })).toMatchObject({ kind: 'invalid_state' });
  });

  test('releasing: an open hold an operator may end', () => {
    expect(validateReleaseHold(order({ holds: [hold('manual')] }), { reason: 'manual', releasedBy: 'ops' })).toBeUndefined();
    expect(validateReleaseHold(order({ holds: [hold('manual', true)] }), { reason: 'manual', releasedBy: 'ops' })).toMatchObject({ kind: 'invalid_state' });
    expect(validateReleaseHold(order({ holds: [hold('integration')] }), { reason: 'integration', releasedBy: 'ops' })).toMatchObject({ kind: 'invalid_state' });
    expect(validateReleaseHold(order(), undefined)).toMatchObject({ kind: 'invalid_input' });
  });
});

test("an operator's hold or release may not pass for the rules or the hub", () => {
  expect(operatorActorInput('placedBy', 'rule:fraud-review')).toMatchObject({ kind: 'invalid_input', message: expect.stringMatching(/reserved/) });
  expect(operatorActorInput('releasedBy', 'rules')).toMatchObject({ kind: 'invalid_input' });
  expect(operatorActorInput('releasedBy', 'system')).toMatchObject({ kind: 'invalid_input' });
  expect(operatorActorInput('placedBy', 'test-ops')).toBeUndefined();
});

describe('address corrections and re-evaluation', () => {
  const address = { name: 'G', line1: '2 Navy Way', city: 'Arlington', country: 'US' };

  test('an address needs line1, country and who changed it; not once a parcel left', () => {
    expect(validateAddressCorrection(order(), { address, changedBy: 'ops' })).toBeUndefined();
    expect(validateAddressCorrection(order(), { address: { ...address, country: '' }, changedBy: 'ops' })).toMatchObject({ kind: 'invalid_input' });
    expect(validateAddressCorrection(order(), { address })).toMatchObject({ kind: 'invalid_input' });
    expect(validateAddressCorrection(order({ status: 'shipped', shipments: [parcel('dispatched')] }), { address, changedBy: 'ops' })).toMatchObject({ kind: 'invalid_state' });
  });

  test('re-evaluation until the order is closed', () => {
    expect(validateReevaluate(order(), { requestedBy: 'ops' })).toBeUndefined();
    expect(validateReevaluate(order(), {})).toMatchObject({ kind: 'invalid_input' });
    expect(validateReevaluate(order({ status: 'delivered' }), { requestedBy: 'ops' })).toMatchObject({ kind: 'invalid_state' });
  });
});

describe('failed partner steps', () => {
  const failed = new Map([
    ['ERP sales order', {}],
    ['label o-1-WH-EAST', { noSkip: 'a parcel needs its label; retry it or cancel the order' }],
  ]);

  test('retry: of a step that failed, or of all of them', () => {
    expect(validateRetry('needs_attention', failed, { requestedBy: 'ops' })).toBeUndefined();
    expect(validateRetry('needs_attention', failed, { requestedBy: 'ops', step: 'ERP sales order' })).toBeUndefined();
    expect(validateRetry('needs_attention', failed, { requestedBy: 'ops', step: 'CRM order record' })).toMatchObject({ kind: 'invalid_state' });
    expect(validateRetry('fulfilling', new Map(), { requestedBy: 'ops' })).toMatchObject({ kind: 'invalid_state', message: expect.stringContaining('no step waits') });
    expect(validateRetry('needs_attention', failed, {})).toMatchObject({ kind: 'invalid_input' });
  });

  test('skip: only a step that may be skipped, with a reason', () => {
    expect(validateSkip(failed, { requestedBy: 'ops', step: 'ERP sales order', reason: 'entered by hand' })).toBeUndefined();
    expect(validateSkip(failed, { requestedBy: 'ops', step: 'label o-1-WH-EAST', reason: 'x' })).toMatchObject({
      kind: 'invalid_state',
      message: expect.stringContaining('a parcel needs its label'),
    });
    expect(validateSkip(failed, { requestedBy: 'ops', step: 'ERP sales order' })).toMatchObject({ kind: 'invalid_input' });
    expect(validateSkip(new Map(), { requestedBy: 'ops', step: 'x', reason: 'y' })).toMatchObject({ kind: 'invalid_state', message: expect.stringContaining('none') });
  });
});
