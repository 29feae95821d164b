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
  expect((await t.api.post(`/api/v1/orders/${id}/integration/skip`).send({ requestedBy: 'ops', step, reason: 'no' })).status).toBe(409);
  expect((await t.api.post(`/api/v1/orders/${id}/holds/integration/release`).send({ releasedBy: 'ops' })).status).toBe(409);

  t.sim.state.faults.reset();
  const retried = await t.api.post(`/api/v1/orders/${id}/integration/retry`).send({ requestedBy: 'ops' });
  expect(retried.status).toBe(200);
  expect(integrationHold(retried.body)).toMatchObject({ releasedBy: 'ops' });
  await eventually(async () => expect((await order(id)).status).toBe('delivered'));
  expect((await order(id)).timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['needs_attention', 'integration_retried', 'labels_created']));
});

test('an ERP outage: the operator skips the sales order with a reason and the order ships', async () => {
  t.sim.state.faults.apply({ erp: { failureRate: 1, status: 503 } });
  const sku = await createSku(t.hub.db, { 'WH-WEST': 3 });
  const id = (await t.api.post('/api/v1/orders').send(orderPayload({ sku }))).body.orderId as string;
  await eventually(async () => expect((await order(id)).status).toBe('needs_attention'), 30_000);
  expect(integrationHold(await order(id))!.note).toMatch(/^ERP: ERP sales order failed/);
  expect((await t.api.post(`/api/v1/orders/${id}/integration/retry`).send({ requestedBy: 'ops', step: 'nope' })).status).toBe(409);
  const skipped = await t.api.post(`/api/v1/orders/${id}/integration/skip`).send({ requestedBy: 'ops', step: 'ERP sales order', reason: 'entered in the ERP by hand' });
  expect(skipped.status).toBe(200);
  t.sim.state.faults.reset();
  await eventually(async () => expect((await order(id)).status).toBe('delivered'));
  const skippedEvent = (await order(id)).timeline.find((e: { type: string }) => e.type === 'integration_skipped');
  expect(skippedEvent.message).toBe('ERP sales order skipped by ops: entered in the ERP by hand');
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
