/**
 * Label buying and channel calls carry the order's sales channel as task queue fairness key
 * (src/workflows/order/activityStubs.ts), read back from the scheduled activity tasks in the
 * order's history as the server received them.
 */
import type { temporal } from '@temporalio/proto';
import { createSku, eventually, orderPayload } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ carrierDispatchDelayMs: 100, carrierDeliveryDelayMs: 100 });
});
afterAll(() => t?.stop());

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

test("a delivered order's label purchase and channel confirmation carry its channel as fairness key, within its priority class", async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 1 });
  const payload = orderPayload({ sku });
  const res = await t.api.post('/api/v1/orders').send(payload);
  expect(res.status).toBe(202);
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${res.body.orderId}`)).body.status).toBe('delivered'));

  const { events } = await t.hub.temporal.workflow.getHandle(`order:${payload.channel}:${payload.externalId}`).fetchHistory();
  const scheduled = (events ?? []).map((e: HistoryEvent) => e.activityTaskScheduledEventAttributes).filter((a) => !!a);
  const priorityOf = (name: string) => {
    const attrs = scheduled.find((a) => a.activityType?.name === name);
    expect(attrs).toBeDefined();
    return { queue: attrs!.taskQueue?.name, fairnessKey: attrs!.priority?.fairnessKey || undefined, priorityKey: attrs!.priority?.priorityKey || undefined };
  };
  expect(priorityOf('carrierCreateShipment')).toEqual({ queue: `${t.taskQueue}-fulfillment`, fairnessKey: payload.channel, priorityKey: 3 });
  expect(priorityOf('channelConfirmFulfillment')).toEqual({ queue: `${t.taskQueue}-channel`, fairnessKey: payload.channel, priorityKey: undefined });
  // The ERP is one partner for every channel: no fairness key there.
  expect(priorityOf('erpCreateSalesOrder').fairnessKey).toBeUndefined();
});
