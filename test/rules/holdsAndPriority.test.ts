import { createSku, eventually, orderPayload } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

// Default rules (src/domain/rules/defaults.ts): fraud review above 500.00, an address hold when the
// address is incomplete, a payment hold while unpaid, VIP and next-day orders first.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ carrierDispatchDelayMs: 100, carrierDeliveryDelayMs: 100, holdSlaMs: { manual: 1_500 } });
});
afterAll(() => t?.stop());

type Hold = { reason: string; releasedAt: string | null; releasedBy: string | null; placedBy: string; escalated: boolean };
const order = async (orderId: string) => (await t.api.get(`/api/v1/orders/${orderId}`)).body;
const openHolds = (o: { holds: Hold[] }) => o.holds.filter((h) => h.releasedAt === null).map((h) => h.reason);
const place = async (payload: object) => (await t.api.post('/api/v1/orders').send(payload)).body.orderId as string;
const findByQuery = async (query: string): Promise<string[]> => {
  const ids: string[] = [];
  for await (const wf of t.hub.temporal.workflow.list({ query })) ids.push(wf.workflowId);
  return ids;
};

test('the fraud threshold is in US dollars: a 1,000,000 VND order (about 40 USD) is not held for review', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
  const id = await place({ ...orderPayload({ sku, unitPrice: '1000000', shippingPrice: '0' }), currency: 'VND' });
  const evaluated = await eventually(async () => {
    const o = await order(id);
    const evaluation = o.timeline.find((e: { type: string }) => e.type === 'rules_evaluated');
    expect(evaluation).toBeDefined();
    return { o, evaluation };
  });
  expect(evaluated.evaluation.data.matched.map((m: { ruleId: string }) => m.ruleId)).not.toContain('fraud-review');
  expect(openHolds(evaluated.o)).toEqual([]);
});

test('actors are API keys, never the body: a hold claiming to be a rule is refused; a key-placed hold survives re-evaluation', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
  const id = await place(orderPayload({ sku, paid: false }));
  const ops = t.as(t.keys.ops);
  // "rule:x" made the rules engine release an operator's hold at the next evaluation.
  const spoofed = await eventually(async () => {
    const res = await ops.post(`/api/v1/orders/${id}/holds`).send({ reason: 'manual', placedBy: 'rule:x' });
    expect(res.status).not.toBe(409); // the first rule decision is not made yet
    return res;
  });
  expect(spoofed.status).toBe(400);
  expect(spoofed.body.fields).toEqual([{ field: 'body.placedBy', message: expect.stringMatching(/API key/) }]);

  const placed = await ops.post(`/api/v1/orders/${id}/holds`).send({ reason: 'manual', note: 'customer called' });
  expect(placed.status).toBe(200);
  expect(placed.body.holds.find((h: Hold) => h.reason === 'manual')).toMatchObject({ placedBy: 'test-ops', releasedAt: null });
  const rerun = await ops.post(`/api/v1/orders/${id}/rules/evaluate`).send({ useLatestRules: true });
  expect(rerun.status).toBe(200);
  expect(openHolds(rerun.body)).toContain('manual');
  expect(rerun.body.timeline.map((e: { message: string }) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/requested by test-ops/)]));

  for (const body of [{ releasedBy: 'someone else' }, { requestedBy: 'x' }, { changedBy: 'x' }]) {
    const refused = await t.api.post(`/api/v1/orders/${id}/holds/manual/release`).send(body);
    expect([refused.status, refused.body.fields?.[0]?.field]).toEqual([400, `body.${Object.keys(body)[0]}`]);
  }
  const released = await t.api.post(`/api/v1/orders/${id}/holds/manual/release`).send({ note: 'checked' });
  expect(released.status).toBe(200);
  expect(released.body.holds.find((h: Hold) => h.reason === 'manual')).toMatchObject({ releasedBy: 'test-admin' });
  const cancelled = await ops.post(`/api/v1/orders/${id}/cancel`).send({ reason: 'customer asked' });
  expect(cancelled.status).toBe(200);
  const cancelEvent = cancelled.body.timeline.find((e: { type: string }) => e.type === 'cancelled');
  expect(JSON.stringify(cancelEvent)).toContain('test-ops');
});

test('fraud hold: an order over the threshold goes on_hold for fraud_review and ships only after an operator releases it', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
  const payload = orderPayload({ sku, unitPrice: '600.00' });
  const id = await place(payload);
  const held = await eventually(async () => {
    const o = await order(id);
    expect(o.status).toBe('on_hold');
    return o;
  });
  expect(openHolds(held)).toEqual(['fraud_review']);
  expect(held.holds[0]).toMatchObject({ placedBy: 'rule:fraud-review' });
  expect(held.shipments).toEqual([]);
  const evaluation = held.timeline.find((e: { type: string }) => e.type === 'rules_evaluated');
  expect(evaluation.data.matched.map((m: { ruleId: string }) => m.ruleId)).toContain('fraud-review');
  expect(evaluation.data.holdsPlaced).toEqual(['fraud_review']);

  // The operator's query in the Temporal UI finds it.
  await eventually(async () => expect(await findByQuery(`HoldReasons = 'fraud_review' AND ExternalOrderId = '${payload.externalId}'`)).toEqual([held.workflowId]));

  await new Promise((r) => setTimeout(r, 1_000));
  expect((await order(id)).status).toBe('on_hold');
  const released = await t.api.post(`/api/v1/orders/${id}/holds/fraud_review/release`).send({ note: 'customer verified' });
  expect(released.status).toBe(200);
  expect(released.body.holds[0]).toMatchObject({ reason: 'fraud_review', releasedBy: 'test-admin' });
  await eventually(async () => expect((await order(id)).status).toBe('delivered'));
  // Released by an operator, never placed again by a later evaluation.
  expect(openHolds(await order(id))).toEqual([]);
});

