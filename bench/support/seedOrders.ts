// Bulk history for the history-growth and soak benches and the console's charts: N finished orders
// (and a few hundred open ones) written with INSERT … SELECT generate_series, one statement per
// table, so 100,000 orders take seconds instead of the hours the pipeline would. Nothing goes to
// Temporal: these orders are history, as if their workflows had closed long ago.

/** A Prisma client ($executeRawUnsafe) or a pg Pool / Client (query): whatever the caller holds. */
export type SeedTarget = { $executeRawUnsafe(sql: string): Promise<unknown> } | { query(sql: string): Promise<unknown> };

export interface SeedOptions {
  orders: number;
  /** Channel ids the orders are spread over (created when missing); default webstore, amazon, ebay, pos. */
  channels?: string[];
  /** Salts every id and pseudo-random choice: the same seed gives the same rows, another seed new ones. */
  seed?: number;
  /** Open orders among them (received … shipped, created in the last 2 days); default min(300, 10 %). */
  open?: number;
  /** The finished orders' created_at is spread over `days` days ending `endDaysAgo` days ago (default 90 and 0). */
  days?: number;
  endDaysAgo?: number;
  /** Distinct customers; default a third of the orders (most customers come back a few times). */
  customers?: number;
}

export interface SeedResult {
  orders: number;
  open: number;
  customers: number;
  seconds: number;
  /** The external ids are `${prefix}-<n>`, n from 1 to orders. */
  prefix: string;
}

export const DEFAULT_SEED_CHANNELS = ['webstore', 'amazon', 'ebay', 'pos'];

// Statuses of the open orders, in proportion: most open orders are being fulfilled.
const OPEN_STATUSES = ['received', 'awaiting_payment', 'on_hold', 'fulfilling', 'fulfilling', 'fulfilling', 'partially_shipped', 'shipped', 'backordered', 'needs_attention'];
const CANCEL_REASONS = ['customer_request', 'fraud_suspected', 'out_of_stock', 'payment_failed', 'duplicate_order'];
const RELEASED_HOLD_REASONS = ['fraud_review', 'address', 'payment', 'manual'];

function runner(target: SeedTarget): (sql: string) => Promise<unknown> {
  if ('$executeRawUnsafe' in target) return (sql) => target.$executeRawUnsafe(sql);
  return (sql) => target.query(sql);
}

const textArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]::text[]`;

/**
 * Writes the orders with their customers, lines, timeline events, payments, shipments and holds,
 * then ANALYZEs the tables so the planner sees the new sizes. About 92 % of the finished orders are
 * delivered, the rest cancelled; a tenth had a hold, released since; every open `on_hold` order has
 * an open one. A seed is written once: seeding it again fails (customers excepted, shared).
 */
export async function seedOrders(target: SeedTarget, opts: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const run = runner(target);
  const n = Math.max(0, Math.floor(opts.orders));
  const seed = opts.seed ?? 1;
  const channels = opts.channels ?? DEFAULT_SEED_CHANNELS;
  const open = Math.min(n, opts.open ?? Math.min(300, Math.floor(n / 10)));
  const customers = Math.max(1, opts.customers ?? Math.ceil(n / 3));
  const spanSeconds = Math.max(1, Math.round((opts.days ?? 90) * 86_400));
  const endSeconds = Math.round((opts.endDaysAgo ?? 0) * 86_400);
  const prefix = `seed${seed}`;
  if (!Number.isInteger(seed) || seed < 0 || seed > 1_000_000) throw new Error(`seed must be an integer from 0 to 1000000, not ${seed}`);
  if (channels.length === 0) throw new Error('seedOrders needs at least one channel');

  // hash(x, k): a deterministic pseudo-random non-negative bigint per row and purpose k.
  const hash = (x: string, k: number) => `abs(hashint8extended((${x})::int8, ${seed * 64 + k}))`;
  // Line k of order i: 1–3 units at 5.00–99.99, one of 50 SKUs, 8 % tax on taxed orders.
  const qty = (i: string, k: string) => `(1 + ${hash(`(${i}) * 8 + (${k})`, 1)} % 3)`;
  const price = (i: string, k: string) => `(500 + ${hash(`(${i}) * 8 + (${k})`, 2)} % 9500)`;
  const taxed = (i: string) => `(${hash(i, 3)} % 2 = 0)`;
  const lineTax = (i: string, k: string) => `(CASE WHEN ${taxed(i)} THEN ${qty(i, k)} * ${price(i, k)} * 8 / 100 ELSE 0 END)`;
  const nLines = (i: string) => `(1 + ${hash(i, 4)} % 3)`;
  // Ids shaped like the hub's UUIDs but rising with n, and created_at rising with n too: every index
  // then takes its new entries at one end instead of all over, which makes the bulk insert several
  // times faster. Order n's external id is `${prefix}-<n, 7 digits>`.
  const seedHex = seed.toString(16).padStart(8, '0');
  const uuid = (kind: number, n: string) => `'${seedHex}-5eed-400${kind}-8000-' || lpad(to_hex(${n}), 12, '0')`;
  const finished = n - open;
  const seeded = `o.external_id LIKE '${prefix}-%' AND o.channel_id = ANY(${textArray(channels)})`;
  const orderNo = `split_part(o.external_id, '-', 2)::int8`;

  await run(`INSERT INTO channels (id, name, kind) SELECT c, c, 'webstore' FROM unnest(${textArray(channels)}) AS c ON CONFLICT DO NOTHING`);
  await run(
    `INSERT INTO products (sku, name, category) SELECT 'SEED-' || lpad(k::text, 3, '0'), 'Seeded product ' || k, 'seeded' FROM generate_series(1, 50) AS k ON CONFLICT DO NOTHING`,
  );
  await run(`INSERT INTO locations (id, name, country) SELECT 'WH-SEED', 'Seeded history warehouse', 'US' WHERE NOT EXISTS (SELECT 1 FROM locations) ON CONFLICT DO NOTHING`);
  await run(`
    INSERT INTO customers (id, email, name, tier, origin_channel, created_at, updated_at)
    SELECT ${uuid(1, 'j')}, '${prefix}-c' || j || '@example.test', 'Seeded Customer ' || j,
           CASE WHEN j % 20 = 0 THEN 'vip' ELSE 'standard' END, (${textArray(channels)})[1 + j % ${channels.length}],
           now() - make_interval(secs => ${endSeconds + spanSeconds}), now() - make_interval(secs => ${endSeconds + spanSeconds})
    FROM generate_series(0, ${customers - 1}) AS j ON CONFLICT DO NOTHING`);

  // Orders 1..finished are history (delivered or cancelled), spread evenly over the span; the open
  // ones come last, in the last 2 days. Money from the same line formulas the lines use.
  await run(`
    INSERT INTO orders (id, workflow_id, channel_id, external_id, customer_id, status, payment_status, fulfillment_status, currency,
      subtotal_minor, shipping_minor, tax_minor, total_minor, shipping_service, shipping_address, payment_reference, cancel_reason,
      placed_at, paid_at, shipped_at, delivered_at, cancelled_at, priority_class, priority_score, ship_by, created_at, updated_at)
    SELECT ${uuid(0, 'i')}, 'order:' || channel_id || ':' || ext, channel_id, ext, ${uuid(1, `${hash('i', 5)} % ${customers}`)}, status,
      CASE status WHEN 'awaiting_payment' THEN 'pending' WHEN 'cancelled' THEN (CASE WHEN h % 2 = 0 THEN 'refunded' ELSE 'voided' END) ELSE 'paid' END,
      CASE status WHEN 'delivered' THEN 'delivered' WHEN 'shipped' THEN 'shipped' WHEN 'partially_shipped' THEN 'partially_shipped' WHEN 'cancelled' THEN 'released'
        WHEN 'fulfilling' THEN 'label_created' WHEN 'on_hold' THEN 'reserved' WHEN 'needs_attention' THEN 'reserved' ELSE 'unfulfilled' END,
      'USD', m.subtotal, shipping, m.tax, m.subtotal + shipping + m.tax, service,
      jsonb_build_object('name', 'Seeded Customer', 'line1', (i % 900 + 1) || ' Main St', 'city', 'Springfield', 'postalCode', lpad((i % 99999)::text, 5, '0'), 'country', 'US'),
      CASE WHEN status <> 'awaiting_payment' THEN 'pay-' || ext END,
      CASE WHEN status = 'cancelled' THEN (${textArray(CANCEL_REASONS)})[1 + h % ${CANCEL_REASONS.length}] END,
      created_at - interval '5 seconds',
      CASE WHEN status <> 'awaiting_payment' AND NOT (status = 'cancelled' AND h % 2 = 1) THEN created_at + interval '2 seconds' END,
      CASE WHEN status IN ('delivered', 'shipped') THEN shipped_at END,
      CASE WHEN status = 'delivered' THEN least(now(), shipped_at + make_interval(secs => 86400 + h % 259200)) END,
      CASE WHEN status = 'cancelled' THEN created_at + make_interval(secs => 60 + h % 86400) END,
      CASE WHEN service = 'express' THEN 'high' ELSE 'normal' END, CASE WHEN service = 'express' THEN 50 ELSE 0 END,
      CASE WHEN h % 3 = 0 THEN created_at + interval '2 days' END,
      created_at, coalesce(CASE WHEN status = 'delivered' THEN least(now(), shipped_at + interval '1 day') END, created_at + interval '1 hour')
    FROM (
      SELECT i, h, status, created_at, '${prefix}-' || lpad(i::text, 7, '0') AS ext,
        least(now(), created_at + make_interval(secs => 600 + ${hash('i', 6)} % 172800)) AS shipped_at,
        CASE WHEN h % 10 = 0 THEN 'express' ELSE 'standard' END AS service,
        CASE WHEN h % 10 = 0 THEN 1299 ELSE 599 END AS shipping,
        (${textArray(channels)})[1 + ${hash('i', 7)} % ${channels.length}] AS channel_id
      FROM (
        SELECT i, ${hash('i', 8)} AS h,
          CASE WHEN i > ${finished} THEN (${textArray(OPEN_STATUSES)})[1 + ${hash('i', 9)} % ${OPEN_STATUSES.length}]
               WHEN ${hash('i', 10)} % 100 < 8 THEN 'cancelled' ELSE 'delivered' END AS status,
          CASE WHEN i > ${finished} THEN now() - make_interval(secs => 172800.0 * (${n} - i + ${hash('i', 11)} % 1000 / 1000.0) / ${Math.max(1, open)})
               ELSE now() - make_interval(secs => ${endSeconds} + ${spanSeconds}::float8 * (${finished} - i + ${hash('i', 11)} % 1000 / 1000.0) / ${Math.max(1, finished)}) END AS created_at
        FROM generate_series(1, ${n}) AS i
      ) AS g
    ) AS o
    CROSS JOIN LATERAL (SELECT sum(${qty('i', 'k')} * ${price('i', 'k')}) AS subtotal, sum(${lineTax('i', 'k')}) AS tax FROM generate_series(1, ${nLines('i')}) AS k) AS m
    ORDER BY i`).catch((err: Error) => {
    throw new Error(`seeding orders ${prefix}-… failed (${err.message}); a seed is written once: use another seed to add more`);
  });

  // Everything else hangs off the orders only: written side by side.
  await Promise.all([
    run(`
    INSERT INTO order_lines (id, order_id, line_no, sku, quantity, unit_price_minor, line_total_minor, tax_minor)
    SELECT o.id || ':' || k, o.id, k, 'SEED-' || lpad((1 + ${hash(`${orderNo} * 8 + k`, 12)} % 50)::text, 3, '0'),
      ${qty(orderNo, 'k')}, ${price(orderNo, 'k')}, ${qty(orderNo, 'k')} * ${price(orderNo, 'k')} + ${lineTax(orderNo, 'k')}, ${lineTax(orderNo, 'k')}
    FROM orders o CROSS JOIN LATERAL generate_series(1, ${nLines(orderNo)}) AS k
    WHERE ${seeded} ORDER BY o.id, k`),

    // The timeline: what the workflow would have written, one event per step that happened.
    run(`
    INSERT INTO order_events (order_id, type, message, data, dedupe_key, at)
    SELECT o.id, e.type, e.message, e.data, e.type, e.at
    FROM orders o CROSS JOIN LATERAL (VALUES
      ('received', 'Order received from ' || o.channel_id, jsonb_build_object('externalId', o.external_id), o.created_at),
      ('paid', 'Payment received', NULL, o.paid_at),
      ('fulfilling', 'Stock reserved; fulfilling', NULL,
        CASE WHEN o.status IN ('fulfilling', 'partially_shipped', 'shipped', 'delivered') THEN o.created_at + interval '3 seconds' END),
      ('on_hold', 'On hold', NULL, CASE WHEN o.status = 'on_hold' THEN o.created_at + interval '3 seconds' END),
      ('shipped', 'Shipped', NULL, o.shipped_at),
      ('delivered', 'Delivered', NULL, o.delivered_at),
      ('cancelled', 'Cancelled: ' || coalesce(o.cancel_reason, 'unknown'), NULL, o.cancelled_at)
    ) AS e(type, message, data, at)
    WHERE ${seeded} AND e.at IS NOT NULL ORDER BY o.id, e.at`),

    run(`
    INSERT INTO payment_transactions (id, order_id, kind, amount_minor, source, reference, at)
    SELECT o.id || ':channel.1', o.id, 'sale', o.total_minor, 'channel', o.payment_reference, o.paid_at FROM orders o
    WHERE ${seeded} AND o.paid_at IS NOT NULL
    UNION ALL
    SELECT o.id || ':refund', o.id, 'refund', o.total_minor, 'gateway', 'refund-' || o.id, o.cancelled_at FROM orders o
    WHERE ${seeded} AND o.status = 'cancelled' AND o.payment_status = 'refunded'`),

    run(`
    INSERT INTO shipments (id, order_id, location_id, carrier, service, tracking_number, status, dispatched_at, delivered_at, created_at, updated_at)
    SELECT o.id || '-' || l.id, o.id, l.id, 'simcarrier', o.shipping_service, 'SEED' || replace(o.id, '-', ''),
      CASE o.status WHEN 'delivered' THEN 'delivered' WHEN 'shipped' THEN 'in_transit' ELSE 'dispatched' END,
      coalesce(o.shipped_at, o.created_at + interval '1 hour'), o.delivered_at, o.created_at + interval '4 seconds', coalesce(o.delivered_at, o.shipped_at, o.created_at)
    FROM orders o CROSS JOIN (SELECT id FROM locations ORDER BY priority, id LIMIT 1) AS l
    WHERE ${seeded} AND o.status IN ('delivered', 'shipped', 'partially_shipped')`),

    // Holds: a tenth of the finished orders had one (released within the hour); open on_hold orders have one open.
    run(`
    INSERT INTO order_holds (id, order_id, reason, note, placed_by, placed_at, released_at, released_by)
    SELECT o.id || ':' || r.reason || ':seed', o.id, r.reason, 'seeded history', 'rule:seed-risk', o.created_at + interval '5 seconds',
      CASE WHEN o.status <> 'on_hold' THEN o.created_at + interval '1 hour' END, CASE WHEN o.status <> 'on_hold' THEN 'ops@example.test' END
    FROM orders o CROSS JOIN LATERAL (SELECT (${textArray(RELEASED_HOLD_REASONS)})[1 + ${hash(orderNo, 13)} % ${RELEASED_HOLD_REASONS.length}] AS reason) AS r
    WHERE ${seeded} AND (o.status = 'on_hold' OR ${hash(orderNo, 14)} % 10 = 0)`),
  ]);

  // The planner must see the new sizes before the first query of the bench.
  await Promise.all(['customers', 'orders', 'order_lines', 'order_events', 'payment_transactions', 'shipments', 'order_holds'].map((table) => run(`ANALYZE ${table}`)));
  return { orders: n, open, customers, seconds: (Date.now() - started) / 1000, prefix };
}
