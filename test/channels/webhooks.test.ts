import request from 'supertest';
import { createSku, eventually } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';
import { freshSample, sample, signed, type Json } from './webhookSupport';

// The channels' native webhooks on the real stack; the carrier advances parcels by itself.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ carrierDispatchDelayMs: 100, carrierDeliveryDelayMs: 100 });
});
afterAll(() => t?.stop());

/** No API key: the webhook proves itself by its signature only. */
const post = (channel: string, body: string, headers: Record<string, string>) => {
  let req = request(t.hub.apiUrl).post(`/api/v1/channels/${channel}/orders`);
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  return req.send(body);
};
/** Signed with the channel's current secret on the test hub (a random one per run); `etsy` has none. */
const sign = (channel: string, body: string, nowSeconds?: number) => signed(t.webhookSecrets[channel]?.[0] ?? 'a-secret-the-hub-does-not-have', body, nowSeconds);
const deliver = (channel: string, payload: Json) => {
  const body = JSON.stringify(payload);
  return post(channel, body, sign(channel, body));
};
const orderOf = async (orderId: string) => (await t.api.get(`/api/v1/orders/${orderId}`)).body;
const untilStatus = (orderId: string, status: string) =>
  eventually(async () => {
    const order = await orderOf(orderId);
    expect(order.status).toBe(status);
    return order;
  }, 60_000);
const deliveries = (channel: string, externalId: string) => t.hub.db.channelDelivery.findMany({ where: { channelId: channel, externalId }, orderBy: { id: 'asc' } });
const shipmentCalls = (orderId: string) => t.sim.state.journal.list({ orderId, operation: 'createFulfillment' }).filter((c) => !c.duplicate && c.status < 300);

describe('each channel sample, signed, starts its order', () => {
  test('web store (Shopify-like): delivered, confirmed as a Shopify fulfillment', async () => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 10 });
    const { payload, externalId } = freshSample('webstore', 'webstore-order', sku);
    const res = await deliver('webstore', payload);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ workflowId: `order:webstore:${externalId}`, created: true });
    const order = await untilStatus(res.body.orderId, 'delivered');
    expect(order.rawPayload).toEqual(payload);
    const [call] = shipmentCalls(res.body.orderId);
    expect(call.path).toBe(`/channels/webstore/admin/orders/${externalId}/fulfillments.json`);
    expect(call.body).toMatchObject({ fulfillment: { tracking_info: { number: order.shipments[0].trackingNumber, company: 'simcarrier' } } });
  });

  test('Amazon Prime: prepaid, never waits for payment, confirmed with confirmShipment', async () => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 10 });
    const { payload, externalId } = freshSample('amazon', 'amazon-prime-order', sku);
    const res = await deliver('amazon', payload);
    expect(res.status).toBe(202);
    const order = await untilStatus(res.body.orderId, 'delivered');
    expect(order.paymentStatus).toBe('paid');
    expect(order.timeline.map((e: { type: string }) => e.type)).not.toContain('awaiting_payment');
    const [call] = shipmentCalls(res.body.orderId);
    expect(call.path).toBe(`/channels/amazon/orders/${externalId}/shipment-confirmation`);
    expect(call.body).toMatchObject({ AmazonOrderId: externalId, PackageDetail: { TrackingNumber: order.shipments[0].trackingNumber } });
  });

  test('eBay: delivered, confirmed as a shipping_fulfillment', async () => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 10 });
    const { payload, externalId } = freshSample('ebay', 'ebay-order', sku);
    const res = await deliver('ebay', payload);
    expect(res.status).toBe(202);
    const order = await untilStatus(res.body.orderId, 'delivered');
    const [call] = shipmentCalls(res.body.orderId);
    expect(call.path).toBe(`/channels/ebay/order/${externalId}/shipping_fulfillment`);
    expect(call.body).toMatchObject({ trackingNumber: order.shipments[0].trackingNumber, shippingCarrierCode: 'simcarrier', lineItems: [expect.objectContaining({ sku })] });
  });

  // The demo's store is WH-EAST: it serves pickups, and the pos buffer sells from it only.
  test('point of sale: accepted as a pickup at the store, raw payload kept', async () => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 10 });
    const { payload, externalId } = freshSample('pos', 'pos-sale', sku);
    payload.storeId = 'WH-EAST';
    const res = await deliver('pos', payload);
    expect(res.status).toBe(202);
    const row = await t.hub.db.order.findUniqueOrThrow({ where: { id: res.body.orderId } });
    expect(row).toMatchObject({ fulfillmentMode: 'pickup', pickupLocationId: 'WH-EAST', externalId });
    expect((await orderOf(res.body.orderId)).rawPayload).toEqual(payload);
  });

  test('point of sale: an unknown store, or a location without pickups, is a 400 naming fulfillment.pickupLocationId; nothing is kept', async () => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 10, 'WH-WEST': 10 });
    for (const storeId of ['store-sf-01', 'WH-WEST']) {
      const { payload, externalId } = freshSample('pos', 'pos-sale', sku);
      payload.storeId = storeId;
      const res = await deliver('pos', payload);
      expect({ storeId, status: res.status, fields: res.body.fields?.map((f: { field: string }) => f.field) }).toEqual({
        storeId,
        status: 400,
        fields: ['body.fulfillment.pickupLocationId'],
      });
      expect(await t.hub.db.order.findMany({ where: { channelId: 'pos', externalId } })).toEqual([]);
      expect(await deliveries('pos', externalId)).toEqual([]);
    }
  });

  // Needs the workflow to complete pickup orders without a carrier (the lead's change).
  test('point of sale: the pickup order is delivered without any shipment message', async () => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 10 });
    const { payload } = freshSample('pos', 'pos-sale', sku);
    payload.storeId = 'WH-EAST';
    const res = await deliver('pos', payload);
    expect(res.status).toBe(202);
    await untilStatus(res.body.orderId, 'delivered');
    expect(shipmentCalls(res.body.orderId)).toEqual([]);
  });
});

