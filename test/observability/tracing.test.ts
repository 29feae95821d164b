/**
 * One order, one trace (issue 16 part 6): with tracing on (an in-memory exporter in place of the
 * OTLP one), the API request's span is the root of a chain through the Temporal client's call,
 * the workflow run, the activity's scheduling and execution, down to the partner's HTTP call,
 * all sharing one trace id. The worker loads the traced workflow bundle, so the recorded
 * histories must replay with it too (turning tracing on is replay-safe).
 */
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTracing } from '../../src/observability/tracing';
import { createSku, eventually, orderPayload } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

const exporter = new InMemorySpanExporter();
let t: TestHub;
beforeAll(async () => {
  await startTracing({ serviceName: 'orderhub-test', exporter });
  t = await startTestHub({ carrierDispatchDelayMs: 100, carrierDeliveryDelayMs: 100 });
}, 120_000);
afterAll(() => t?.stop());

const spanId = (s: ReadableSpan) => s.spanContext().spanId;

/** The chain from `leaf` up to its root, leaf first, as span names. */
function ancestry(spans: ReadableSpan[], leaf: ReadableSpan): string[] {
  const byId = new Map(spans.map((s) => [spanId(s), s]));
  const names: string[] = [];
  for (let s: ReadableSpan | undefined = leaf; s; s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined) names.push(s.name);
  return names;
}

test('an order creates one connected trace: API span -> workflow start -> RunWorkflow -> activity -> partner call', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 1 });
  const payload = orderPayload({ sku });
  const res = await t.api.post('/api/v1/orders').send(payload);
  expect(res.status).toBe(202);
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${res.body.orderId}`)).body.status).toBe('delivered'));

  // The workflow's own span ends with the workflow, and comes out of the sandbox through a sink.
  const spans = await eventually(async () => {
    const all = exporter.getFinishedSpans();
    const root = all.find((s) => s.name === 'POST /api/v1/orders' && !s.parentSpanId);
    expect(root).toBeDefined();
    const trace = all.filter((s) => s.spanContext().traceId === root!.spanContext().traceId);
    expect(trace.map((s) => s.name)).toContain('RunWorkflow:orderWorkflow');
    return trace;
  });
  const names = spans.map((s) => s.name);
  const erpCall = spans.find((s) => s.name === 'erp POST /sales-orders');
  expect({ erpCall: erpCall?.name, names }).toEqual({ erpCall: 'erp POST /sales-orders', names });
  // The partner call, its activity's run and scheduling, the workflow run, the starter's workflow start (kicked by the accepting request), the request.
  expect(ancestry(spans, erpCall!)).toEqual([
    'erp POST /sales-orders',
    'RunActivity:erpCreateSalesOrder',
    'StartActivity:erpCreateSalesOrder',
    'RunWorkflow:orderWorkflow',
    'StartWorkflow:orderWorkflow',
    'POST /api/v1/orders',
  ]);
  // Label buying and the channel's confirmation are in the same trace.
  expect(names).toEqual(expect.arrayContaining(['RunActivity:carrierCreateShipment', 'RunActivity:channelConfirmFulfillment']));
  expect(names).toContain('carrier POST /shipments');
}, 120_000);
