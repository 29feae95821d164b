import { createOrderService } from '../../src/api/orders/service';
import { createOrderSchema } from '../../src/api/orders/schemas';
import { configDefaults } from '../../src/config';
import { createSku, eventually, orderPayload } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

// A channel redelivers an order while the first delivery is still on its way and the order then
// closes (cancelled at once, say): the second delivery read no order yet. Found by the
// duplicate-events chaos scenario under load, which answered such a redelivery 409 order_closed;
// a channel treats that as a failed delivery and retries (Shopify removes a webhook that keeps
// failing). The answer is the existing order: since orders are accepted through the outbox
// (src/api/orders/orderIntake.ts), the second delivery's insert meets the first one's committed
// row (unique channel + externalId) and answers with it, whatever its workflow is doing.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => t?.stop());

test('a redelivery racing the first delivery of an order since closed is answered with the existing order, not 409', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 2 });
  const payload = orderPayload({ sku, unitPrice: '10.00', shippingPrice: '0', paid: false });
  const { orderId } = (await t.api.post('/api/v1/orders').send(payload)).body;
  await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request' }).expect(200);
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${orderId}`)).body.status).toBe('cancelled'));

  // The interleaving, made exact: the lookup before the insert finds nothing (the first delivery
  // had not been committed yet), and the insert finds the order committed and closed.
  // The lookup is a raw statement (the service's existingOrder); a wrapped Db sends it through $queryRaw.
  let lookups = 0;
  const isLookup = (sql: unknown) => /FROM orders WHERE channel_id = /.test((sql as { text?: string })?.text ?? '');
  const db = new Proxy(t.hub.db, {
    get: (target, prop) =>
      prop === '$queryRaw'
        ? (sql: unknown, ...rest: unknown[]) => {
            if (isLookup(sql) && lookups++ === 0) return Promise.resolve([]);
            return (target.$queryRaw as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
          }
        : Reflect.get(target, prop),
  });
  const service = createOrderService({ db, temporal: t.hub.temporal, taskQueue: t.taskQueue, orderOptions: configDefaults().orderOptions });

  const answer = await service.createOrder(createOrderSchema.parse(payload));
  expect(answer).toEqual({ created: false, body: expect.objectContaining({ orderId, status: 'cancelled' }) });
  expect(lookups).toBeGreaterThanOrEqual(2);
});