describe('signatures', () => {
  const refused = async (channel: string, payload: Json, externalId: string, send: (body: string) => Promise<request.Response>) => {
    const res = await send(JSON.stringify(payload));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_signature', message: expect.any(String) });
    expect(await t.hub.db.order.findMany({ where: { channelId: channel, externalId } })).toEqual([]);
    expect(await deliveries(channel, externalId)).toEqual([]);
    return res;
  };

  test('a wrong signature, a stale timestamp and a modified body are 401 and store nothing', async () => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const { payload, externalId } = freshSample('ebay', 'ebay-order', sku);
    await refused('ebay', payload, externalId, (body) => post('ebay', body, sign('amazon', body)));
    await refused('ebay', payload, externalId, (body) => post('ebay', body, sign('ebay', body, Math.floor(Date.now() / 1000) - 6 * 60)));
    await refused('ebay', payload, externalId, (body) => post('ebay', `${body.slice(0, -1)},"note":"x"}`, sign('ebay', body)));
    await refused('ebay', payload, externalId, (body) => post('ebay', body, { 'Content-Type': 'application/json' }));
    const noSecret = await refused('etsy', payload, externalId, (body) => post('etsy', body, sign('etsy', body)));
    expect(noSecret.body.message).toMatch(/no webhook secret/);
  });

  test('no install accepts the once-predictable dev-secret-<channel>', async () => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const { payload, externalId } = freshSample('webstore', 'webstore-order', sku);
    await refused('webstore', payload, externalId, (body) => post('webstore', body, signed('dev-secret-webstore', body)));
  });

  test('during a rotation a delivery signed with the previous secret is accepted too', async () => {
    const [current, previous] = t.webhookSecrets.ebay;
    expect(previous).toBeDefined();
    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const { payload, externalId } = freshSample('ebay', 'ebay-order', sku);
    const body = JSON.stringify(payload);
    // Distinct timestamps: two deliveries, not one and its copy.
    const now = Math.floor(Date.now() / 1000);
    expect((await post('ebay', body, signed(previous, body, now))).status).toBe(202);
    expect((await post('ebay', body, signed(current, body, now - 30))).status).toBe(200);
    expect(await deliveries('ebay', externalId)).toHaveLength(2);
  });

  test('an identical delivery replayed inside the window gets the first answer again and has no second effect', async () => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const { payload, externalId } = freshSample('webstore', 'webstore-order', sku);
    const body = JSON.stringify(payload);
    const now = Math.floor(Date.now() / 1000);
    const headers = sign('webstore', body, now);
    const first = await post('webstore', body, headers);
    expect(first.status).toBe(202);
    const replayed = await post('webstore', body, headers);
    expect([replayed.status, replayed.headers['idempotent-replayed'], replayed.body]).toEqual([202, 'true', first.body]);
    expect(await deliveries('webstore', externalId)).toHaveLength(1);
    // The channel's own redelivery is signed anew (another timestamp): a new delivery of the same order.
    const redelivered = await post('webstore', body, sign('webstore', body, now - 30));
    expect([redelivered.status, redelivered.body.created, redelivered.body.orderId]).toEqual([200, false, first.body.orderId]);
    expect(await deliveries('webstore', externalId)).toHaveLength(2);
  });

  test('the signature is never echoed, and the route needs no API key', async () => {
    const body = JSON.stringify({ hello: 'world' });
    const headers = sign('pos', body);
    const res = await post('pos', body.replace('world', 'there'), headers);
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).not.toContain(headers['X-Orderhub-Signature'].slice(3));
    expect(JSON.stringify(res.body)).not.toContain(t.webhookSecrets.pos[0]);
  });
});

