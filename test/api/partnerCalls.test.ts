// GET /api/v1/orders/:orderId/partner-calls: every partner call of an order, one per idempotency key, with attempts and outcome.
import { randomUUID } from 'node:crypto';
import { createSku, eventually, orderPayload } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

let t: TestHub;
beforeAll(async () => {
  // A budget of several attempts even when a loaded machine picks each one up late (at 1.5 s a CI run saw only one).
  t = await startTestHub({ partnerRetry: { initialIntervalMs: 100, maximumIntervalMs: 200, budgetMs: 4_000 } });
});
afterEach(() => t.sim.state.faults.reset());
afterAll(() => t?.stop());

type Call = { system: string; step: string; idempotencyKey: string; attempts: number; outcome: string; lastStatus: number | null; lastError: string | null };
const calls = async (orderId: string): Promise<Call[]> => (await t.as(t.keys.ops).get(`/api/v1/orders/${orderId}/partner-calls`).expect(200)).body.items;

test('an ERP outage shows as the sales order call retried and unavailable; after the operator retry it succeeded', async () => {
  t.sim.state.faults.apply({ erp: { failureRate: 1, status: 503 } });
  const sku = await createSku(t.hub.db, { 'WH-EAST': 3 });
  const id = (await t.api.post('/api/v1/orders').send(orderPayload({ sku })).expect(202)).body.orderId as string;
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${id}`)).body.status).toBe('needs_attention'), 30_000);
  const failed = (await calls(id)).find((c) => c.step === 'erp.sales-order')!;
  expect(failed).toMatchObject({
    system: 'erp',
    idempotencyKey: `${id}:erp.sales-order`,
    outcome: 'unavailable',
    lastStatus: 503,
    lastError: expect.stringMatching(/^erp unavailable/),
  });
  expect(failed.attempts).toBeGreaterThanOrEqual(2);

  t.sim.state.faults.reset();
  await t.api.post(`/api/v1/orders/${id}/integration/retry`).send({}).expect(200);
  // The retry answers once the decision is written; the step itself runs again after it.
  await eventually(async () => {
    const after = (await calls(id)).find((c) => c.step === 'erp.sales-order')!;
    expect(after).toMatchObject({ outcome: 'succeeded', lastStatus: expect.any(Number), attempts: failed.attempts + 1 });
  });
  await eventually(async () => expect((await calls(id)).map((c) => c.system)).toEqual(expect.arrayContaining(['erp', 'crm', 'carrier'])));
});

test('an order that does not exist is a 404; a bad id a 400 naming it', async () => {
  await t.as(t.keys.ops).get(`/api/v1/orders/${randomUUID()}/partner-calls`).expect(404);
  const bad = await t.as(t.keys.ops).get('/api/v1/orders/nope/partner-calls').expect(400);
  expect(bad.body.fields[0].field).toBe('params.orderId');
});
