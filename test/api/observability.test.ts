import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { AxiosError, AxiosHeaders } from 'axios';
import type { ActivityExecuteInput } from '@temporalio/worker';
import { createApp, type ApiDeps } from '../../src/api/app';
import { apiKey } from '../../src/api/auth/keys';
import { randomApiKey } from '../../src/api/auth/devKey';
import { cachedDatabaseMetrics } from '../../src/api/metrics/dbMetrics';
import { integrationOutcome } from '../../src/observability/integrationMetrics';
import { startMetricsServer } from '../../src/observability/metricsServer';
import { orderIdFromArgs, orderLogAttributes, rememberOrderId } from '../../src/observability/orderLogContext';
import { requestLogger } from '../../src/observability/requestLogger';
import { createTemporalLogger } from '../../src/observability/temporalLogger';
import { freePort } from '../../src/infra/freePort';
import { projectRoot } from '../../src/infra/paths';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { createSku, eventually, orderPayload } from '../support/fixtures';
import { requireEnv, startTestHub, type TestHub } from '../support/testHub';

/** A pino logger writing parsed JSON lines into an array. */
function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'trace', formatters: { level: (label) => ({ level: label }) } }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
      if (!m) throw new Error(`not a metrics line: ${line}`);
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
      return { name: m[1], labels, value: Number(m[3]) };
    });
}

const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('observability building blocks', () => {
  test('partner call outcomes come from the status class or the transport failure', () => {
    const withStatus = (status: number) =>
      new AxiosError('x', 'ERR_BAD_RESPONSE', undefined, undefined, { status, statusText: '', headers: {}, config: { headers: new AxiosHeaders() }, data: null });
    expect(integrationOutcome()).toBe('success');
    expect(integrationOutcome(withStatus(422))).toBe('client_error');
    expect(integrationOutcome(withStatus(429))).toBe('client_error');
    expect(integrationOutcome(withStatus(503))).toBe('server_error');
    expect(integrationOutcome(new AxiosError('timeout of 5000ms exceeded', AxiosError.ECONNABORTED))).toBe('timeout');
    expect(integrationOutcome(new AxiosError('connect ECONNREFUSED', 'ECONNREFUSED'))).toBe('network_error');
  });

  test('Temporal log entries become JSON lines with workflowId, channel, externalId and the remembered orderId', () => {
    const { log, lines } = memoryLogger();
    const orderId = randomUUID();
    rememberOrderId('order:webstore:WEB:42', orderId);
    const temporal = createTemporalLogger('INFO', log);
    temporal.debug('below TEMPORAL_LOG_LEVEL', { workflowId: 'order:webstore:WEB:42' });
    temporal.warn('Activity failed', { workflowId: 'order:webstore:WEB:42', activityType: 'erpCreateSalesOrder', error: new Error('boom') });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      msg: 'Activity failed',
      workflowId: 'order:webstore:WEB:42',
      activityType: 'erpCreateSalesOrder',
      channel: 'webstore',
      externalId: 'WEB:42',
      orderId,
      err: expect.objectContaining({ message: 'boom' }),
    });
  });

  test('the activity interceptor finds the order ID in the arguments and adds it to log attributes', async () => {
    const orderId = randomUUID();
    expect(orderIdFromArgs([{ orderId, lines: [] }])).toBe(orderId);
    expect(orderIdFromArgs(['webstore', 'EXT-1', orderId])).toBe(orderId);
    expect(orderIdFromArgs(['SKU-1'])).toBeUndefined();
    const ctx = { info: { workflowExecution: { workflowId: 'order:ebay:E-1', runId: 'r' } } } as unknown as Parameters<typeof orderLogAttributes>[0];
    const { inbound, outbound } = orderLogAttributes(ctx);
    await inbound!.execute!({ args: ['ebay', 'E-1', orderId], headers: {} } as unknown as ActivityExecuteInput, async () => undefined);
    expect(outbound!.getLogAttributes!({ activityType: 'channelCancelOrder' }, (a) => a)).toEqual({ activityType: 'channelCancelOrder', orderId });
  });

  test('each API request is one log line with method, path, status, duration and the order ID', async () => {
    const { log, lines } = memoryLogger();
    const app = express().use(requestLogger(log));
    app.get('/api/v1/orders/:orderId', (_req, res) => void res.status(404).json({}));
    await request(app).get('/api/v1/orders/abc-123?x=1');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', msg: 'request', method: 'GET', path: '/api/v1/orders/abc-123', status: 404, orderId: 'abc-123', durationMs: expect.any(Number) }),
    ]);
  });
});

