// The chaos runner's clients: they behave like real channels and carriers, retrying with the same
// externalId / Idempotency-Key while the hub is down or answering 5xx.
import { randomUUID } from 'node:crypto';
import { webhookHeaders } from '../src/channels/signature';
import type { Db } from '../src/db/prisma';
import type { CarrierShipment } from '../src/simulators';
import { sleep, type Harness } from './stack';

export interface ClientStats {
  requests: number;
  /** Attempts answered 5xx, 409 "still being answered", or not answered at all. */
  retries: number;
  networkErrors: number;
  serverErrors: number;
  /** Answers replayed by the hub's Idempotency-Key store. */
  idempotentReplays: number;
  /** Redeliveries the hub recognized as an existing order (created=false) or a duplicate event. */
  duplicatesAbsorbed: number;
  /** Times a client stopped sending a key still held by a dead request (see postWithRetry). */
  keyFallbacks: number;
  /** externalIds that got two different orderIds (must stay 0). */
  conflictingAnswers: number;
  /** Parcels whose `delivered` reached the hub before their first `dispatched`. */
  deliveredBeforeDispatched: number;
  /** Orders the hub has accepted so far (faults are timed by it). */
  ordersPlaced: number;
  /** Requests sent and not yet answered, right now (not a total). */
  inFlight: number;
}

export const newClientStats = (): ClientStats => ({
  requests: 0,
  retries: 0,
  networkErrors: 0,
  serverErrors: 0,
  idempotentReplays: 0,
  duplicatesAbsorbed: 0,
  keyFallbacks: 0,
  conflictingAnswers: 0,
  deliveredBeforeDispatched: 0,
  ordersPlaced: 0,
  inFlight: 0,
});

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  replayed: boolean;
}

/**
 * POSTs until the hub gives a final answer (2xx or a 4xx other than 408/409/429). A key whose
 * first request died with its API process stays "in use" for 60 s at the hub
 * (src/api/middleware/idempotency.ts); after `keyStuckMs` of such 409s the client resends without
 * the key and relies on the order's unique (channel, externalId) instead.
 */
export async function postWithRetry(
  stats: ClientStats,
  url: string,
  body: string,
  headers: Record<string, string> | (() => Record<string, string>),
  opts: { idempotencyKey?: string; deadlineMs?: number; keyStuckMs?: number } = {},
): Promise<Answer> {
  const deadline = Date.now() + (opts.deadlineMs ?? 180_000);
  let key = opts.idempotencyKey;
  let stuckSince: number | undefined;
  let backoff = 100;
  for (;;) {
    stats.requests += 1;
    let answer: Answer | undefined;
    stats.inFlight += 1;
    try {
      const h = typeof headers === 'function' ? headers() : headers;
      const res = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', ...h, ...(key && { 'Idempotency-Key': key }) },
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      answer = { status: res.status, body: parsed, replayed: res.headers.get('idempotent-replayed') === 'true' };
    } catch {
      stats.networkErrors += 1;
    } finally {
      stats.inFlight -= 1;
    }
    if (answer) {
      if (answer.replayed) stats.idempotentReplays += 1;
      const retryable = answer.status >= 500 || answer.status === 408 || answer.status === 429 || (answer.status === 409 && answer.body?.error === 'idempotency_key_in_use');
      if (!retryable) return answer;
      if (answer.status >= 500) stats.serverErrors += 1;
      if (answer.status === 409 && key) {
        stuckSince ??= Date.now();
        if (Date.now() - stuckSince > (opts.keyStuckMs ?? 10_000)) {
          stats.keyFallbacks += 1;
          key = undefined;
        }
      }
    }
    if (Date.now() > deadline) throw new Error(`POST ${url}: no final answer before the deadline (last: ${answer ? answer.status : 'no answer'})`);
    stats.retries += 1;
    await sleep(backoff + Math.random() * 100);
    backoff = Math.min(backoff * 2, 2000);
  }
}

/** Where a chaos run's orders end: delivered or cancelled, and after a return (duplicate-events) partially_returned or returned. */
export const FINAL_ORDER_STATUSES = ['delivered', 'cancelled', 'partially_returned', 'returned'] as const;
export type FinalOrderStatus = (typeof FINAL_ORDER_STATUSES)[number];