test('address hold: a missing postal code holds the order; a correction through the API releases it and the order ships', async () => {
  const sku = await createSku(t.hub.db, { 'WH-WEST': 2 });
  const payload = orderPayload({ sku });
  const { postalCode: _dropped, ...address } = payload.shippingAddress;
  const id = await place({ ...payload, shippingAddress: address });
  await eventually(async () => expect((await order(id)).status).toBe('on_hold'));
  expect(openHolds(await order(id))).toEqual(['address']);

  const bad = await t.api.put(`/api/v1/orders/${id}/shipping-address`).send({ address: { ...address, country: 'usa' } });
  expect(bad.status).toBe(400);
  expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain('body.address.country');

  const fixed = await t.api.put(`/api/v1/orders/${id}/shipping-address`).send({ address: { ...address, postalCode: '22202' } });
  expect(fixed.status).toBe(200);
  expect(fixed.body.shippingAddress.postalCode).toBe('22202');
  expect(fixed.body.holds.find((h: Hold) => h.reason === 'address')).toMatchObject({ releasedBy: 'rules' });
  await eventually(async () => expect((await order(id)).status).toBe('delivered'));
  const types = (await order(id)).timeline.map((e: { type: string }) => e.type);
  expect(types).toEqual(expect.arrayContaining(['address_corrected', 'rules_evaluated', 'on_hold']));
});

test('manual holds: placed and released by operators, escalated past their SLA; payment holds resolve by themselves', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 2 });
  const payload = orderPayload({ sku, paid: false });
  const id = await place(payload);
  await eventually(async () => expect((await order(id)).status).toBe('awaiting_payment'));
  expect(openHolds(await order(id))).toEqual(['payment']);
  // One channel's unpaid orders, as an operator finds them.
  await eventually(async () =>
    expect(await findByQuery(`OrderChannel = 'webstore' AND OrderStatus = 'awaiting_payment' AND ExternalOrderId = '${payload.externalId}'`)).toHaveLength(1),
  );

  const badReason = await t.api.post(`/api/v1/orders/${id}/holds`).send({ reason: 'vibes' });
  expect(badReason.status).toBe(400);
  expect(badReason.body.fields[0].field).toBe('body.reason');
  expect((await t.api.post(`/api/v1/orders/${id}/holds/payment/release`).send({})).status).toBe(409);
  expect((await t.api.post(`/api/v1/orders/${id}/holds/manual/release`).send({})).status).toBe(409);

  const placed = await t.api.post(`/api/v1/orders/${id}/holds`).send({ reason: 'manual', note: 'customer called' });
  expect(placed.status).toBe(200);
  expect(openHolds(placed.body).sort()).toEqual(['manual', 'payment']);
  expect((await t.api.post(`/api/v1/orders/${id}/holds`).send({ reason: 'manual' })).status).toBe(409);

  // The manual hold's SLA here is 1.5 s: it escalates (event, search attribute, metric).
  await eventually(async () => expect((await order(id)).holds.find((h: Hold) => h.reason === 'manual').escalated).toBe(true));
  await eventually(async () => expect(await findByQuery(`EscalatedHolds = 'manual' AND ExternalOrderId = '${payload.externalId}'`)).toHaveLength(1));

  const total = (await order(id)).total;
  await t.api.post(`/api/v1/orders/${id}/payment`).send({ amount: total, currency: 'USD', reference: 'pay-1' });
  await eventually(async () => expect((await order(id)).status).toBe('on_hold'));
  expect(openHolds(await order(id))).toEqual(['manual']);
  expect((await order(id)).holds.find((h: Hold) => h.reason === 'payment')).toMatchObject({ releasedBy: 'rules' });
  expect((await t.api.post(`/api/v1/orders/${id}/holds/manual/release`).send({})).status).toBe(200);
  await eventually(async () => expect((await order(id)).status).toBe('delivered'));
  expect((await t.api.post(`/api/v1/orders/${id}/holds`).send({ reason: 'manual' })).status).toBe(409);
});

test('a cancelled order leaves no open hold behind', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 1 });
  const id = await place(orderPayload({ sku, unitPrice: '700.00' }));
  await eventually(async () => expect((await order(id)).status).toBe('on_hold'));
  expect((await t.api.post(`/api/v1/orders/${id}/cancel`).send({ reason: 'fraud confirmed' })).status).toBe(200);
  const cancelled = await order(id);
  expect(cancelled.status).toBe('cancelled');
  expect(openHolds(cancelled)).toEqual([]);
  expect(cancelled.holds[0]).toMatchObject({ reason: 'fraud_review', releasedBy: 'system' });
});
