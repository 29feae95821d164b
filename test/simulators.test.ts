import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import express from 'express';
import request from 'supertest';
import {
  createSimulatorApp,
  createSimulatorState,
  faultConfigFromEnv,
  startSimulators,
  type CallRecord,
  type CarrierShipment,
  type SimulatorStateOptions,
} from '../src/simulators';
import { HubEventSender } from '../src/simulators/hubEventSender';
import { TimerRegistry } from '../src/simulators/timers';

function simulator(options?: SimulatorStateOptions) {
  const state = createSimulatorState(options);
  return { state, app: createSimulatorApp(state) };
}

const salesOrder = {
  orderId: 'ord-1',
  channel: 'webstore',
  externalId: 'WS-1001',
  currency: 'EUR',
  total: '41.98',
  lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: '20.99' }],
  customer: { email: 'ada@example.com', name: 'Ada' },
};

const shipment = {
  orderId: 'ord-1',
  shipmentId: 'shp-1',
  service: 'standard',
  from: { locationId: 'WH-1', country: 'DE' },
  to: { name: 'Ada', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
  items: [{ sku: 'SKU-1', quantity: 2 }],
};

async function calls(app: express.Express, query = ''): Promise<CallRecord[]> {
  const res = await request(app).get(`/admin/calls${query}`).expect(200);
  return res.body.calls as CallRecord[];
}

describe('partner endpoints', () => {
  it('answers health checks', async () => {
    const { app } = simulator();
    await request(app).get('/healthz').expect(200, { ok: true });
  });

  it('rejects calls without an Idempotency-Key and journals them', async () => {
    const { app } = simulator();
    const res = await request(app).post('/erp/sales-orders').send(salesOrder).expect(400);
    expect(res.body).toEqual({ error: 'missing Idempotency-Key header' });
    const [call] = await calls(app);
    expect(call).toMatchObject({ system: 'erp', operation: 'createSalesOrder', status: 400, idempotencyKey: null });
  });

  it('replays the first response for a repeated key and marks it duplicate', async () => {
    const { app } = simulator();
    const first = await request(app).post('/erp/sales-orders').set('Idempotency-Key', 'k1').send(salesOrder);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ erpOrderId: 'SO-000001' });

    const repeat = await request(app).post('/erp/sales-orders').set('Idempotency-Key', 'k1').send(salesOrder);
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual({ erpOrderId: 'SO-000001' });

    const other = await request(app).post('/erp/sales-orders').set('Idempotency-Key', 'k2').send(salesOrder);
    expect(other.body).toEqual({ erpOrderId: 'SO-000002' });

    // Same key, different operation: a separate scope.
    const invoice = await request(app).post('/erp/invoices').set('Idempotency-Key', 'k1').send({ orderId: 'ord-1', shipmentId: 'shp-1' });
    expect(invoice.status).toBe(201);
    expect(invoice.body).toEqual({ invoiceId: 'INV-000001' });

    expect((await calls(app)).map((c) => [c.operation, c.duplicate])).toEqual([
      ['createSalesOrder', false],
      ['createSalesOrder', true],
      ['createSalesOrder', false],
      ['createInvoice', false],
    ]);
  });

  it('answers every ERP, CRM and channel operation with its document number', async () => {
    const { app } = simulator();
    const ada = { email: 'ada@example.com', name: 'Ada' };
    const money = { orderId: 'o', amount: '5.00', currency: 'EUR', reason: 'damaged' };
    const cases: Array<[path: string, body: object, status: number, reply: object]> = [
      ['/erp/credit-notes', money, 201, { creditNoteId: 'CN-000001' }],
      ['/erp/sales-orders/o/cancel', { reason: 'customer' }, 200, { orderId: 'o', cancelled: true }],
      ['/crm/customers', ada, 200, { crmCustomerId: 'C-000001' }],
      ['/crm/customers', { ...ada, email: 'ADA@example.com', tier: 'gold' }, 200, { crmCustomerId: 'C-000001' }],
      ['/crm/customers', { email: 'bob@example.com', name: 'Bob' }, 200, { crmCustomerId: 'C-000002' }],
      ['/crm/orders', { orderId: 'o', email: ada.email, total: '1.00', currency: 'EUR', channel: 'pos' }, 201, { crmOrderRef: 'CO-000001' }],
      ['/crm/orders/o/events', { type: 'cancelled', reason: 'customer' }, 201, { ok: true }],
      ['/channels/amazon/orders/A-1/fulfillments', { orderId: 'o', trackingNumber: 'SIM1' }, 201, { fulfillmentId: 'F-000001' }],
      ['/channels/amazon/orders/A-1/refunds', money, 201, { refundId: 'R-000001' }],
      ['/channels/ebay/orders/E-1/cancellations', { orderId: 'o', reason: 'x' }, 201, { cancellationId: 'X-000001' }],
    ];
    for (const [index, [path, body, status, reply]] of cases.entries()) {
      await request(app).post(path).set('Idempotency-Key', `key-${index}`).send(body).expect(status, reply);
    }
  });

  it('rejects invalid bodies with 422 naming the field', async () => {
    const { app } = simulator();
    let keys = 0;
    const post = (path: string, body: object) => request(app).post(path).set('Idempotency-Key', `v${++keys}`).send(body);

    const cases: Array<[string, object, string]> = [
      ['/erp/sales-orders', { ...salesOrder, orderId: undefined }, 'orderId'],
      ['/erp/sales-orders', { ...salesOrder, lines: [] }, 'lines'],
      ['/erp/sales-orders', { ...salesOrder, lines: undefined }, 'lines'],
      ['/erp/sales-orders', { ...salesOrder, lines: [{ sku: 'S', quantity: 1, unitPrice: 20.99 }] }, 'lines[0].unitPrice'],
      ['/carrier/shipments', { ...shipment, shipmentId: undefined }, 'shipmentId'],
      ['/carrier/shipments', { ...shipment, to: { ...shipment.to, country: undefined } }, 'to.country'],
      ['/carrier/shipments', { ...shipment, items: [] }, 'items'],
    ];
    for (const [path, body, field] of cases) {
      const res = await post(path, body);
      expect(res.status).toBe(422);
      expect(res.body.error).toContain(field);
    }

    // A 4xx is a definitive answer, so a retry with the same key gets it again.
    const repeat = await request(app).post('/erp/sales-orders').set('Idempotency-Key', 'v1').send(salesOrder);
    expect(repeat.status).toBe(422);
    expect((await calls(app, '?key=v1')).map((c) => c.duplicate)).toEqual([false, true]);
  });

  it('creates carrier labels, voids them, and refuses to void dispatched parcels', async () => {
    const { app } = simulator();
    const createLabel = (key: string, shipmentId: string) =>
      request(app)
        .post('/carrier/shipments')
        .set('Idempotency-Key', key)
        .send({ ...shipment, shipmentId });

    const label = await createLabel('s1', 'shp-1').expect(201);
    expect(label.body).toMatchObject({ shipmentId: 'shp-1', labelId: 'LBL-000001', carrier: 'simcarrier' });
    expect(label.body.trackingNumber).toMatch(/^SIM\d{10}$/);
    expect(label.body.labelUrl).toMatch(/\/carrier\/labels\/LBL-000001$/);
    const second = await createLabel('s2', 'shp-2').expect(201);
    expect(second.body.trackingNumber).not.toBe(label.body.trackingNumber);

    const voidLabel = (key: string, trackingNumber: string) => request(app).post(`/carrier/shipments/${trackingNumber}/void`).set('Idempotency-Key', key).send({ reason: 'x' });
    await voidLabel('v1', label.body.trackingNumber).expect(200, { trackingNumber: label.body.trackingNumber, voided: true });
    await voidLabel('v2', 'SIM0000000000').expect(404);

    await request(app).post(`/admin/carrier/shipments/${second.body.trackingNumber}/status`).send({ status: 'dispatched' }).expect(200);
    await voidLabel('v3', second.body.trackingNumber).expect(409);

    const listed = await request(app).get('/admin/carrier/shipments').expect(200);
    expect((listed.body.shipments as CarrierShipment[]).map((s) => s.status)).toEqual(['voided', 'dispatched']);
  });

  it('refuses inventory pushes whose sequence is not newer', async () => {
    const { app } = simulator();
    const push = (key: string, body: object) => request(app).put('/channels/webstore/inventory/SKU-1').set('Idempotency-Key', key).send(body);

    await push('p1', { quantity: 7, sequence: 5 }).expect(200, { channel: 'webstore', sku: 'SKU-1', quantity: 7, sequence: 5 });
    await push('p2', { quantity: 3, sequence: 5 }).expect(409, { error: 'stale', storedSequence: 5 });
    await push('p3', { quantity: 3, sequence: 4 }).expect(409, { error: 'stale', storedSequence: 5 });
    await push('p4', { quantity: 2, sequence: 6 }).expect(200);
    await push('p5', { quantity: -1, sequence: 7 }).expect(422);
    await push('p6', { quantity: 1.5, sequence: 7 }).expect(422);

    await request(app).get('/channels/webstore/inventory/SKU-1').expect(200, { channel: 'webstore', sku: 'SKU-1', quantity: 2, sequence: 6, pushes: 2, stalePushes: 2 });
    await request(app).get('/channels/amazon/inventory/SKU-1').expect(404);
  });
});

