// What must hold after any chaos scenario, checked against the hub's database, Temporal and the
// simulators' call journal. Used by chaos/run.ts and test/chaos/chaosSubset.test.ts.
import type { Client } from '@temporalio/client';
import type { Db } from '../src/db/prisma';
import type { CallRecord } from '../src/simulators';
import { FINAL_ORDER_STATUSES, type PlacedOrder } from './driver';
import { checkEffects } from './effectInvariants';
import { checkReturnEffects, checkReturnRows, isReturnCall, replacementOrdersOf } from './returnInvariants';
import { restockedUnits, returnWorkflowIds, type PlannedReturn } from './returns';
import { awaitClosedWorkflows } from './visibility';

export interface InvariantInput {
  db: Db;
  temporal: Client;
  taskQueue: string;
  journal: { list(filter?: { system?: string; operation?: string }): CallRecord[] };
  orders: PlacedOrder[];
  /** SKUs the scenario created, with the stock each location started with. */
  skus: { sku: string; perLocation: number }[];
  /** Channel + externalIds the clients used: each must map to exactly one order. */
  channel: string;
  /** How many orders the scenario set out to place; fewer placed fails the run. */
  expectedOrders?: number;
  /** The run's returns (duplicate-events): their workflows are awaited too, their effects and rows checked, their units counted in the stock. */
  returns?: PlannedReturn[];
  /** Bound on the wait for Temporal's visibility to list every order workflow closed (default 60 s). */
  visibilityTimeoutMs?: number;
}

export interface InvariantReport {
  ok: boolean;
  failures: string[];
  figures: Record<string, number>;
}