export interface PlacedOrder {
  index: number;
  externalId: string;
  orderId: string;
  quantity: number;
  /** The status the scenario expects at the end (a return makes a delivered order partially_returned or returned). */
  expected: FinalOrderStatus;
  /** Every other order arrives authorized on a channel that captures at shipment (issue 13); absent: prepaid. */
  payment?: { status: 'authorized'; totalMinor: number };
}

/** Half the orders (index 2 and 3 of every 4, so every 10th order cancelled in duplicate-events includes both kinds) are authorized, captured parcel by parcel through the payment gateway. */
export const isAuthorizedIndex = (index: number): boolean => index % 4 >= 2;
/** Every chaos order: one line at 19.99 a unit, 5.00 shipping, no tax or discount (the return checks work out refunds from these). */
export const UNIT_PRICE_MINOR = 1999;
export const SHIPPING_MINOR = 500;
const totalMinorOf = (quantity: number) => quantity * UNIT_PRICE_MINOR + SHIPPING_MINOR;
const paymentOf = (index: number, quantity: number): PlacedOrder['payment'] =>
  isAuthorizedIndex(index) ? { status: 'authorized', totalMinor: totalMinorOf(quantity) } : undefined;

/** The web store captures authorized orders at shipment in every chaos run (paid orders are not affected). */
export async function captureAtShipment(h: Harness): Promise<void> {
  await h.db.channel.update({ where: { id: 'webstore' }, data: { capturePolicy: 'on_shipment' } });
}

let skuCounter = 0;

/** A fresh SKU with stock in both warehouses, its seed written to the ledger like the fixtures do. */
export async function createSku(db: Db, perLocation: number): Promise<string> {
  const sku = `CHAOS-${Date.now().toString(36)}-${(skuCounter++).toString(36)}-${randomUUID().slice(0, 6)}`.toUpperCase();
  await db.product.create({ data: { sku, name: `Chaos product ${sku}` } });
  for (const locationId of ['WH-EAST', 'WH-WEST']) {
    await db.stockLevel.create({ data: { sku, locationId, onHand: perLocation } });
    await db.stockLedgerEntry.create({ data: { sku, locationId, onHandDelta: perLocation, reservedDelta: 0, reason: 'seed' } });
  }
  return sku;
}

/** `urgent`: a VIP customer's next-day order, which the rules put in the `urgent` priority class (label buying first). */
export function orderBody(sku: string, externalId: string, quantity: number, index: number, urgent = false) {
  return {
    channel: 'webstore',
    externalId,
    // A returning customer per 10 orders: realistic, and no single customer's velocity dominates.
    customer: { email: `chaos-${urgent ? 'vip' : index % 10}@example.com`, name: 'Chaos Customer', tier: urgent ? 'vip' : 'standard' },
    currency: 'USD',
    lines: [{ sku, quantity, unitPrice: '19.99' }],
    shippingAddress: { name: 'Chaos Customer', line1: '1 Navy Way', city: 'Arlington', region: 'VA', postalCode: '22201', country: 'US' },
    shippingService: urgent ? 'next_day' : 'standard',
    shippingPrice: '5.00',
    payment: isAuthorizedIndex(index)
      ? { status: 'authorized', transactions: [{ kind: 'authorization', amount: (totalMinorOf(quantity) / 100).toFixed(2), reference: `auth-${externalId}` }] }
      : { status: 'paid', reference: `pay-${externalId}` },
  };
}

/**
 * Places `count` orders through POST /api/v1/orders, `concurrency` at a time, each with
 * Idempotency-Key = externalId; `during` runs alongside (the fault injection).
 */
export async function placeOrders(
  h: Harness,
  stats: ClientStats,
  opts: { count: number; sku: string; runId: string; concurrency?: number; spreadMs?: number; keyStuckMs?: number; urgent?: boolean },
): Promise<PlacedOrder[]> {
  const placed: PlacedOrder[] = [];
  await captureAtShipment(h);
  let next = 0;
  const t0 = Date.now();
  const worker = async () => {
    while (next < opts.count) {
      const index = next++;
      // Order i is due at t0 + i/count of the spread, so the orders span the whole fault window.
      if (opts.spreadMs) await sleep(t0 + (index * opts.spreadMs) / opts.count - Date.now());
      const externalId = `${opts.runId}-${index}`;
      const quantity = 1 + (index % 3);
      const answer = await postWithRetry(
        stats,
        `${h.apiUrl}/api/v1/orders`,
        JSON.stringify(orderBody(opts.sku, externalId, quantity, index, opts.urgent)),
        { Authorization: `Bearer ${h.keys.admin}` },
        {
          idempotencyKey: externalId,
          keyStuckMs: opts.keyStuckMs,
        },
      );
      if (answer.status !== 202 && answer.status !== 200) throw new Error(`order ${externalId}: ${answer.status} ${JSON.stringify(answer.body)}`);
      placed.push({ index, externalId, orderId: answer.body.orderId, quantity, expected: 'delivered', ...(isAuthorizedIndex(index) && { payment: paymentOf(index, quantity) }) });
      stats.ordersPlaced += 1;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 10 }, worker));
  return placed.sort((a, b) => a.index - b.index);
}

