// What must hold after any chaos scenario, checked against the hub's database, Temporal and the
// simulators' call journal. Used by chaos/run.ts and test/chaos/chaosSubset.test.ts.
import type { Client } from '@temporalio/client';
import type { Db } from '../src/db/prisma';
import type { CallRecord } from '../src/simulators';
import type { PlacedOrder } from './driver';

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
}

export interface InvariantReport {
  ok: boolean;
  failures: string[];
  figures: Record<string, number>;
}

/** Per order, the effects that must have happened exactly once (per shipment where the key names one). */
const DELIVERED_EFFECTS = ['createSalesOrder', 'recordOrder', 'createShipment', 'createInvoice', 'createFulfillment'] as const;
const PER_SHIPMENT = new Set(['createShipment', 'createInvoice', 'createFulfillment']);
/** A cancelled (paid) order: refunded and the channel told once; what was done before is undone once each. */
const CANCELLED_EFFECTS = ['createRefund', 'cancelOrder'] as const;
const CANCELLED_PAIRS: [done: string, undo: string][] = [
  ['createSalesOrder', 'createCreditNote'],
  ['createShipment', 'voidShipment'],
];
const NEVER_WHEN_CANCELLED = ['createInvoice', 'createFulfillment'];

export async function checkInvariants(input: InvariantInput): Promise<InvariantReport> {
  const failures: string[] = [];
  const fail = (msg: string) => failures.push(msg);
  const ids = input.orders.map((o) => o.orderId);
  const figures: Record<string, number> = { orders: input.orders.length };

  // 1. Every order reached the state the scenario expects; one order per externalId.
  const rows = await input.db.order.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, externalId: true, channelId: true, workflowId: true } });
  const byId = new Map(rows.map((r) => [r.id, r]));
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

  // 2. Each external effect happened exactly once per idempotency key, under one key per step.
  const calls = input.journal.list().filter((c) => c.idempotencyKey && ids.includes(c.idempotencyKey.split(':')[0]));
  figures.partnerCalls = calls.length;
  figures.partnerFaults = calls.filter((c) => c.faulted).length;
  figures.partnerDuplicatesAbsorbed = calls.filter((c) => c.duplicate).length;
  const successes = calls.filter((c) => c.status < 300 && !c.duplicate);
  // Attempts beyond the first per key: retries the partners saw (faults, timeouts, restarts).
  const attemptsPerKey = new Map<string, number>();
  for (const c of calls) attemptsPerKey.set(`${c.system}/${c.operation}/${c.idempotencyKey}`, (attemptsPerKey.get(`${c.system}/${c.operation}/${c.idempotencyKey}`) ?? 0) + 1);
  figures.partnerRetries = [...attemptsPerKey.values()].reduce((n, a) => n + a - 1, 0);
  figures.partnerMaxAttemptsPerKey = Math.max(0, ...attemptsPerKey.values());
  const effects = new Map<string, Map<string, number>>(); // orderId -> "op key" -> successes
  for (const c of successes) {
    const orderId = c.idempotencyKey!.split(':')[0];
    const m = effects.get(orderId) ?? new Map<string, number>();
    const k = `${c.operation} ${c.idempotencyKey}`;
    m.set(k, (m.get(k) ?? 0) + 1);
    effects.set(orderId, m);
  }
  const shipments = await input.db.shipment.groupBy({ by: ['orderId'], where: { orderId: { in: ids }, status: { not: 'voided' } }, _count: { _all: true } });
  const shipmentCount = new Map(shipments.map((s) => [s.orderId, s._count._all]));
  let effectProblems = 0;
  for (const o of input.orders) {
    const m = effects.get(o.orderId) ?? new Map<string, number>();
    for (const [k, n] of m) if (n !== 1) (effectProblems++, fail(`order ${o.orderId}: ${k} succeeded ${n} times`));
    const keysOf = (op: string) => [...m.keys()].filter((k) => k.startsWith(`${op} `)).length;
    if (o.expected === 'cancelled') {
      for (const [done, undo] of CANCELLED_PAIRS) {
        if (keysOf(done) !== keysOf(undo) || keysOf(done) > 1) (effectProblems++, fail(`cancelled order ${o.orderId}: ${done} under ${keysOf(done)} keys but ${undo} under ${keysOf(undo)}`));
      }
      for (const op of NEVER_WHEN_CANCELLED) if (keysOf(op) > 0) (effectProblems++, fail(`cancelled order ${o.orderId}: ${op} happened`));
    }
    const required = o.expected === 'delivered' ? DELIVERED_EFFECTS : CANCELLED_EFFECTS;
    for (const op of required) {
      const keys = keysOf(op);
      const want = PER_SHIPMENT.has(op) ? (shipmentCount.get(o.orderId) ?? 0) : 1;
      if (keys !== want || want === 0) {
        effectProblems++;
        if (effectProblems <= 20) fail(`order ${o.orderId}: ${op} done under ${keys} keys, expected ${want || '≥1'}`);
      }
    }
  }
  if (effectProblems > 20) fail(`... ${effectProblems - 20} more effect problems`);

  // 3. Stock: never negative, reserved <= on hand, ledger sums equal the stock levels, and the
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
  const shippedUnits = input.orders.filter((o) => byId.get(o.orderId)?.status === 'delivered').reduce((n, o) => n + o.quantity, 0);
  const initial = input.skus.reduce((n, s) => n + 2 * s.perLocation, 0);
  const onHand = stock.reduce((n, s) => n + s.on_hand, 0);
  const reserved = stock.reduce((n, s) => n + s.reserved, 0);
  if (reserved !== 0) fail(`${reserved} units still reserved at the end`);
  if (onHand !== initial - shippedUnits) fail(`on hand ${onHand}, expected ${initial} - ${shippedUnits} shipped = ${initial - shippedUnits}`);
  figures.unitsShipped = shippedUnits;

  // 4. Temporal: no workflow of this task queue failed, timed out or was terminated; none of the
  // run's order workflows is still running.
  const bad: string[] = [];
  for await (const wf of input.temporal.workflow.list({ query: `TaskQueue = '${input.taskQueue}' AND ExecutionStatus != 'Running' AND ExecutionStatus != 'Completed'` })) {
    bad.push(`${wf.workflowId} ${wf.status.name}`);
  }
  if (bad.length > 0) fail(`workflows not completed: ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ` (+${bad.length - 10})` : ''}`);
  figures.workflowsFailed = bad.length;
  const workflowIds = new Set(rows.map((r) => r.workflowId));
  let stillRunning = 0;
  for await (const wf of input.temporal.workflow.list({ query: `TaskQueue = '${input.taskQueue}' AND ExecutionStatus = 'Running'` })) {
    if (workflowIds.has(wf.workflowId)) stillRunning += 1;
  }
  if (stillRunning > 0) fail(`${stillRunning} order workflows still running`);
  figures.workflowsStillRunning = stillRunning;
  // What Temporal absorbed: activity attempts beyond the first, workflow tasks that timed out
  // (a killed worker's sticky queue) or failed.
  let activityRetries = 0;
  let workflowTaskTimeouts = 0;
  let workflowTaskFailures = 0;
  const queue = rows.map((r) => r.workflowId);
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
  const open = rows.filter((r) => r.status !== 'delivered' && r.status !== 'cancelled').length;
  if (open > 0) fail(`${open} orders still open`);

  return { ok: failures.length === 0, failures, figures };
}
