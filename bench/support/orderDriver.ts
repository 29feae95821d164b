import { randomUUID } from 'node:crypto';
import type { BenchHub } from './benchHub';
import { CHANNELS, createBenchSku, orderBody, orderTotal, sleep } from './benchHub';
import { pool } from '../report';
import { directSql } from '../../src/db/directSql';
import { Prisma } from '../../src/generated/prisma/client';

/**
 * The driver's progress poll: one statement whatever the number of open orders. Prisma's `id IN
 * ($1, …, $n)` was a new statement for every list length (hundreds in pg_stat_statements) that
 * PostgreSQL answered by sequential scans of `orders`, growing with the table: in a soak, the
 * driver's own reads were the sequential scans that grew chunk after chunk, not the hub's.
 */
function openOrders(db: BenchHub['hub']['db'], ids: string[]) {
  return directSql<{ id: string; status: string; shippedAt: Date | null; deliveredAt: Date | null }>(
    db,
    Prisma.sql`SELECT id, status, shipped_at AS "shippedAt", delivered_at AS "deliveredAt" FROM orders WHERE id = ANY(${ids}::text[])`,
  );
}

/** Kinds of order in the mix: paid or not, one parcel or split over both warehouses. */
export interface OrderKind {
  paid: boolean;
  split: boolean;
}

/** Order i of the mix: half paid, a quarter split (WH-EAST + WH-WEST), channels in turn. */
export function kindOf(i: number): OrderKind & { channel: string } {
  const k = i % 8;
  return { paid: k % 2 === 0, split: k >= 6, channel: CHANNELS[i % CHANNELS.length] };
}

export const kindName = (k: OrderKind) => `${k.paid ? 'paid' : 'unpaid'}_${k.split ? 'split' : 'single'}`;

export interface BatchResult {
  orders: number;
  concurrency: number;
  acceptSeconds: number;
  /** First accept → last delivered. */
  completeSeconds: number;
  /** Accept (202 received) → orders.shipped_at, ms. */
  shippedLatencyMs: number[];
  /** A workflow ID per kind, for history profiles. */
  samples: Map<string, string>;
  splitOrders: number;
  paidOrders: number;
}

/** SKUs that make the mix: one stocked in both warehouses, one only east and one only west (a split). */
export async function mixSkus(bench: BenchHub, orders: number) {
  const db = bench.hub.db;
  const big = orders * 2 + 1000;
  return {
    single: await createBenchSku(db, 'BENCH-ANY', { 'WH-EAST': big, 'WH-WEST': big }),
    east: await createBenchSku(db, 'BENCH-EAST', { 'WH-EAST': big }),
    west: await createBenchSku(db, 'BENCH-WEST', { 'WH-WEST': big }),
  };
}

/**
 * Posts `count` orders (kinds from `kind`) through the API with `concurrency` requests in flight,
 * pays the unpaid ones through POST /orders/:id/payment once they await payment, and waits until
 * every one is delivered (the simulated carrier advances by itself).
 */
