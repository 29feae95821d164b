// Label buying by priority on a real server: a backlog of standard orders on the fulfillment queue,
// then urgent ones (VIP, next day). The fulfillment workers must take the urgent labels before the
// standard labels that were already waiting. On a Temporal server this holds only with the dynamic
// config compose ships (new matcher, one partition for the fulfillment queue).
import { WorkflowNotFoundError } from '@temporalio/client';
import { placeOrders, type ClientStats, type PlacedOrder } from './driver';
import { sleep, type Harness } from './stack';

const LABEL = 'carrierCreateShipment';

export interface PriorityProbeResult {
  orders: PlacedOrder[];
  figures: Record<string, number>;
  failures: string[];
}

/**
 * `count` orders: all but `urgent` of them standard, placed first; once at least half of those wait
 * for their label, the urgent ones. The carrier answers every call after `latencyMs`, so labels
 * are bought slowly and the queue really has a backlog. Judged from each urgent order's history
 * (when its label task was scheduled) and the labels' times in the database.
 */
export async function priorityProbe(
  h: Harness,
  ctx: { sku: string; runId: string; stats: ClientStats; log: (msg: string) => void },
  opts: { count: number; urgent: number; latencyMs: number },
): Promise<PriorityProbeResult> {
  const figures: Record<string, number> = {};
  const failures: string[] = [];
  h.sim.state.faults.apply({ carrier: { latencyMs: opts.latencyMs } });
  try {
    const standard = await placeOrders(h, ctx.stats, { count: opts.count - opts.urgent, sku: ctx.sku, runId: `${ctx.runId}-std`, concurrency: 8 });
    figures.priorityBacklogBeforeUrgent = await untilWaitingForLabels(h, standard, Math.ceil(standard.length / 2));
    const urgent = await placeOrders(h, ctx.stats, { count: opts.urgent, sku: ctx.sku, runId: `${ctx.runId}-vip`, concurrency: opts.urgent, urgent: true });
    ctx.log(`priority probe: ${urgent.length} urgent orders placed behind ${figures.priorityBacklogBeforeUrgent} standard labels`);
    const all = [...standard, ...urgent];
    await untilLabelled(h, all, 120_000);
    const labelledAt = await labelTimes(h, all);
    for (const [i, o] of urgent.entries()) {
      const row = await h.db.order.findUniqueOrThrow({ where: { id: o.orderId }, select: { workflowId: true, priorityClass: true } });
      if (row.priorityClass !== 'urgent') failures.push(`priority probe: order ${o.orderId} is ${row.priorityClass}, expected urgent`);
      const scheduled = await labelScheduledAt(h, row.workflowId);
      const mine = labelledAt.get(o.orderId)!;
      // A standard label finished later than one carrier call after the urgent task was queued was still waiting then.
      const waiting = standard.filter((s) => labelledAt.get(s.orderId)! > scheduled + opts.latencyMs + 500);
      const overtook = waiting.filter((s) => labelledAt.get(s.orderId)! < mine).length;
      figures[`priorityStandardWaiting${i + 1}`] = waiting.length;
      figures[`priorityStandardServedFirst${i + 1}`] = overtook;
      if (waiting.length < 2) failures.push(`priority probe: only ${waiting.length} standard labels waited when urgent order ${i + 1} was queued: no backlog, nothing proven`);
      if (overtook > 1) failures.push(`priority probe: ${overtook} of ${waiting.length} waiting standard labels were bought before urgent order ${i + 1}'s`);
    }
    return { orders: all, figures, failures };
  } finally {
    h.sim.state.faults.apply({ carrier: { latencyMs: 0 } });
  }
}

/** Until `atLeast` of the orders wait with a label activity pending; returns how many did. */
async function untilWaitingForLabels(h: Harness, orders: PlacedOrder[], atLeast: number): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const rows = await h.db.order.findMany({ where: { id: { in: orders.map((o) => o.orderId) } }, select: { workflowId: true } });
    const pending = await Promise.all(rows.map((r) => labelPending(h, r.workflowId)));
    const waiting = pending.filter(Boolean).length;
    if (waiting >= atLeast) return waiting;
    if (Date.now() > deadline) throw new Error(`priority probe: only ${waiting} of ${orders.length} orders waited for a label after 60 s`);
    await sleep(200);
  }
}

/**
 * Whether the order's workflow waits on its label activity. An accepted order's workflow may not be
 * started yet (the starter starts it after the 202): not waiting, rather than an error.
 */
async function labelPending(h: Harness, workflowId: string): Promise<boolean> {
  try {
    const { raw } = await h.temporal.workflow.getHandle(workflowId).describe();
    return raw.pendingActivities?.some((a) => a.activityType?.name === LABEL) ?? false;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

async function untilLabelled(h: Harness, orders: PlacedOrder[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await labelTimes(h, orders)).size < orders.length) {
    if (Date.now() > deadline) throw new Error(`priority probe: not every order had its label within ${timeoutMs} ms`);
    await sleep(500);
  }
}

async function labelTimes(h: Harness, orders: PlacedOrder[]): Promise<Map<string, number>> {
  const events = await h.db.orderEvent.findMany({ where: { orderId: { in: orders.map((o) => o.orderId) }, type: 'labels_created' }, select: { orderId: true, at: true } });
  const first = new Map<string, number>();
  for (const e of events) first.set(e.orderId, Math.min(first.get(e.orderId) ?? Infinity, e.at.getTime()));
  return first;
}

async function labelScheduledAt(h: Harness, workflowId: string): Promise<number> {
  const history = await h.temporal.workflow.getHandle(workflowId).fetchHistory();
  for (const event of history.events ?? []) {
    if (event.activityTaskScheduledEventAttributes?.activityType?.name === LABEL && event.eventTime) {
      return Number(event.eventTime.seconds) * 1000 + Math.floor((event.eventTime.nanos ?? 0) / 1e6);
    }
  }
  throw new Error(`priority probe: ${workflowId} never scheduled ${LABEL}`);
}