describe('fault injection', () => {
  it('fails the next n calls without side effects and does not cache the failure', async () => {
    const { app } = simulator();
    await request(app)
      .put('/admin/faults')
      .send({ erp: { failNext: 1, status: 502 } })
      .expect(200);

    const failed = await request(app).post('/erp/sales-orders').set('Idempotency-Key', 'k').send(salesOrder);
    expect(failed.status).toBe(502);
    expect(failed.body).toEqual({ error: 'injected fault' });

    // The retry with the same key is processed, and the fault consumed no document number.
    const retried = await request(app).post('/erp/sales-orders').set('Idempotency-Key', 'k').send(salesOrder);
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual({ erpOrderId: 'SO-000001' });

    // Other systems are unaffected.
    await request(app).post('/crm/customers').set('Idempotency-Key', 'k').send({ email: 'a@b.c', name: 'A' }).expect(200);

    expect((await calls(app, '?system=erp')).map((c) => [c.status, c.faulted, c.duplicate])).toEqual([
      [502, true, false],
      [201, false, false],
    ]);
    const faults = await request(app).get('/admin/faults').expect(200);
    expect(faults.body.erp).toEqual({ failureRate: 0, status: 502, latencyMs: 0, failNext: 0 });
  });

  it('fails by failure rate and adds latency, until reset', async () => {
    const { app } = simulator({ random: () => 0.3 });
    await request(app)
      .put('/admin/faults')
      .send({ channel: { failureRate: 0.5, latencyMs: 30 } })
      .expect(200);

    const started = Date.now();
    const res = await request(app).post('/channels/pos/orders/P-1/fulfillments').set('Idempotency-Key', 'f').send({ orderId: 'o' });
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);

    await request(app)
      .put('/admin/faults')
      .send({ channel: { failureRate: 0.2 } })
      .expect(200);
    const passed = await request(app).post('/channels/pos/orders/P-1/fulfillments').set('Idempotency-Key', 'f').send({ orderId: 'o' });
    expect(passed.status).toBe(201);

    const reset = await request(app).delete('/admin/faults').expect(200);
    expect(reset.body.channel).toEqual({ failureRate: 0, status: 503, latencyMs: 0, failNext: 0 });
  });

  it('validates fault updates', async () => {
    const { app } = simulator();
    for (const body of [
      { erp: { failureRate: 2 } },
      { erp: { status: 200 } },
      { erp: { latencyMs: -1 } },
      { erp: { failNext: 1.5 } },
      { mainframe: { failureRate: 0 } },
      { erp: { failurerate: 0.1 } },
    ]) {
      const res = await request(app).put('/admin/faults').send(body);
      expect(res.status).toBe(400);
      expect(typeof res.body.error).toBe('string');
    }
  });

  it('reads fault config from the environment', () => {
    expect(
      faultConfigFromEnv({
        SIM_FAULTS: '{"erp":{"failureRate":0.1,"status":500},"crm":{"failNext":2}}',
        SIM_ERP_FAILURE_RATE: '0.25',
        SIM_CARRIER_LATENCY_MS: '40',
        SIM_CHANNEL_FAILURE_STATUS: '429',
      }),
    ).toEqual({
      erp: { failureRate: 0.25, status: 500 },
      crm: { failNext: 2 },
      carrier: { latencyMs: 40 },
      channel: { status: 429 },
    });
    expect(() => faultConfigFromEnv({ SIM_CRM_FAILURE_RATE: '1.5' })).toThrow('crm.failureRate');
    expect(() => faultConfigFromEnv({ SIM_FAULTS: '{nope' })).toThrow('SIM_FAULTS');
  });
});