/** A Shopify-like native order, as the web store's webhook sends it (prepaid, one line). */
export function webstorePayload(sku: string, numericId: number, quantity: number, index: number) {
  return {
    id: numericId,
    name: `#${numericId}`,
    email: `chaos-${index % 10}@example.com`,
    currency: 'USD',
    created_at: new Date().toISOString(),
    financial_status: isAuthorizedIndex(index) ? 'authorized' : 'paid',
    total_price: (19.99 * quantity + 5).toFixed(2),
    line_items: [{ id: numericId + 1, sku, variant_id: 1, title: 'Chaos tee', quantity, price: '19.99' }],
    shipping_lines: [{ code: 'Standard', price: '5.00', source: 'shopify' }],
    shipping_address: { first_name: 'Chaos', last_name: 'Customer', address1: '1 Navy Way', city: 'Arlington', province_code: 'VA', zip: '22201', country_code: 'US' },
    customer: { id: 7000 + (index % 10), email: `chaos-${index % 10}@example.com`, first_name: 'Chaos', last_name: 'Customer', tags: '' },
  };
}

/**
 * Every order arrives through the signed web store webhook, `copies` times, the deliveries of all
 * orders shuffled and sent `concurrency` at a time. Each copy is signed afresh (a real retry).
 */
export async function deliverWebhookOrders(
  h: Harness,
  stats: ClientStats,
  opts: { count: number; sku: string; copies: number; concurrency?: number; base?: number },
): Promise<PlacedOrder[]> {
  await captureAtShipment(h);
  // Web store order IDs are numbers: base + index * 7.
  const base = opts.base ?? Number(`${Date.now()}`.slice(-9)) * 1000;
  const orders = Array.from({ length: opts.count }, (_, index) => {
    const quantity = 1 + (index % 3);
    const id = base + index * 7;
    return { index, quantity, externalId: String(id), body: JSON.stringify(webstorePayload(opts.sku, id, quantity, index)) };
  });
  const deliveries = shuffle(orders.flatMap((o) => Array.from({ length: opts.copies }, () => o)));
  const answers = new Map<number, Set<string>>();
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const o = deliveries[next++];
      const answer = await postWithRetry(stats, `${h.apiUrl}/api/v1/channels/webstore/orders`, o.body, () => webhookHeaders(h.webhookSecret, o.body));
      if (answer.status !== 202 && answer.status !== 200) throw new Error(`webhook ${o.externalId}: ${answer.status} ${JSON.stringify(answer.body)}`);
      if (answer.body.created === false) stats.duplicatesAbsorbed += 1;
      const seen = answers.get(o.index) ?? new Set<string>();
      seen.add(answer.body.orderId);
      answers.set(o.index, seen);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 10 }, worker));
  return orders.map((o) => {
    const ids = [...(answers.get(o.index) ?? [])];
    if (ids.length !== 1) stats.conflictingAnswers += 1;
    return {
      index: o.index,
      externalId: o.externalId,
      orderId: ids[0],
      quantity: o.quantity,
      expected: 'delivered' as const,
      ...(isAuthorizedIndex(o.index) && { payment: paymentOf(o.index, o.quantity) }),
    };
  });
}

/**
 * Plays the carrier with auto-advance off: some time after each label, the parcel is dispatched
 * and delivered at the simulator, and both events are posted `copies` times each, shuffled (so
 * `delivered` may reach the hub before `dispatched`). Copies alternate between the carrier's
 * Idempotency-Key and none, so both the API's key store and the workflow's own dedupe are hit.
 */