export async function checkInvariants(input: InvariantInput): Promise<InvariantReport> {
  const failures: string[] = [];
  const fail = (msg: string) => failures.push(msg);
  const ids = input.orders.map((o) => o.orderId);
  const figures: Record<string, number> = { orders: input.orders.length };

  // 0. A run that placed nothing (or less than it meant to) proves nothing: every check below
  // passes vacuously on an empty run.
  const sizeProblem = runSizeProblem(input.orders.length, input.expectedOrders);
  if (sizeProblem) fail(sizeProblem);
  if (input.orders.length === 0) return { ok: false, failures, figures };

  // 1. Temporal: wait until visibility lists every order workflow of the run closed (bounded),
  // so the journal and the database are final too: a workflow closes after its last effect.
  const rows = await input.db.order.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, externalId: true, channelId: true, workflowId: true } });
  const returns = input.returns ?? [];
  const workflowIds = new Set([...rows.map((r) => r.workflowId), ...returns.flatMap(returnWorkflowIds)]);
  const closed = await awaitClosedWorkflows(input.temporal, input.taskQueue, workflowIds, { timeoutMs: input.visibilityTimeoutMs });
  figures.visibilityWaitMs = closed.waitedMs;
  const bad = closed.notCompleted;
  if (bad.length > 0) fail(`workflows not completed: ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ` (+${bad.length - 10})` : ''}`);
  figures.workflowsFailed = bad.length;
  if (closed.running > 0) fail(`${closed.running} order workflows still running after ${closed.waitedMs} ms`);
  if (closed.unlisted > 0) fail(`${closed.unlisted} order workflows not listed by Temporal after ${closed.waitedMs} ms`);
  figures.workflowsStillRunning = closed.running;

  // 2. Every order reached the state the scenario expects; one order per externalId. Read after
  // the workflows closed: their last write is in.
  const finalRows = await input.db.order.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
  const byId = new Map(finalRows.map((r) => [r.id, r]));
  let completed = 0;
  for (const o of input.orders) {
    const row = byId.get(o.orderId);
    if (!row) fail(`order ${o.externalId}: ${o.orderId} is not in the database`);
    else if (row.status !== o.expected) fail(`order ${o.orderId} (${o.externalId}) is ${row.status}, expected ${o.expected}`);
    else completed += 1;
  }
  figures.completed = completed;
  const perExternal = await input.db.order.groupBy({
    by: ['externalId'],
    where: { channelId: input.channel, externalId: { in: input.orders.map((o) => o.externalId) } },
    _count: { _all: true },
  });
  const doubled = perExternal.filter((g) => g._count._all !== 1);
  if (doubled.length > 0 || perExternal.length !== input.orders.length) {
    fail(`externalIds with other than one order: ${doubled.length} doubled, ${input.orders.length - perExternal.length} missing`);
  }

  // 3. Partner effects (chaos/effectInvariants.ts): each once per key, the ones each final state
  // requires, none it forbids. A return's own calls are judged per return (chaos/returnInvariants.ts);
  // an exchange's replacement is an order like the others.
  const replacements = await replacementOrdersOf(input.db, returns);
  const judged = [...input.orders, ...replacements];
  const shipments = await input.db.shipment.groupBy({
    by: ['orderId'],
    where: { orderId: { in: judged.map((o) => o.orderId) }, status: { not: 'voided' } },
    _count: { _all: true },
  });
  const calls = input.journal.list();
  const effects = checkEffects(
    judged,
    calls.filter((c) => !isReturnCall(c)),
    new Map(shipments.map((s) => [s.orderId, s._count._all])),
  );
  failures.push(...effects.failures);
  Object.assign(figures, effects.figures);
  if (returns.length > 0) {
    failures.push(...checkReturnEffects(returns, calls));
    const returnRows = await checkReturnRows(input.db, returns);
    failures.push(...returnRows.failures);
    Object.assign(figures, returnRows.figures);
  }

  // 4. Stock: never negative, reserved <= on hand, ledger sums equal the stock levels, and the
  // run's stock is what the delivered orders left (nothing still reserved). One statement: one snapshot.
  const skuList = input.skus.map((s) => s.sku);
  const stock = await input.db.$queryRawUnsafe<{ sku: string; location_id: string; on_hand: number; reserved: number; ledger_on_hand: number; ledger_reserved: number }[]>(
    `SELECT s.sku, s.location_id, s.on_hand, s.reserved,
            COALESCE((SELECT SUM(l.on_hand_delta) FROM stock_ledger l WHERE l.sku = s.sku AND l.location_id = s.location_id), 0)::int AS ledger_on_hand,
            COALESCE((SELECT SUM(l.reserved_delta) FROM stock_ledger l WHERE l.sku = s.sku AND l.location_id = s.location_id), 0)::int AS ledger_reserved
       FROM stock_levels s WHERE s.sku = ANY($1::text[])`,
    skuList,
  );
  for (const s of stock) {
    if (s.on_hand < 0 || s.reserved < 0 || s.reserved > s.on_hand) fail(`stock ${s.sku}@${s.location_id}: on hand ${s.on_hand}, reserved ${s.reserved}`);
    if (s.on_hand !== s.ledger_on_hand || s.reserved !== s.ledger_reserved) {
      fail(`stock ${s.sku}@${s.location_id}: levels ${s.on_hand}/${s.reserved} but ledger sums ${s.ledger_on_hand}/${s.ledger_reserved}`);
    }
  }
  const negativeLedger = await input.db.$queryRawUnsafe<{ n: number }[]>(
    // Running totals per sku/location in ledger order must never dip below zero either.
    `SELECT COUNT(*)::int AS n FROM (
       SELECT SUM(on_hand_delta) OVER w AS oh, SUM(reserved_delta) OVER w AS rs
         FROM stock_ledger WHERE sku = ANY($1::text[])
       WINDOW w AS (PARTITION BY sku, location_id ORDER BY id)) t WHERE oh < 0 OR rs < 0`,
    skuList,
  );
  if (negativeLedger[0].n > 0) fail(`${negativeLedger[0].n} ledger prefixes go negative`);
  // Units that left: every order not cancelled, and the exchanges' replacements; units that came back: the resellable returned ones.
  const left = new Set(['delivered', 'partially_returned', 'returned']);
  const shippedUnits = [...input.orders.filter((o) => left.has(byId.get(o.orderId)?.status ?? '')), ...replacements].reduce((n, o) => n + o.quantity, 0);
  const restocked = returns.reduce((n, p) => n + restockedUnits(p), 0);
  const initial = input.skus.reduce((n, s) => n + 2 * s.perLocation, 0) + restocked;
  const onHand = stock.reduce((n, s) => n + s.on_hand, 0);
  const reserved = stock.reduce((n, s) => n + s.reserved, 0);
  if (reserved !== 0) fail(`${reserved} units still reserved at the end`);
  if (onHand !== initial - shippedUnits) fail(`on hand ${onHand}, expected ${initial} (seeded and ${restocked} restocked) - ${shippedUnits} shipped = ${initial - shippedUnits}`);
  figures.unitsShipped = shippedUnits;

  // 5. What Temporal absorbed: activity attempts beyond the first, workflow tasks that timed out
  // (a killed worker's sticky queue) or failed.
  let activityRetries = 0;
  let workflowTaskTimeouts = 0;
  let workflowTaskFailures = 0;
  const queue = [...workflowIds];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let id = queue.pop(); id; id = queue.pop()) {
        const history = await input.temporal.workflow.getHandle(id).fetchHistory();
        for (const e of history.events ?? []) {
          if (e.activityTaskStartedEventAttributes) activityRetries += Math.max(0, (e.activityTaskStartedEventAttributes.attempt ?? 1) - 1);
          if (e.workflowTaskTimedOutEventAttributes) workflowTaskTimeouts += 1;
          if (e.workflowTaskFailedEventAttributes) workflowTaskFailures += 1;
        }
      }
    }),
  );
  Object.assign(figures, { activityRetries, workflowTaskTimeouts, workflowTaskFailures });
  const open = finalRows.filter((r) => !(FINAL_ORDER_STATUSES as readonly string[]).includes(r.status)).length;
  if (open > 0) fail(`${open} orders still open`);

  return { ok: failures.length === 0, failures, figures };
}

/** Why a run of `placed` orders proves too little, or undefined when it does not. */
export function runSizeProblem(placed: number, expected?: number): string | undefined {
  if (placed === 0) return 'no orders were placed: the run proves nothing';
  if (expected !== undefined && placed < expected) return `${placed} orders placed of the ${expected} the scenario meant to place`;
  return undefined;
}