describe('metrics and reports on the running hub', () => {
  let t: TestHub;
  const channel = `obs-${Date.now().toString(36)}-${randomUUID().slice(0, 4)}`;
  const cancelReason = `obs-reason-${randomUUID().slice(0, 8)}`;
  const startedAt = new Date(Date.now() - 60_000);
  let deliveredId: string;
  let cancelledId: string;

  beforeAll(async () => {
    t = await startTestHub({ carrierDispatchDelayMs: 300, carrierDeliveryDelayMs: 300 });
    await t.hub.db.channel.create({ data: { id: channel, name: 'Observability test channel', kind: 'webstore' } });

    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const delivered = await t.api.post('/api/v1/orders').send(orderPayload({ sku, channel }));
    expect(delivered.status).toBe(202);
    deliveredId = delivered.body.orderId;
    const unpaid = await t.api.post('/api/v1/orders').send(orderPayload({ sku, channel, paid: false }));
    cancelledId = unpaid.body.orderId;

    await eventually(async () => expect((await t.api.get(`/api/v1/orders/${deliveredId}`)).body.status).toBe('delivered'));
    await eventually(async () => expect((await t.api.get(`/api/v1/orders/${cancelledId}`)).body.status).toBe('awaiting_payment'));
    const cancel = await t.api.post(`/api/v1/orders/${cancelledId}/cancel`).send({ reason: cancelReason });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
  });
  afterAll(async () => {
    await t?.hub.db.orderHold.deleteMany({ where: { orderId: deliveredId } });
    await t?.stop();
  });

  test('GET /metrics has orders by status, partner call outcomes, hold gauges, time to ship and Temporal worker metrics', async () => {
    await t.hub.db.orderHold.create({
      data: { orderId: deliveredId, reason: 'fraud_review', placedBy: 'test', placedAt: new Date(Date.now() - 120_000), escalatedAt: new Date() },
    });
    const res = await t.api.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const samples = parseMetrics(res.text);

    expect(valueOf(samples, 'orderhub_orders', { channel, status: 'delivered' })).toBe(1);
    expect(valueOf(samples, 'orderhub_orders', { channel, status: 'cancelled' })).toBe(1);
    for (const partner of ['erp', 'crm', 'carrier', 'channel']) {
      expect(valueOf(samples, 'orderhub_integration_calls_total', { partner, outcome: 'success' })).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, 'orderhub_integration_call_duration_seconds_count', { partner })).toBeGreaterThanOrEqual(1);
    }
    expect(valueOf(samples, 'orderhub_holds_open', { reason: 'fraud_review' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'orderhub_holds_escalated_open', { reason: 'fraud_review' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'orderhub_holds_oldest_open_age_seconds', { reason: 'fraud_review' })).toBeGreaterThanOrEqual(119);
    expect(valueOf(samples, 'orderhub_holds_open', { reason: 'address' })).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'orderhub_time_to_ship_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'orderhub_time_to_ship_seconds_bucket', { le: '+Inf' })).toBe(valueOf(samples, 'orderhub_time_to_ship_seconds_count'));
    // The Temporal SDK's own worker metrics, re-exported from its loopback Prometheus listener.
    expect(samples.some((s) => s.name.startsWith('temporal_'))).toBe(true);
    expect(samples.some((s) => s.name.startsWith('temporal_activity_') || s.name.startsWith('temporal_workflow_'))).toBe(true);
  });

  /** The queries behind the database figures (orders by status, holds, webhook inbox, time to ship), among all $queryRaw calls. */
  const figureQueries = (calls: unknown[][]) =>
    calls.filter(([sql]) =>
      /GROUP BY channel_id, status|FROM order_holds WHERE released_at IS NULL|FROM order_status_counts GROUP BY|FROM order_ship_times GROUP BY/.test(
        Array.isArray(sql) ? sql.join('?') : String(sql),
      ),
    ).length;
  const appDeps = (): ApiDeps => ({
    db: t.hub.db,
    temporal: t.hub.temporal,
    taskQueue: t.taskQueue,
    orderOptions: { paymentTimeoutMs: 60_000 },
    stockEvents: { reserved: async () => {}, changed: async () => {} },
    auth: { keys: [apiKey(t.keys.admin, 'admin')], rateLimit: { perMinute: 1_000_000, burst: 1_000_000 } },
  });

  test('many scrapes, at once and one after another, compute the database figures once per interval (15 s by default)', async () => {
    const app = createApp(appDeps()); // its own cache, empty
    const spy = jest.spyOn(t.hub.db, '$queryRaw');
    try {
      const scrapes = [...(await Promise.all(Array.from({ length: 10 }, () => request(app).get('/metrics'))))];
      for (let i = 0; i < 10; i++) scrapes.push(await request(app).get('/metrics'));
      expect(scrapes.map((r) => r.status)).toEqual(new Array(20).fill(200));
      expect(new Set(scrapes.map((r) => valueOf(parseMetrics(r.text), 'orderhub_orders', { channel, status: 'delivered' })))).toEqual(new Set([1]));
      expect(figureQueries(spy.mock.calls)).toBe(4); // one computation: four queries (orders, holds, webhook inbox, time to ship), not eighty
    } finally {
      spy.mockRestore();
    }
  });

  test('METRICS_KEY: /metrics answers only its own key, which opens nothing else; API keys do not open /metrics', async () => {
    const metricsKey = randomApiKey('metrics');
    const app = createApp({ ...appDeps(), metrics: { key: metricsKey } });
    const none = await request(app).get('/metrics');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ error: 'unauthorized', message: expect.stringMatching(/metrics key/) });
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await request(app).get('/metrics').set('Authorization', `Bearer ${t.keys.admin}`)).status).toBe(401);
    expect(
      (
        await request(app)
          .get('/metrics')
          .set('Authorization', `Bearer ${randomApiKey('metrics')}`)
      ).status,
    ).toBe(401);
    const scraped = await request(app).get('/metrics').set('Authorization', `Bearer ${metricsKey}`);
    expect(scraped.status).toBe(200);
    expect(valueOf(parseMetrics(scraped.text), 'orderhub_orders', { channel, status: 'delivered' })).toBe(1);
    expect((await request(app).get('/api/v1/holds').set('Authorization', `Bearer ${metricsKey}`)).status).toBe(401);
  });

  test('a separate metrics port: the API port no longer answers /metrics; the metrics server has the database figures and honours the key', async () => {
    const metricsKey = randomApiKey('metrics');
    const app = createApp({ ...appDeps(), metrics: { onApiPort: false } });
    expect((await request(app).get('/metrics').set('Authorization', `Bearer ${t.keys.admin}`)).status).toBe(404);
    const server = startMetricsServer(0, '127.0.0.1', { extra: [cachedDatabaseMetrics(t.hub.db)], key: metricsKey });
    try {
      const url = `http://127.0.0.1:${await server.port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      const res = await fetch(url, { headers: { authorization: `Bearer ${metricsKey}` } });
      expect(res.status).toBe(200);
      const samples = parseMetrics(await res.text());
      expect(valueOf(samples, 'orderhub_orders', { channel, status: 'delivered' })).toBe(1);
      expect(valueOf(samples, 'orderhub_database_metrics_up')).toBe(1);
    } finally {
      await server.close();
    }
  });

  test('GET /api/v1/reports/summary counts the orders by channel and status, time to ship and cancellations', async () => {
    const res = await t.api.get('/api/v1/reports/summary');
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBe(7 * 24 * 3_600_000);
    expect(res.body.ordersByChannelAndStatus).toEqual(
      expect.arrayContaining([
        { channel, status: 'delivered', count: 1 },
        { channel, status: 'cancelled', count: 1 },
      ]),
    );
    expect(res.body.timeToShip.count).toBeGreaterThanOrEqual(1);
    expect(res.body.timeToShip.medianSeconds).toEqual(expect.any(Number));
    expect(res.body.timeToShip.p95Seconds).toBeGreaterThanOrEqual(res.body.timeToShip.medianSeconds);
    expect(res.body.onTimeShip.shipped).toBeGreaterThanOrEqual(1);
    expect(res.body.onTimeShip.withShipBy).toBeLessThanOrEqual(res.body.onTimeShip.shipped);
    expect(res.body.cancellationsByReason).toEqual(expect.arrayContaining([{ reason: cancelReason, count: 1 }]));
  });

  test('an explicit window selects by the time the hub received the order', async () => {
    const from = startedAt.toISOString();
    const inWindow = await t.api.get('/api/v1/reports/summary').query({ from, to: new Date(Date.now() + 60_000).toISOString() });
    expect(inWindow.status).toBe(200);
    expect(inWindow.body.from).toBe(from);
    expect(inWindow.body.ordersByChannelAndStatus.filter((r: { channel: string }) => r.channel === channel)).toHaveLength(2);

    const before = await t.api.get('/api/v1/reports/summary').query({ to: from });
    expect(before.status).toBe(200);
    expect(before.body.ordersByChannelAndStatus.filter((r: { channel: string }) => r.channel === channel)).toEqual([]);
    expect(before.body.cancellationsByReason.filter((r: { reason: string }) => r.reason === cancelReason)).toEqual([]);
  });

  test('a bad or reversed window is a 400 naming the field', async () => {
    const bad = await t.api.get('/api/v1/reports/summary').query({ from: 'last tuesday' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'query.from' })]);

    const reversed = await t.api.get('/api/v1/reports/summary').query({ from: '2026-11-27T00:00:00Z', to: '2026-11-26T00:00:00Z' });
    expect(reversed.status).toBe(400);
    expect(reversed.body.fields).toEqual([{ field: 'query.from', message: 'must be before to' }]);
  });
});

test('a worker on its own (docker-compose) serves /metrics on METRICS_PORT, with the Temporal SDK metrics, to METRICS_KEY only', async () => {
  const port = await freePort();
  const metricsKey = randomApiKey('metrics');
  const worker = spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      TEMPORAL_TASK_QUEUE: `obs-${randomUUID()}`,
      WORKFLOW_BUNDLE_PATH: requireEnv(STACK_ENV.workflowBundle),
      METRICS_PORT: String(port),
      METRICS_KEY: metricsKey,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  try {
    const text = await eventually(
      async () => {
        expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
        const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${metricsKey}` } });
        const body = await res.text();
        expect(body).toMatch(/^temporal_\w+/m);
        return body;
      },
      60_000,
      500,
    );
    expect(text).toMatch(/^orderhub_process_cpu_seconds_total /m);
    expect(text).toMatch(/^# TYPE orderhub_integration_calls_total counter$/m);
  } finally {
    worker.kill('SIGTERM');
    await exited;
  }
});
