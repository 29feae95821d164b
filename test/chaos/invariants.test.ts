import { checkEffects } from '../../chaos/effectInvariants';
import { checkInvariants, runSizeProblem, type InvariantInput } from '../../chaos/invariants';
import { awaitClosedWorkflows, type VisibilityClient } from '../../chaos/visibility';
import type { PlacedOrder } from '../../chaos/driver';
import type { CallRecord } from '../../src/simulators';
import { journalCall } from './journalCall';

// The chaos invariants on crafted data: each must pass a correct run and fail the broken one it
// exists for. (ORDERHUB_SKIP_STACK=1: no database or Temporal needed.)

const call = journalCall;

const order = (orderId: string, expected: PlacedOrder['expected']): PlacedOrder => ({ index: 0, externalId: `ext-${orderId}`, orderId, quantity: 1, expected });

/** Everything a delivered one-parcel order does at the partners. */
const deliveredCalls = (id: string) => [
  call(id, 'erp.createSalesOrder', 'erp.sales-order'),
  call(id, 'crm.upsertCustomer', 'crm.customer'),
  call(id, 'crm.recordOrder', 'crm.order'),
  call(id, 'carrier.createShipment', `carrier.label.${id}-P1`),
  call(id, 'erp.createInvoice', `erp.invoice.${id}-P1`),
  call(id, 'channel.createFulfillment', `channel.fulfillment.${id}-P1`),
];

/** A prepaid order cancelled after its label was bought: each step undone, the channel and CRM told. */
const cancelledCalls = (id: string) => [
  call(id, 'erp.createSalesOrder', 'erp.sales-order'),
  call(id, 'crm.upsertCustomer', 'crm.customer'),
  call(id, 'crm.recordOrder', 'crm.order'),
  call(id, 'carrier.createShipment', `carrier.label.${id}-P1`),
  call(id, 'carrier.voidShipment', 'carrier.void.TRK-1'),
  call(id, 'channel.createRefund', 'channel.refund'),
  call(id, 'erp.createCreditNote', 'erp.credit-note'),
  call(id, 'channel.cancelOrder', 'channel.cancel'),
  call(id, 'crm.recordOrderEvent', 'crm.event.cancelled'),
];

const orders = [order('D', 'delivered'), order('C', 'cancelled')];
const parcels = new Map([['D', 1]]);
const effectsOf = (calls: CallRecord[]) => checkEffects(orders, calls, parcels);
const without = (calls: CallRecord[], effect: string) => calls.filter((c) => `${c.system}.${c.operation}` !== effect);