describe('admin journal', () => {
  it('filters calls and clears the journal but not the idempotency store', async () => {
    const { app } = simulator();
    const post = (path: string, key: string, body: object) => request(app).post(path).set('Idempotency-Key', key).send(body);
    await post('/erp/sales-orders', 'so-a', { ...salesOrder, orderId: 'A' });
    await post('/erp/sales-orders', 'so-b', { ...salesOrder, orderId: 'B' });
    await post('/erp/sales-orders/A/cancel', 'cancel-a', { reason: 'x' });
    await post('/crm/orders/A/events', 'evt-a', { type: 'cancelled' });
    await post('/crm/customers', 'cust', { email: 'a@b.c', name: 'A' });

    expect((await calls(app, '?orderId=A')).map((c) => c.operation)).toEqual(['createSalesOrder', 'cancelSalesOrder', 'recordOrderEvent']);
    expect((await calls(app, '?system=crm')).map((c) => c.operation)).toEqual(['recordOrderEvent', 'upsertCustomer']);
    expect((await calls(app, '?system=erp&operation=createSalesOrder')).length).toBe(2);
    const [byKey] = await calls(app, '?key=so-b');
    expect(byKey).toMatchObject({
      seq: 2,
      system: 'erp',
      operation: 'createSalesOrder',
      method: 'POST',
      path: '/erp/sales-orders',
      idempotencyKey: 'so-b',
      body: { orderId: 'B' },
      status: 201,
      response: { erpOrderId: 'SO-000002' },
      duplicate: false,
      faulted: false,
    });
    expect(new Date(byKey!.at).toISOString()).toBe(byKey!.at);

    await request(app).delete('/admin/calls').expect(204);
    expect(await calls(app)).toEqual([]);

    const repeat = await post('/erp/sales-orders', 'so-a', { ...salesOrder, orderId: 'A' }).expect(201);
    expect(repeat.body).toEqual({ erpOrderId: 'SO-000001' });
    expect((await calls(app)).map((c) => [c.seq, c.duplicate])).toEqual([[6, true]]);
  });
});

