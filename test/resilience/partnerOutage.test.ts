import { createSku, eventually, orderPayload } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

// Partner outages longer than the retry budget (2 s here, 48 h in production): the order waits for
// an operator with an integration hold naming the system, instead of failing silently or cancelling.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({
    carrierDispatchDelayMs: 100,
    carrierDeliveryDelayMs: 100,
    partnerRetry: { initialIntervalMs: 100, maximumIntervalMs: 300, budgetMs: 2_000 },
  });
});
afterEach(() => t.sim.state.faults.reset());
afterAll(() => t?.stop());

type Hold = { reason: string; note: string | null; releasedAt: string | null; releasedBy: string | null };
const order = async (orderId: string) => (await t.api.get(`/api/v1/orders/${orderId}`)).body;
const integrationHold = (o: { holds: Hold[] }) => o.holds.find((h) => h.reason === 'integration');

test('a carrier outage past the retry budget: needs_attention with an integration hold naming the carrier; an operator retry completes the order', async () => {
  t.sim.state.faults.apply({ carrier: { failureRate: 1, status: 500 } });
  const sku = await createSku(t.hub.db, { 'WH-EAST': 3 });
  const id = (await t.api.post('/api/v1/orders').send(orderPayload({ sku }))).body.orderId as string;
  const stuck = await eventually(async () => {
    const o = await order(id);
    expect(o.status).toBe('needs_attention');
    return o;
  }, 30_000);
  expect(integrationHold(stuck)).toMatchObject({ releasedAt: null });
  expect(integrationHold(stuck)!.note).toMatch(/^carrier: label .* failed/);
  expect(stuck.timeline.find((e: { type: string }) => e.type === 'needs_attention').data).toMatchObject({ system: 'carrier' });

  // A label cannot be skipped; an integration hold is not released by hand; retry while still down fails again.
  const step = stuck.timeline.find((e: { type: string }) => e.type === 'needs_attention').data.step as string;
  expect((await t.api.post(`/api/v1/orders/${id}/integration/skip`).send({ step, reason: 'no' })).status).toBe(409);
  expect((await t.api.post(`/api/v1/orders/${id}/holds/integration/release`).send({})).status).toBe(409);

  t.sim.state.faults.reset();
  const retried = await t.api.post(`/api/v1/orders/${id}/integration/retry`).send({});
  expect(retried.status).toBe(200);
  expect(integrationHold(retried.body)).toMatchObject({ releasedBy: 'test-admin' });
  await eventually(async () => expect((await order(id)).status).toBe('delivered'));
  expect((await order(id)).timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['needs_attention', 'integration_retried', 'labels_created']));
});

test('an ERP outage: the operator skips the sales order with a reason and the order ships', async () => {
  t.sim.state.faults.apply({ erp: { failureRate: 1, status: 503 } });
  const sku = await createSku(t.hub.db, { 'WH-WEST': 3 });
  const id = (await t.api.post('/api/v1/orders').send(orderPayload({ sku }))).body.orderId as string;
  await eventually(async () => expect((await order(id)).status).toBe('needs_attention'), 30_000);
  expect(integrationHold(await order(id))!.note).toMatch(/^ERP: ERP sales order failed/);
  expect((await t.api.post(`/api/v1/orders/${id}/integration/retry`).send({ step: 'nope' })).status).toBe(409);
  const skipped = await t.api.post(`/api/v1/orders/${id}/integration/skip`).send({ step: 'ERP sales order', reason: 'entered in the ERP by hand' });
  expect(skipped.status).toBe(200);
  t.sim.state.faults.reset();
  await eventually(async () => expect((await order(id)).status).toBe('delivered'));
  const skippedEvent = (await order(id)).timeline.find((e: { type: string }) => e.type === 'integration_skipped');
  expect(skippedEvent.message).toBe('ERP sales order skipped by test-admin: entered in the ERP by hand');
});

test('a cancel while the order needs attention compensates and closes it', async () => {
  t.sim.state.faults.apply({ crm: { failureRate: 1, status: 500 } });
  const sku = await createSku(t.hub.db, { 'WH-EAST': 1 });
  const id = (await t.api.post('/api/v1/orders').send(orderPayload({ sku }))).body.orderId as string;
  await eventually(async () => expect((await order(id)).status).toBe('needs_attention'), 30_000);
  const res = await t.api.post(`/api/v1/orders/${id}/cancel`).send({ reason: 'gave up' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });
  expect(integrationHold(res.body)).toMatchObject({ releasedBy: 'system' });
});

test('a refund that fails past its budget: needs_attention with an integration hold naming the refund; the operator retry refunds once, then the order is cancelled', async () => {
  // Over 500.00: paid and reserved, it waits for a fraud review (the carrier here delivers within a second).
  const sku = await createSku(t.hub.db, { 'WH-WEST': 2 });
  const id = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, unitPrice: '640.00', shippingPrice: '0' }))).body.orderId as string;
  await eventually(async () => expect((await order(id)).status).toBe('on_hold'));
  t.sim.state.faults.apply({ channel: { failureRate: 1, status: 503 } });

  // The cancel answers once its compensation waits for an operator: the rest is undone, the money is not yet back.
  const res = await t.api.post(`/api/v1/orders/${id}/cancel`).send({ reason: 'customer request' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'needs_attention', paymentStatus: 'paid' });
  expect(integrationHold(res.body)).toMatchObject({ releasedAt: null });
  expect(integrationHold(res.body)!.note).toMatch(/^channel: refund payment failed/);
  expect(res.body.holds.filter((h: Hold) => h.releasedAt === null).map((h: Hold) => h.reason)).toEqual(['integration']);
  expect((await t.hub.db.stockLevel.findUniqueOrThrow({ where: { sku_locationId: { sku, locationId: 'WH-WEST' } } })).reserved).toBe(0);
  // A refund is never skipped, a second cancel is refused, and the hold is not released by hand.
  expect((await t.api.post(`/api/v1/orders/${id}/integration/skip`).send({ step: 'refund payment', reason: 'no' })).status).toBe(409);
  const again = await t.api.post(`/api/v1/orders/${id}/cancel`).send({ reason: 'again' });
  expect(again.status).toBe(409);
  expect(again.body.error).toBe('cancel_in_progress');

  t.sim.state.faults.reset();
  const retried = await t.api.post(`/api/v1/orders/${id}/integration/retry`).send({});
  expect(retried.status).toBe(200);
  const done = await eventually(async () => {
    const o = await order(id);
    expect(o.status).toBe('cancelled');
    return o;
  });
  expect(done).toMatchObject({ paymentStatus: 'refunded', cancelReason: 'customer request' });
  expect(done.holds.filter((h: Hold) => h.releasedAt === null)).toEqual([]);
  const types = done.timeline.map((e: { type: string }) => e.type);
  expect(types).toEqual(expect.arrayContaining(['needs_attention', 'integration_retried', 'cancelled']));
  expect(done.timeline.find((e: { type: string }) => e.type === 'cancelled').data.compensationFailures).toEqual([]);
  // Every attempt carried the same idempotency key, and exactly one refund took effect.
  const attempts = t.sim.state.journal.list({ orderId: id, operation: 'createRefund' });
  expect(new Set(attempts.map((c) => c.idempotencyKey)).size).toBe(1);
  expect(attempts.filter((c) => !c.faulted && !c.duplicate && c.status < 300)).toHaveLength(1);
});
