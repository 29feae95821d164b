// Exchanges on the real stack (docs/returns.md "Exchanges"): the request reserves the replacement's
// stock through the ledger (refusals name body.replacements), the replacement ships as one order of
// the exchange channel however often its start is retried or interrupted, and an expired return
// gives the held units back.
import { randomUUID } from 'node:crypto';
import { createExchangeActivities, recordReplacementOrder, type ExchangeActivities } from '../../src/activities/replacementOrder';
import { partnerTaskQueues } from '../../src/config';
import { orderWorkflowId } from '../../src/domain/ids';
import { createOpsChannel } from '../dashboard/seed';
import { createSku, eventually, stockAt } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';
import { seedDeliveredOrder } from './seedReturns';

let t: TestHub;
let channel: string;
let exchange: ExchangeActivities;
beforeAll(async () => {
  t = await startTestHub({ carrierDispatchDelayMs: 100, carrierDeliveryDelayMs: 100 });
  channel = await createOpsChannel(t.hub.db, 'exch');
  // The activities as the hub's worker builds them (src/hub.ts), called here as the return workflow would.
  exchange = createExchangeActivities({
    db: t.hub.db,
    stockEvents: { reserved: async () => undefined, changed: async () => undefined },
    starter: {
      temporal: t.hub.temporal,
      taskQueue: t.taskQueue,
      orderOptions: {
        paymentTimeoutMs: 24 * 3_600_000,
        fulfillmentTaskQueue: `${t.taskQueue}-fulfillment`,
        partnerTaskQueues: partnerTaskQueues(t.taskQueue),
        partnerRetry: { initialIntervalMs: 100, maximumIntervalMs: 1000, budgetMs: 600_000 },
      },
    },
  });
}, 60_000);
afterAll(() => t?.stop());

const openExchange = (orderId: string, quantity: number, replacements: unknown) =>
  t.api.post(`/api/v1/orders/${orderId}/returns`).send({ lines: [{ lineId: 1, quantity, reason: 'wrong_size' }], replacements });

describe('exchanges', () => {
  it('reserves the replacement when requested; unit-for-unit and known SKUs, else a 400 naming body.replacements', async () => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const none = await createSku(t.hub.db, { 'WH-EAST': 0 });
    const orderId = await seedDeliveredOrder(t.hub.db, channel, 2);

    const uneven = await openExchange(orderId, 1, [{ sku, quantity: 2 }]);
    expect(uneven.status).toBe(400);
    expect(uneven.body.fields).toEqual([{ field: 'body.replacements', message: expect.stringContaining('1 unit(s) returned, 2 replacement unit(s) named') }]);
    const unknown = await openExchange(orderId, 1, [{ sku: `NOPE-${randomUUID()}`, quantity: 1 }]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toEqual([{ field: 'body.replacements.0.sku', message: expect.stringContaining('no product') }]);
    expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 5, reserved: 0 });

    const opened = await openExchange(orderId, 2, [
      { sku, quantity: 1 },
      { sku: none, quantity: 1 },
    ]);
    expect(opened.status).toBe(201);
    expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 5, reserved: 1 });
    const shown = await t.api.get(`/api/v1/returns/${opened.body.returnId}`);
    expect(shown.body.replacements).toEqual([
      { lineNo: 1, sku, quantity: 1, state: 'held', locationId: 'WH-EAST' },
      { lineNo: 2, sku: none, quantity: 1, state: 'unreserved', locationId: null },
    ]);
    // The hold is in the ledger, so the ledger still sums to the stock level.
    const ledger = await t.hub.db.stockLedgerEntry.aggregate({ where: { sku, locationId: 'WH-EAST' }, _sum: { reservedDelta: true } });
    expect(ledger._sum.reservedDelta).toBe(1);
  }, 30_000);

  it('exactly once: an attempt interrupted after recording the order, then three starts at once and one after it finished: one order, one workflow run, shipped once, stock taken once', async () => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 3 });
    const orderId = await seedDeliveredOrder(t.hub.db, channel, 1);
    const returnId = (await openExchange(orderId, 1, [{ sku, quantity: 1 }])).body.returnId as string;

    // The first attempt died after its transaction committed and before the workflow started.
    const interrupted = await recordReplacementOrder(t.hub.db, returnId);
    const replacementId = interrupted.input!.orderId;
    const workflowId = orderWorkflowId('exchange', `exchange-${returnId}`);
    await expect(t.hub.temporal.workflow.getHandle(workflowId).describe()).rejects.toThrow();

    const retries = await Promise.all([1, 2, 3].map(() => exchange.startReplacementOrder(returnId)));
    expect(retries).toEqual(Array(3).fill({ started: true, orderId: replacementId, workflowId }));
    const handle = t.hub.temporal.workflow.getHandle(workflowId);
    const firstRun = (await handle.describe()).runId;
    await eventually(async () => expect((await t.hub.db.order.findUniqueOrThrow({ where: { id: replacementId } })).status).toBe('delivered'), 60_000, 300);
    await handle.result();
    expect(await exchange.startReplacementOrder(returnId)).toEqual({ started: true, orderId: replacementId, workflowId });
    expect((await handle.describe()).runId).toBe(firstRun);

    const order = await t.hub.db.order.findUniqueOrThrow({ where: { id: replacementId }, include: { lines: true } });
    expect(order).toMatchObject({ channelId: 'exchange', externalId: `exchange-${returnId}`, totalMinor: 0, paymentStatus: 'paid', paymentReference: `return:${returnId}` });
    expect(order.lines).toMatchObject([{ lineNo: 1, sku, quantity: 1, unitPriceMinor: 0 }]);
    expect(await t.hub.db.order.count({ where: { channelId: 'exchange', externalId: `exchange-${returnId}` } })).toBe(1);
    expect((await t.hub.db.return.findUniqueOrThrow({ where: { id: returnId } })).exchangeOrderId).toBe(replacementId);
    const shipments = t.sim.state.journal.list({ orderId: replacementId }).filter((c) => c.operation === 'createShipment' && c.status < 300 && !c.duplicate);
    expect(shipments).toHaveLength(1);
    // The unit held at the request was the one shipped: reserved once, taken from on-hand once.
    expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 2, reserved: 0 });
    expect(await t.hub.db.returnReplacement.findMany({ where: { returnId }, select: { state: true } })).toEqual([{ state: 'ordered' }]);
  }, 90_000);

  it('an expired return gives its held units back once; its replacement can then not start', async () => {
    const sku = await createSku(t.hub.db, { 'WH-WEST': 2 });
    const orderId = await seedDeliveredOrder(t.hub.db, channel, 1);
    const returnId = (await openExchange(orderId, 1, [{ sku, quantity: 1 }])).body.returnId as string;
    expect(await stockAt(t.hub.db, sku, 'WH-WEST')).toEqual({ onHand: 2, reserved: 1 });
    expect(await exchange.releaseExchangeStock(returnId)).toEqual({ released: true });
    expect(await exchange.releaseExchangeStock(returnId)).toEqual({ released: true });
    expect(await stockAt(t.hub.db, sku, 'WH-WEST')).toEqual({ onHand: 2, reserved: 0 });
    expect(await exchange.startReplacementOrder(returnId)).toEqual({ started: false, reason: expect.stringContaining('released') });
  }, 30_000);
});