describe('partner effects', () => {
  test('a correct run passes, and faulted or replayed calls are figures, not effects', () => {
    const calls = [...deliveredCalls('D'), ...cancelledCalls('C')];
    const faulted = { ...call('D', 'erp.createSalesOrder', 'erp.sales-order'), status: 503, faulted: true };
    const replayed = { ...call('C', 'channel.createRefund', 'channel.refund'), duplicate: true };
    const report = effectsOf([faulted, ...calls, replayed]);
    expect(report.failures).toEqual([]);
    expect(report.figures).toMatchObject({ partnerCalls: 17, partnerFaults: 1, partnerDuplicatesAbsorbed: 1, partnerRetries: 2 });
  });

  test.each(['channel.createRefund', 'carrier.voidShipment', 'erp.createCreditNote', 'channel.cancelOrder'])('a delivered order with %s fails', (effect) => {
    const [system, operation] = effect.split('.');
    const extra = call('D', effect, `${system}.${operation}.extra`);
    expect(effectsOf([...deliveredCalls('D'), extra, ...cancelledCalls('C')]).failures).toEqual([`delivered order D: ${effect} happened`]);
  });

  test.each(['crm.upsertCustomer', 'crm.recordOrder'])('a delivered order without %s fails', (effect) => {
    const failures = effectsOf([...without(deliveredCalls('D'), effect), ...cancelledCalls('C')]).failures;
    expect(failures).toContain(`delivered order D: ${effect} done under 0 keys, expected 1`);
  });

  test('a cancelled order the CRM was not told about fails', () => {
    const failures = effectsOf([...deliveredCalls('D'), ...without(cancelledCalls('C'), 'crm.recordOrderEvent')]).failures;
    expect(failures).toEqual(['cancelled order C: crm.recordOrderEvent done under 0 keys, expected 1']);
  });

  test('a CRM order record without its customer fails (cancelled orders too)', () => {
    const failures = effectsOf([...deliveredCalls('D'), ...without(cancelledCalls('C'), 'crm.upsertCustomer')]).failures;
    expect(failures).toEqual(['order C: crm.recordOrder without crm.upsertCustomer']);
  });

  test('the existing rules still bite: a second key, a doubled success, an invoice on a cancelled order, a label not voided', () => {
    const secondKey = call('D', 'erp.createSalesOrder', 'erp.sales-order-again');
    const doubled = call('C', 'channel.createRefund', 'channel.refund');
    const invoice = call('C', 'erp.createInvoice', 'erp.invoice.C-P1');
    const failures = effectsOf([...deliveredCalls('D'), secondKey, ...without(cancelledCalls('C'), 'carrier.voidShipment'), doubled, invoice]).failures;
    expect(failures).toEqual([
      'delivered order D: erp.createSalesOrder done under 2 keys, expected 1',
      'order C: channel.createRefund C:channel.refund succeeded 2 times',
      'cancelled order C: carrier.createShipment under 1 keys but carrier.voidShipment under 0',
      'cancelled order C: erp.createInvoice happened',
    ]);
  });
});

describe('payment gateway effects (authorized orders captured at shipment)', () => {
  const authorizedOrder = (orderId: string, expected: PlacedOrder['expected'], totalMinor: number): PlacedOrder => ({
    ...order(orderId, expected),
    payment: { status: 'authorized', totalMinor },
  });
  const capture = (id: string, parcel: string, amount: string) =>
    call(id, 'gateway.capture', `gateway.capture.${id}-${parcel}`, { body: { orderId: id, amount, currency: 'USD' } });
  /** Two parcels, 65.00 captured as 21.66 + 43.34. */
  const deliveredTwoParcels = (id: string) => [
    ...deliveredCalls(id),
    call(id, 'carrier.createShipment', `carrier.label.${id}-P2`),
    call(id, 'erp.createInvoice', `erp.invoice.${id}-P2`),
    call(id, 'channel.createFulfillment', `channel.fulfillment.${id}-P2`),
    capture(id, 'P1', '21.66'),
    capture(id, 'P2', '43.34'),
  ];
  const voidedCancel = (id: string) => [...without(cancelledCalls(id), 'channel.createRefund'), call(id, 'gateway.void', 'gateway.void')];
  const check = (calls: CallRecord[]) =>
    checkEffects(
      [authorizedOrder('A', 'delivered', 6500), authorizedOrder('V', 'cancelled', 6500), order('P', 'delivered')],
      calls,
      new Map([
        ['A', 2],
        ['P', 1],
      ]),
    );
  const correct = () => [...deliveredTwoParcels('A'), ...voidedCancel('V'), ...deliveredCalls('P')];

  test('a correct run passes: captures per parcel summing to the total, a void for the cancel, a prepaid order without the gateway', () => {
    expect(check(correct())).toMatchObject({ failures: [], figures: { authorizedOrders: 2, gatewayCaptures: 2, gatewayVoids: 1 } });
  });

  test('captures that do not sum to the total, or a parcel without its capture, fail', () => {
    const short = correct().map((c) => (c.idempotencyKey === 'A:gateway.capture.A-P2' ? { ...c, body: { orderId: 'A', amount: '43.33', currency: 'USD' } } : c));
    expect(check(short).failures).toEqual([expect.stringContaining('captures sum to 6499')]);
    expect(check(correct().filter((c) => c.idempotencyKey !== 'A:gateway.capture.A-P2')).failures.join()).toContain('gateway.capture done under 1 keys, expected 2');
  });

  test('a capture under a second key, a refund instead of a void, or the gateway on a prepaid order fail', () => {
    expect(check([...correct(), capture('A', 'P3', '0.01')]).failures.join()).toContain('gateway.capture done under 3 keys');
    expect(check([...without(correct(), 'gateway.void'), call('V', 'channel.createRefund', 'channel.refund')]).failures.join()).toMatch(
      /gateway.void done under 0 keys[\s\S]*channel.createRefund happened/,
    );
    expect(check([...correct(), call('P', 'gateway.void', 'gateway.void')]).failures).toEqual([expect.stringContaining('prepaid order P: gateway.void happened')]);
  });
});