test('unknown native fields are kept in rawPayload and listed on the delivery', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
  const { payload, externalId } = freshSample('webstore', 'webstore-order', sku);
  payload.gift_wrap = { message: 'Happy birthday' };
  const res = await deliver('webstore', payload);
  expect(res.status).toBe(202);
  expect((await orderOf(res.body.orderId)).rawPayload).toMatchObject({ gift_wrap: { message: 'Happy birthday' } });
  const [d] = await deliveries('webstore', externalId);
  expect(d.unknownFields).toContain('gift_wrap');
  expect(d).toMatchObject({ created: true, orderId: res.body.orderId });
});

test('5 concurrent copies of one signed delivery have one effect; 5 redeliveries signed anew, concurrent too, reach the same order', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 20 });
  const { payload, externalId } = freshSample('amazon', 'amazon-prime-order', sku);
  const body = JSON.stringify(payload);
  const now = Math.floor(Date.now() / 1000);
  const headers = sign('amazon', body, now);
  // Identical copies: one is answered for real, the others replay its answer or are told to retry (409).
  const copies = await Promise.all([1, 2, 3, 4, 5].map(() => post('amazon', body, headers)));
  const answered = copies.filter((r) => r.status === 202);
  expect(copies.every((r) => r.status === 202 || (r.status === 409 && r.body.error === 'idempotency_key_in_use' && r.headers['retry-after'] === '1'))).toBe(true);
  expect(answered.filter((r) => r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
  const orderId = answered[0].body.orderId;
  expect(answered.every((r) => r.body.orderId === orderId && r.body.created)).toBe(true);
  expect(await deliveries('amazon', externalId)).toHaveLength(1);

  // Redeliveries with their own timestamps are distinct deliveries of the same order.
  const redeliveries = await Promise.all([1, 2, 3, 4, 5].map((i) => post('amazon', body, sign('amazon', body, now - 10 - i))));
  expect(redeliveries.map((r) => [r.status, r.body.created, r.body.orderId])).toEqual(Array(5).fill([200, false, orderId]));
  expect(await t.hub.db.order.findMany({ where: { channelId: 'amazon', externalId } })).toHaveLength(1);
  const rows = await deliveries('amazon', externalId);
  expect(rows).toHaveLength(6);
  expect(rows.filter((r) => r.created)).toHaveLength(1);
  expect(new Set(rows.map((r) => r.orderId))).toEqual(new Set([orderId]));
});

test('a malformed native payload is a 400 naming the native fields; nothing starts', async () => {
  const payload = sample('ebay-broken');
  const res = await deliver('ebay', payload);
  expect(res.status).toBe(400);
  expect(res.body.error).toBe('validation_failed');
  expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual(
    expect.arrayContaining(['body.creationDate', 'body.lineItems.0.lineItemCost.value', 'body.buyer.buyerRegistrationAddress.email']),
  );
  expect(await deliveries('ebay', payload.orderId)).toEqual([]);
  expect(await t.hub.db.order.findMany({ where: { channelId: 'ebay', externalId: payload.orderId } })).toEqual([]);

  const notJson = '{"orderId": ';
  const bad = await post('ebay', notJson, sign('ebay', notJson));
  expect(bad.status).toBe(400);
  expect(bad.body.error).toBe('invalid_json');
});

test('a signed payload with a NUL or a lone surrogate is a 400 naming the field; nothing starts or is kept', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
  for (const poison of ['bad\u0000byte', 'half \ud800 pair']) {
    const { payload, externalId } = freshSample('webstore', 'webstore-order', sku);
    payload.note = poison;
    const res = await deliver('webstore', payload);
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'body.note', message: expect.stringMatching(/NUL|surrogate/) }]);
    expect(await deliveries('webstore', externalId)).toEqual([]);
    expect(await t.hub.db.order.findMany({ where: { channelId: 'webstore', externalId } })).toEqual([]);
  }
});
