// The returns leg of `duplicate-events` (issue 18): after some orders are delivered, their customers
// send units back, and every client involved repeats itself like a real one. chaos/returnInvariants.ts
// judges the outcome against the plan made here (worked out from the order's prices, not read back
// from the hub).
import { exchangeExternalId, orderWorkflowId, returnWorkflowId } from '../src/domain/ids';
import { postWithRetry, SHIPPING_MINOR, UNIT_PRICE_MINOR, type ClientStats, type PlacedOrder } from './driver';
import { sleep, type Harness } from './stack';

/** whole: every unit back for a refund; part: one unit of several; exchange: one unit swapped for one of the same SKU. */
export type ReturnKind = 'whole' | 'part' | 'exchange';

export interface PlannedReturn {
  order: PlacedOrder;
  kind: ReturnKind;
  /** Units sent back (all of the order's single line for `whole`). */
  units: number;
  /** Of those, received damaged (refunded, not restocked). */
  damaged: number;
  /** What the customer gets back: the units' shares (19.99 each, no tax or discount) plus the shipping with the last unit (`with_last_unit`); 0 for an exchange. */
  refundMinor: number;
  orderStatus: 'partially_returned' | 'returned';
  /** Set once the hub accepted the return. */
  returnId?: string;
}

/** Units that go back on hand (resellable ones). */
export const restockedUnits = (p: PlannedReturn) => p.units - p.damaged;

/** The workflows a return brings: its own, and an exchange's replacement order. */
export const returnWorkflowIds = (p: PlannedReturn): string[] =>
  p.returnId ? [returnWorkflowId(p.returnId), ...(p.kind === 'exchange' ? [orderWorkflowId('exchange', exchangeExternalId(p.returnId))] : [])] : [];

/**
 * Every `every`-th order expected to be delivered gets a return, the kinds taking turns (whole,
 * part, exchange), so a small run has each kind and both payment kinds (prepaid, captured at the
 * gateway). A one-unit order cannot send back part of itself: its `part` is whole.
 */
export function planReturns(orders: readonly PlacedOrder[], every: number): PlannedReturn[] {
  if (every <= 0) return [];
  const kinds: ReturnKind[] = ['whole', 'part', 'exchange'];
  return orders
    .filter((o) => o.expected === 'delivered')
    .filter((_, i) => i % every === 0)
    .map((order, n): PlannedReturn => {
      const kind: ReturnKind = order.quantity === 1 && kinds[n % 3] === 'part' ? 'whole' : kinds[n % 3];
      const units = kind === 'whole' ? order.quantity : 1;
      const last = units === order.quantity;
      return {
        order,
        kind,
        units,
        damaged: kind === 'whole' && units > 1 ? 1 : 0,
        refundMinor: kind === 'exchange' ? 0 : units * UNIT_PRICE_MINOR + (last ? SHIPPING_MINOR : 0),
        orderStatus: last ? 'returned' : 'partially_returned',
      };
    });
}

/** What the waits read of GET /api/v1/orders/:id and GET /api/v1/returns/:id. */
interface View {
  status?: string;
  attentionReason?: string | null;
  exchangeOrderId?: string | null;
}

export interface ReturnStats {
  /** Requests answered with a different outcome than the plan allows (each also fails the run). */
  unexpected: string[];
}

/**
 * Drives every planned return through the hub, `concurrency` at a time: waits for its order to be
 * delivered, opens it `copies` times at once with one Idempotency-Key (one return, the copies
 * replayed) and once with another key for all the order's units (409: they are held already), waits
 * for the parcel's first scan (the duplicating carrier moves return parcels like outbound ones),
 * then posts the receipt `copies` times at once, one copy under a second key (exactly one of the two
 * keys records it, the other gets 409), and waits until the return is settled and an exchange's
 * replacement order delivered. Sets each order's expected status.
 */