describe('run size', () => {
  test('no orders, or fewer than meant, fails; the full count passes', () => {
    expect(runSizeProblem(0)).toMatch(/no orders were placed/);
    expect(runSizeProblem(0, 30)).toMatch(/no orders were placed/);
    expect(runSizeProblem(29, 30)).toBe('29 orders placed of the 30 the scenario meant to place');
    expect(runSizeProblem(30, 30)).toBeUndefined();
    expect(runSizeProblem(5)).toBeUndefined();
  });

  test('checkInvariants fails an empty run without looking any further', async () => {
    const untouchable = new Proxy(
      {},
      {
        get: () => {
          throw new Error('an empty run must not be checked further');
        },
      },
    );
    const input = {
      db: untouchable,
      temporal: untouchable,
      taskQueue: 'q',
      journal: { list: () => [] },
      orders: [],
      skus: [],
      channel: 'webstore',
      expectedOrders: 30,
    } as unknown as InvariantInput;
    expect(await checkInvariants(input)).toEqual({ ok: false, failures: ['no orders were placed: the run proves nothing'], figures: { orders: 0 } });
  });
});

describe('waiting for Temporal visibility', () => {
  /** Answers each list with the next snapshot (the last one repeats), as visibility catching up would. */
  function fakeVisibility(snapshots: Record<string, string>[]): VisibilityClient & { lists: number } {
    const fake = {
      lists: 0,
      workflow: {
        list: () => {
          const snapshot = snapshots[Math.min(fake.lists++, snapshots.length - 1)];
          return (async function* () {
            for (const [workflowId, name] of Object.entries(snapshot)) yield { workflowId, status: { name } };
          })();
        },
      },
    };
    return fake;
  }
  const ids = new Set(['order:1', 'order:2']);

  test('polls until every order workflow is listed closed, however late visibility catches up', async () => {
    const fake = fakeVisibility([
      { 'order:1': 'RUNNING' },
      { 'order:1': 'COMPLETED', 'order:2': 'RUNNING' },
      { 'order:1': 'COMPLETED', 'order:2': 'COMPLETED', 'sync:1': 'CONTINUED_AS_NEW' },
    ]);
    const closed = await awaitClosedWorkflows(fake, 'q', ids, { intervalMs: 10, timeoutMs: 5000 });
    expect(closed).toMatchObject({ settled: true, running: 0, unlisted: 0, notCompleted: [], polls: 3 });
  });

  test('gives up at its bound with what it saw: still running, never listed, failed', async () => {
    const fake = fakeVisibility([{ 'order:1': 'RUNNING', 'sync:1': 'FAILED' }]);
    const started = Date.now();
    const closed = await awaitClosedWorkflows(fake, 'q', ids, { intervalMs: 20, timeoutMs: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(closed).toMatchObject({ settled: false, running: 1, unlisted: 1, notCompleted: ['sync:1 FAILED'] });
    expect(fake.lists).toBeGreaterThan(2);
  });
});