describe('startSimulators carrier auto-advance', () => {
  const received: Array<{ trackingNumber: string; type: string; at: string }> = [];
  let hubServer: http.Server;
  let hubUrl: string;
  let hubFailuresLeft = 1;

  beforeAll(async () => {
    const hub = express();
    hub.use(express.json());
    hub.post('/api/v1/carrier/events', (req, res) => {
      // The first event meets a hub hiccup, so the carrier must retry it.
      if (hubFailuresLeft > 0) {
        hubFailuresLeft -= 1;
        res.status(503).json({ error: 'busy' });
        return;
      }
      received.push(req.body);
      res.status(202).json({ ok: true });
    });
    hubServer = http.createServer(hub);
    await new Promise<void>((resolve) => hubServer.listen(0, '127.0.0.1', resolve));
    hubUrl = `http://127.0.0.1:${(hubServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      hubServer.close(() => resolve());
      hubServer.closeAllConnections();
    });
  });

  async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for condition');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('reports dispatched then delivered to the hub, and never dispatches a voided label', async () => {
    const simulators = await startSimulators({
      port: 0,
      hubUrl,
      // Long enough for the void below to land first on a loaded 2-core CI machine (50 ms was not).
      carrierDispatchDelayMs: 1_000,
      carrierDeliveryDelayMs: 50,
    });
    try {
      expect(simulators.url).toBe(`http://127.0.0.1:${simulators.port}`);
      const client = axios.create({ baseURL: simulators.url, validateStatus: () => true });
      const post = (path: string, key: string, body: object) => client.post(path, body, { headers: { 'Idempotency-Key': key } });

      const kept = await post('/carrier/shipments', 'a', { ...shipment, shipmentId: 'keep' });
      const voided = await post('/carrier/shipments', 'b', { ...shipment, shipmentId: 'void' });
      // A duplicate must not schedule a second parcel.
      await post('/carrier/shipments', 'a', { ...shipment, shipmentId: 'keep' });
      expect(kept.status).toBe(201);
      expect((await post(`/carrier/shipments/${voided.data.trackingNumber}/void`, 'v', {})).status).toBe(200);

      await waitFor(() => received.length >= 2, 10_000);
      // Give a wrongly scheduled dispatch of the voided label time to show up.
      await new Promise((resolve) => setTimeout(resolve, 150));

      expect(received.map((e) => [e.trackingNumber, e.type])).toEqual([
        [kept.data.trackingNumber, 'dispatched'],
        [kept.data.trackingNumber, 'delivered'],
      ]);
      expect(new Date(received[0]!.at).toISOString()).toBe(received[0]!.at);

      const listed = await client.get('/admin/carrier/shipments');
      const byId = new Map((listed.data.shipments as CarrierShipment[]).map((s) => [s.shipmentId, s]));
      expect(byId.get('keep')?.status).toBe('delivered');
      expect(byId.get('keep')?.hubNotifications.map((n) => [n.type, n.outcome, n.attempts])).toEqual([
        ['dispatched', 'accepted', 2],
        ['delivered', 'accepted', 1],
      ]);
      expect(byId.get('void')?.status).toBe('voided');
    } finally {
      await simulators.stop();
    }
  });

  it('moves a return label (issue 18) like an outbound parcel, reporting the return id as the shipment reference', async () => {
    received.length = 0;
    const simulators = await startSimulators({ port: 0, hubUrl, carrierDispatchDelayMs: 50, carrierDeliveryDelayMs: 50 });
    try {
      const client = axios.create({ baseURL: simulators.url, validateStatus: () => true });
      const returnId = 'ret_0000000000aaaaaaaaaaaaaaaa';
      const label = await client.post(
        '/carrier/shipments',
        { ...shipment, shipmentId: returnId, service: 'return', direction: 'return', from: { country: 'US' }, to: { locationId: 'WH-EAST', country: 'US' } },
        { headers: { 'Idempotency-Key': 'ret-a' } },
      );
      expect(label.status).toBe(201);
      expect((await client.post('/carrier/shipments', { ...shipment, direction: 'sideways' }, { headers: { 'Idempotency-Key': 'ret-b' } })).status).toBe(400);
      await waitFor(() => received.length >= 2, 10_000);
      expect(received.map((e) => [e.trackingNumber, (e as { shipmentId?: string }).shipmentId, e.type])).toEqual([
        [label.data.trackingNumber, returnId, 'dispatched'],
        [label.data.trackingNumber, returnId, 'delivered'],
      ]);
      const listed = await client.get('/admin/carrier/shipments');
      expect((listed.data.shipments as CarrierShipment[]).find((s) => s.shipmentId === returnId)).toMatchObject({ direction: 'return', status: 'delivered' });
    } finally {
      await simulators.stop();
    }
  });
});

