/**
 * The Temporal UI's event list reads as the order's story: every activity the order schedules and
 * the timers it waits on carry a one-line summary (src/workflows/order/summaries.ts), read back
 * here from the workflow's history as the UI reads it (user metadata of the scheduling events).
 */
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { createSku, eventually, orderPayload } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ carrierDispatchDelayMs: 100, carrierDeliveryDelayMs: 100 });
});
afterAll(() => t?.stop());

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const summaryOf = (e: HistoryEvent) => (e.userMetadata?.summary ? (defaultPayloadConverter.fromPayload(e.userMetadata.summary) as string) : undefined);

async function history(workflowId: string): Promise<HistoryEvent[]> {
  const { events } = await t.hub.temporal.workflow.getHandle(workflowId).fetchHistory();
  return events ?? [];
}

test('each activity of a delivered order carries a summary, the label purchase naming its parcel', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 3 });
  const payload = orderPayload({ sku, quantity: 2 });
  const res = await t.api.post('/api/v1/orders').send(payload);
  expect(res.status).toBe(202);
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${res.body.orderId}`)).body.status).toBe('delivered'));

  const scheduled = (await history(`order:webstore:${payload.externalId}`)).filter((e) => e.activityTaskScheduledEventAttributes);
  expect(scheduled.length).toBeGreaterThan(5);
  const lines = scheduled.map((e) => ({ activity: e.activityTaskScheduledEventAttributes!.activityType!.name, summary: summaryOf(e) }));
  for (const line of lines) expect(line).toEqual({ activity: line.activity, summary: expect.any(String) });
  const summaries = lines.map((l) => l.summary);
  expect(summaries).toContain(`ERP: create sales order for webstore order ${payload.externalId}`);
  expect(summaries).toContain('buy label for parcel WH-EAST (2 items), standard');
  expect(summaries).toContain('webstore: confirm shipment of parcel WH-EAST (2 items) for ' + payload.externalId);
  // Nothing personal: the customer's name and address stay out of the event list.
  expect(JSON.stringify(summaries)).not.toMatch(/Grace|Navy Way/);
});

test('an unpaid order waits on a timer that says what it waits for, and until when', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 1 });
  const payload = orderPayload({ sku, paid: false });
  const res = await t.api.post('/api/v1/orders').send(payload);
  const timer = await eventually(async () => {
    const started = (await history(`order:webstore:${payload.externalId}`)).filter((e) => e.timerStartedEventAttributes).map(summaryOf);
    const waiting = started.find((s) => s?.startsWith('wait for payment until '));
    expect(waiting).toBeDefined();
    return waiting!;
  });
  // PAYMENT_TIMEOUT of the test hub: 24 h from now, as a UTC minute.
  const until = Date.parse(`${timer.slice('wait for payment until '.length, -' UTC'.length).replace(' ', 'T')}:00Z`);
  expect(Math.abs(until - (Date.now() + 24 * 3_600_000))).toBeLessThan(5 * 60_000);
  expect((await t.api.post(`/api/v1/orders/${res.body.orderId}/cancel`).send({ reason: 'test done' })).status).toBe(200);
});
