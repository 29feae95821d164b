import { randomUUID } from 'node:crypto';
import { createSku, eventually, orderPayload } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

// Issue 13 "Rules and reports": GET /api/v1/reports/summary's salesByChannel on the real stack
// (src/api/reports/sales.ts). A channel of its own, so other test files' orders do not count.
let t: TestHub;
const channel = `sales-${randomUUID().slice(0, 8)}`;
beforeAll(async () => {
  // No dispatch within the test: the cancels below must land while the parcels are still labelled,
  // however slowly a loaded machine polls (3 s was not always enough on 2 busy cores).
  t = await startTestHub({ carrierDispatchDelayMs: 600_000, carrierDeliveryDelayMs: 300 });
  await t.hub.db.channel.create({ data: { id: channel, name: 'Sales report test channel', kind: 'webstore' } });
});
afterAll(() => t?.stop());

const view = async (id: string) => (await t.api.get(`/api/v1/orders/${id}`)).body;
const labelled = (id: string) => eventually(async () => expect((await view(id)).fulfillmentStatus).toBe('label_created'));

test('net sales, discounts, tax and refunds per channel and currency: a discounted taxed order, a refunded one, a partially refunded one', async () => {
  const from = new Date(Date.now() - 1_000).toISOString();
  const sku = await createSku(t.hub.db, { 'WH-EAST': 20 });
  const { shippingPrice: _price, ...base } = orderPayload({ sku, channel });
  // 2 x 25.00 - 5.00 discount + 3.60 tax + 6.00 shipping + 0.48 shipping tax = 55.08.
  const priced = await t.api.post('/api/v1/orders').send({
    ...base,
    lines: [{ sku, quantity: 2, unitPrice: '25.00', discounts: [{ code: 'PAIR', amount: '5.00' }], taxLines: [{ title: 'Tax', rate: '0.08', amount: '3.60' }] }],
    shippingLines: [{ service: 'Ground', price: '6.00', taxLines: [{ title: 'Tax', rate: '0.08', amount: '0.48' }] }],
  });
  expect(priced.status).toBe(202);
  // 24.99, cancelled whole before dispatch: refunded.
  const refunded = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, channel }))).body.orderId as string;
  // 3 x 10.00 + 5.00 = 35.00, one unit cancelled: 10.00 refunded.
  const partial = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, channel, quantity: 3, unitPrice: '10.00' }))).body.orderId as string;
  // An EUR order: its own row, never summed with USD.
  const eur = (await t.api.post('/api/v1/orders').send({ ...orderPayload({ sku, channel, unitPrice: '10.00', shippingPrice: '0' }), currency: 'EUR' })).body.orderId as string;

  await labelled(refunded);
  const cancel = await t.api.post(`/api/v1/orders/${refunded}/cancel`).send({ reason: 'customer changed their mind' });
  expect(cancel.body).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });
  await labelled(partial);
  const lineCancel = await t.api
    .post(`/api/v1/orders/${partial}/cancel`)
    .set('Idempotency-Key', `sales-${partial}`)
    .send({ lines: [{ lineId: 1, quantity: 1, reason: 'customer asked' }] });
  expect(lineCancel.status).toBe(200);
  await eventually(async () => expect((await view(eur)).status).not.toBe('received'));

  const res = await t.api.get('/api/v1/reports/summary').query({ from, to: new Date(Date.now() + 1_000).toISOString() });
  expect(res.status).toBe(200);
  expect(res.body.salesByChannel.filter((r: { channel: string }) => r.channel === channel)).toEqual([
    { channel, currency: 'EUR', orders: 1, netSales: '10.00', discounts: '0.00', tax: '0.00', refunds: '0.00' },
    // 55.08 + 24.99 + 35.00 placed, less 24.99 + 10.00 refunded.
    { channel, currency: 'USD', orders: 3, netSales: '80.08', discounts: '5.00', tax: '4.08', refunds: '34.99' },
  ]);
});