describe('carrier event sender', () => {
  /** A stand-in hub answering the given statuses in turn (then 202). */
  async function fakeHub(answers: { status: number; body: unknown }[]) {
    const seen: number[] = [];
    const app = express();
    app.post('/api/v1/carrier/events', (_req, res) => {
      const next = answers.shift() ?? { status: 202, body: { accepted: true } };
      seen.push(next.status);
      res.status(next.status).json(next.body);
    });
    const server = await new Promise<http.Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise((r) => server.close(r)) };
  }
  const event = { trackingNumber: 'TRK-1', shipmentId: 'shp-1', type: 'delivered' as const, at: new Date().toISOString() };

  test('retries while the hub says the idempotency key is in use (an earlier try died with its API process), then delivers', async () => {
    const hub = await fakeHub([
      { status: 409, body: { error: 'idempotency_key_in_use' } },
      { status: 429, body: { error: 'rate_limited' } },
      { status: 409, body: { error: 'idempotency_key_in_use' } },
    ]);
    const sender = new HubEventSender({ hubUrl: hub.url, timers: new TimerRegistry(), log: () => undefined, initialBackoffMs: 5 });
    try {
      await expect(sender.send(event)).resolves.toEqual({ outcome: 'accepted', attempts: 4, lastStatus: 202 });
      expect(hub.seen).toEqual([409, 429, 409, 202]);
    } finally {
      await hub.close();
    }
  });

  test('gives up at once on any other 4xx', async () => {
    const hub = await fakeHub([{ status: 409, body: { error: 'invalid_state' } }]);
    const sender = new HubEventSender({ hubUrl: hub.url, timers: new TimerRegistry(), log: () => undefined, initialBackoffMs: 5 });
    try {
      await expect(sender.send(event)).resolves.toEqual({ outcome: 'rejected', attempts: 1, lastStatus: 409 });
    } finally {
      await hub.close();
    }
  });
});