export function duplicatingCarrier(h: Harness, stats: ClientStats, opts: { copies: number; delayMs: number; skip?: (orderIdOfShipment: string) => boolean | Promise<boolean> }) {
  const pending: Promise<void>[] = [];
  const unsubscribe = h.sim.state.carrierShipments.onCreated((shipment: CarrierShipment) => {
    pending.push(
      (async () => {
        await sleep(opts.delayMs + Math.random() * opts.delayMs);
        if (await opts.skip?.(shipment.orderId)) return;
        const events: { type: 'dispatched' | 'delivered'; at: string }[] = [];
        for (const type of ['dispatched', 'delivered'] as const) {
          const at = new Date().toISOString();
          if (h.sim.state.carrierShipments.advance(shipment.trackingNumber, type, at).outcome !== 'advanced') return;
          events.push({ type, at });
        }
        const sends = shuffle(events.flatMap((e) => Array.from({ length: opts.copies }, (_, copy) => ({ ...e, copy }))));
        if (sends[0].type === 'delivered') stats.deliveredBeforeDispatched += 1;
        for (const s of sends) {
          const body = JSON.stringify({ trackingNumber: shipment.trackingNumber, shipmentId: shipment.shipmentId, type: s.type, at: s.at });
          const answer = await postWithRetry(
            stats,
            `${h.apiUrl}/api/v1/carrier/events`,
            body,
            { Authorization: `Bearer ${h.keys.carrier}` },
            {
              idempotencyKey: s.copy % 2 === 0 ? `simcarrier:${shipment.trackingNumber}:${s.type}` : undefined,
            },
          );
          if (answer.status >= 400) throw new Error(`carrier event ${s.type} ${shipment.trackingNumber}: ${answer.status} ${JSON.stringify(answer.body)}`);
          if (s.copy > 0) stats.duplicatesAbsorbed += 1;
        }
      })(),
    );
  });
  return {
    async settle() {
      // Settles the events sent so far; new labels keep being handled until stop().
      for (let i = 0; i < pending.length; i++) await pending[i];
    },
    stop: unsubscribe,
  };
}

export function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Waits until no order of the run is still open (in one of FINAL_ORDER_STATUSES), or the time is up. */
export async function waitForFinalStates(db: Db, orders: PlacedOrder[], timeoutMs: number): Promise<{ open: number; waitedMs: number }> {
  const started = Date.now();
  const ids = orders.map((o) => o.orderId);
  for (;;) {
    let open = ids.length;
    try {
      open = await db.order.count({ where: { id: { in: ids }, status: { notIn: [...FINAL_ORDER_STATUSES] } } });
    } catch {
      /* the database may be restarting */
    }
    if (open === 0 || Date.now() - started > timeoutMs) return { open, waitedMs: Date.now() - started };
    await sleep(1000);
  }
}

/**
 * Cancels each order `copies` times (a client retrying, some copies with an Idempotency-Key):
 * the first cancel answers 200, the rest either replay it or get 409 (already cancelled).
 */
export async function cancelOrders(h: Harness, stats: ClientStats, orders: PlacedOrder[], copies: number): Promise<void> {
  await Promise.all(
    orders.map(async (o) => {
      for (let copy = 0; copy < copies; copy++) {
        const answer = await postWithRetry(
          stats,
          `${h.apiUrl}/api/v1/orders/${o.orderId}/cancel`,
          JSON.stringify({ reason: 'chaos: customer changed their mind' }),
          { Authorization: `Bearer ${h.keys.admin}` },
          {
            idempotencyKey: copy % 2 === 0 ? `cancel-${o.orderId}` : undefined,
          },
        );
        if (copy === 0 && answer.status !== 200) throw new Error(`cancel ${o.orderId}: ${answer.status} ${JSON.stringify(answer.body)}`);
        if (copy > 0 && answer.status !== 200 && answer.status !== 409) throw new Error(`repeated cancel ${o.orderId}: ${answer.status} ${JSON.stringify(answer.body)}`);
        if (copy > 0) stats.duplicatesAbsorbed += 1;
      }
      o.expected = 'cancelled';
    }),
  );
}

/** Until `fraction` of `count` orders are placed (or placing stopped), so faults land mid-run at any size. */
export async function untilPlaced(stats: ClientStats, count: number, fraction: number, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (stats.ordersPlaced < Math.ceil(count * fraction) && Date.now() < deadline) await sleep(50);
}