export async function runOrderBatch(
  bench: BenchHub,
  skus: { single: string; east: string; west: string },
  count: number,
  concurrency: number,
  kind: (i: number) => OrderKind & { channel: string } = kindOf,
  timeoutMs = 600_000,
): Promise<BatchResult> {
  const db = bench.hub.db;
  const accepted = new Map<string, { at: number; paid: boolean; total: string; kind: string }>();
  const samples = new Map<string, string>();
  const delivered = new Map<string, { shippedAt: number; deliveredAt: number }>();
  let posting = true;
  let failure: Error | undefined;
  const started = Date.now();

  const post = async (i: number) => {
    const k = kind(i);
    const body = orderBody({ skus: k.split ? [skus.east, skus.west] : [skus.single], paid: k.paid, channel: k.channel });
    const res = await fetch(`${bench.apiUrl}/api/v1/orders`, { method: 'POST', headers: bench.headers, body: JSON.stringify(body) });
    if (res.status !== 202) throw new Error(`order answered ${res.status}: ${await res.text()}`);
    const { orderId, workflowId } = (await res.json()) as { orderId: string; workflowId: string };
    accepted.set(orderId, { at: Date.now(), paid: k.paid, total: orderTotal(body), kind: kindName(k) });
    if (!samples.has(kindName(k))) samples.set(kindName(k), workflowId);
  };

  const paying = new Set<string>();
  const paid = new Set<string>();
  const busy = new Set<string>();
  let payingNow = 0;
  const pay = async (orderId: string, total: string) => {
    payingNow += 1;
    try {
      const res = await fetch(`${bench.apiUrl}/api/v1/orders/${orderId}/payment`, {
        method: 'POST',
        headers: bench.headers,
        body: JSON.stringify({ amount: total, currency: 'USD', reference: `pay-${randomUUID()}` }),
      });
      if (res.status === 503) {
        // order_busy: the hub is behind and the update may still apply; paid again on a later poll if it still awaits payment.
        busy.add(orderId);
        paying.delete(orderId);
        return;
      }
      // A 409 after a 503: the first payment was applied late, between the poll and this retry.
      if (res.status !== 200 && !(res.status === 409 && busy.has(orderId))) throw new Error(`payment for ${orderId} answered ${res.status}: ${await res.text()}`);
      paid.add(orderId);
    } catch (err) {
      failure ??= err as Error;
    } finally {
      payingNow -= 1;
    }
  };

  const watch = async () => {
    let lastProgress = Date.now();
    while (posting || delivered.size < accepted.size) {
      if (failure) throw failure;
      const open = [...accepted.keys()].filter((id) => !delivered.has(id));
      if (open.length > 0) {
        const rows = await openOrders(db, open);
        for (const row of rows) {
          const a = accepted.get(row.id)!;
          if (row.status === 'delivered') {
            delivered.set(row.id, { shippedAt: row.shippedAt!.getTime(), deliveredAt: row.deliveredAt!.getTime() });
            lastProgress = Date.now();
          } else if (row.status === 'awaiting_payment' && !a.paid && !paying.has(row.id) && payingNow < concurrency) {
            paying.add(row.id);
            void pay(row.id, a.total);
          } else if (['cancelled', 'on_hold', 'needs_attention', 'backordered'].includes(row.status)) {
            throw new Error(`bench order ${row.id} (${a.kind}) is ${row.status}; the bench expects every order to be delivered`);
          }
        }
      }
      if (Date.now() - lastProgress > timeoutMs / 4 && !posting) throw new Error(`no order delivered for ${timeoutMs / 4000} s; ${delivered.size}/${accepted.size} delivered`);
      if (Date.now() - started > timeoutMs) throw new Error(`batch took longer than ${timeoutMs / 1000} s`);
      // Every 100 ms with a few orders open, up to every second with a thousand: the poll reads every
      // open order, and at a soak's backlog polling ten times a second cost PostgreSQL more per order than the hub's own statements.
      await sleep(Math.min(1000, Math.max(100, open.length)));
    }
  };

  const watching = watch();
  watching.catch(() => undefined);
  try {
    await pool(
      Array.from({ length: count }, (_, i) => i),
      concurrency,
      post,
    );
  } finally {
    posting = false;
  }
  const lastAccept = Math.max(...[...accepted.values()].map((a) => a.at));
  await watching;

  const firstAccept = Math.min(...[...accepted.values()].map((a) => a.at));
  const lastDelivered = Math.max(...[...delivered.values()].map((d) => d.deliveredAt));
  return {
    orders: count,
    concurrency,
    acceptSeconds: (lastAccept - started) / 1000,
    completeSeconds: (lastDelivered - firstAccept) / 1000,
    shippedLatencyMs: [...accepted].map(([id, a]) => delivered.get(id)!.shippedAt - a.at),
    samples,
    splitOrders: Array.from({ length: count }, (_, i) => kind(i)).filter((k) => k.split).length,
    paidOrders: Array.from({ length: count }, (_, i) => kind(i)).filter((k) => k.paid).length,
  };
}