export async function driveReturns(
  h: Harness,
  stats: ClientStats,
  plans: PlannedReturn[],
  opts: {
    sku: string;
    copies: number;
    /** The orders' channel (webstore). */
    channel?: string;
    concurrency?: number;
    /** For each wait (the order delivered, the scan, the settlement). */
    timeoutMs?: number;
  },
): Promise<ReturnStats> {
  const out: ReturnStats = { unexpected: [] };
  const headers = { Authorization: `Bearer ${h.keys.admin}` };
  const post = (path: string, body: object, key?: string) => postWithRetry(stats, `${h.apiUrl}${path}`, JSON.stringify(body), headers, { idempotencyKey: key });
  const until = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
    for (;;) {
      const found = await probe().catch(() => undefined);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`returns: ${what} did not happen in time`);
      await sleep(250);
    }
  };
  const getJson = async (path: string): Promise<View | undefined> => {
    const res = await fetch(`${h.apiUrl}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
    return res.status === 200 ? ((await res.json()) as View) : undefined;
  };

  async function one(p: PlannedReturn): Promise<void> {
    const { orderId, quantity } = p.order;
    await until(`order ${orderId} delivered`, async () => ((await getJson(`/api/v1/orders/${orderId}`))?.status === 'delivered' ? true : undefined));
    const body = {
      lines: [{ lineId: 1, quantity: p.units, reason: `chaos ${p.kind}` }],
      ...(p.kind === 'exchange' && { replacements: [{ sku: opts.sku, quantity: p.units }] }),
    };
    const opened = await Promise.all(Array.from({ length: opts.copies }, () => post(`/api/v1/orders/${orderId}/returns`, body, `return-${orderId}`)));
    const ids = new Set(opened.map((a) => a.body?.returnId));
    if (opened.some((a) => a.status !== 201) || ids.size !== 1) throw new Error(`return of ${orderId}: ${opened.map((a) => `${a.status} ${JSON.stringify(a.body)}`).join('; ')}`);
    p.returnId = [...ids][0] as string;
    stats.duplicatesAbsorbed += opened.filter((a) => a.replayed).length;
    const again = await post(`/api/v1/orders/${orderId}/returns`, { lines: [{ lineId: 1, quantity, reason: 'chaos: another key' }] }, `return-${orderId}-again`);
    if (again.status !== 409) out.unexpected.push(`return of ${orderId} under a second key: ${again.status}, expected 409`);

    const returnPath = `/api/v1/returns/${p.returnId}`;
    await until(`return ${p.returnId} scanned`, async () => ((await getJson(returnPath))?.status === 'in_transit' ? true : undefined));
    const lines = [
      { lineId: 1, quantity: p.units - p.damaged, condition: 'resellable' },
      { lineId: 1, quantity: p.damaged, condition: 'damaged' },
    ].filter((l) => l.quantity > 0);
    const keys = Array.from({ length: opts.copies }, (_, copy) => `receipt-${p.returnId}${copy === 1 ? '-b' : ''}`);
    const receipts = await Promise.all(keys.map((key) => post(`${returnPath}/receipt`, { lines, locationId: 'WH-EAST' }, key)));
    const byKey = new Map<string, Set<number>>();
    keys.forEach((key, i) => byKey.set(key, new Set([...(byKey.get(key) ?? []), receipts[i].status])));
    const recorded = [...byKey.values()].filter((s) => s.has(200)).length;
    if (recorded !== 1 || [...byKey.values()].some((s) => s.size !== 1 || ![200, 409].includes([...s][0]))) {
      out.unexpected.push(`receipt of ${p.returnId}: ${keys.map((k, i) => `${k} ${receipts[i].status}`).join(', ')} (one key 200, the other 409)`);
    }
    stats.duplicatesAbsorbed += receipts.length - 1;

    const final = p.kind === 'exchange' ? 'closed' : 'refunded';
    const settled = await until(`return ${p.returnId} ${final}`, async () => {
      const r = await getJson(returnPath);
      return r?.status === final || r?.status === 'needs_attention' ? r : undefined;
    });
    if (settled.status !== final) out.unexpected.push(`return ${p.returnId} is ${settled.status}: ${settled.attentionReason}`);
    if (p.kind === 'exchange') {
      await until(`the replacement of ${p.returnId} delivered`, async () =>
        settled.exchangeOrderId && (await getJson(`/api/v1/orders/${settled.exchangeOrderId}`))?.status === 'delivered' ? true : undefined,
      );
    }
    p.order.expected = p.orderStatus;
  }

  // The plan's arithmetic assumes these (the defaults), whatever an earlier run left on the channel.
  if (plans.length > 0) {
    const policy = { returnWindowDays: 30, returnShipping: 'with_last_unit', exchangeShipsAt: 'on_receipt' };
    const res = await fetch(`${h.apiUrl}/api/v1/channels/${opts.channel ?? 'webstore'}/return-policy`, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(policy),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 200) throw new Error(`return policy: ${res.status} ${await res.text()}`);
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency ?? 4 }, async () => {
      while (next < plans.length) await one(plans[next++]);
    }),
  );
  return out;
}
