import type { Db } from '../../src/db/prisma';

const STATUSES = ['received', 'awaiting_payment', 'on_hold', 'fulfilling', 'needs_attention', 'partially_shipped', 'shipped', 'delivered', 'delivered', 'cancelled'];

/**
 * `n` orders of one channel straight into the read model (SQL generate_series: seconds, not the
 * hours n workflows would take), each with a customer, a line (1,000 SKUs in turn), a timeline
 * event and a partner call; every tenth with an open fraud_review hold, placed a minute apart.
 * The console only reads these tables, so they are what its pages answer from.
 */
export async function seedConsoleOrders(db: Db, channel: string, n: number, seed: string): Promise<void> {
  await db.channel.create({ data: { id: channel, name: `Bench ${channel}`, kind: 'webstore' } });
  const statuses = `{${STATUSES.join(',')}}`;
  // Ids are md5 of the seed and the row number, with the version and variant digits of a UUID v4 (the API checks them).
  await db.$executeRaw`
    INSERT INTO customers (id, email, name, created_at, updated_at)
    SELECT overlay(overlay(md5(${seed} || 'c' || i) placing '4' from 13) placing '8' from 17)::uuid::text, 'bench' || i || '-' || ${seed} || '@example.com',
           (ARRAY['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald'])[1 + i % 6] || ' Bench' || i, now(), now()
    FROM generate_series(1, ${n}::int) i`;
  await db.$executeRaw`
    INSERT INTO orders (id, workflow_id, channel_id, external_id, customer_id, status, payment_status, fulfillment_status, currency,
                        subtotal_minor, shipping_minor, total_minor, shipping_service, shipping_address, placed_at, created_at, updated_at)
    SELECT overlay(overlay(md5(${seed} || 'o' || i) placing '4' from 13) placing '8' from 17)::uuid::text, 'order:' || ${channel} || ':B-' || i, ${channel}, 'B-' || i, overlay(overlay(md5(${seed} || 'c' || i) placing '4' from 13) placing '8' from 17)::uuid::text,
           (${statuses}::text[])[1 + i % 10], 'paid', 'reserved', 'USD', 2499, 0, 2499, 'standard', '{}'::jsonb,
           now() - make_interval(mins => i), now() - make_interval(mins => i), now()
    FROM generate_series(1, ${n}::int) i`;
  await db.$executeRaw`
    INSERT INTO order_lines (id, order_id, line_no, sku, quantity, unit_price_minor, line_total_minor)
    SELECT overlay(overlay(md5(${seed} || 'l' || i) placing '4' from 13) placing '8' from 17)::uuid::text, overlay(overlay(md5(${seed} || 'o' || i) placing '4' from 13) placing '8' from 17)::uuid::text, 1, 'BENCH-' || ${seed} || '-' || (i % 1000), 1, 2499, 2499
    FROM generate_series(1, ${n}::int) i`;
  await db.$executeRaw`
    INSERT INTO order_holds (id, order_id, reason, placed_by, placed_at)
    SELECT overlay(overlay(md5(${seed} || 'h' || i) placing '4' from 13) placing '8' from 17)::uuid::text, overlay(overlay(md5(${seed} || 'o' || i) placing '4' from 13) placing '8' from 17)::uuid::text, 'fraud_review', 'rule:bench', now() - make_interval(mins => i)
    FROM generate_series(10, ${n}::int, 10) i`;
  await db.$executeRaw`
    INSERT INTO order_events (order_id, type, message, dedupe_key)
    SELECT overlay(overlay(md5(${seed} || 'o' || i) placing '4' from 13) placing '8' from 17)::uuid::text, 'received', 'Order received', 'received'
    FROM generate_series(1, ${n}::int) i`;
  await db.$executeRaw`
    INSERT INTO partner_calls (idempotency_key, order_id, system, step, method, path, attempts, outcome)
    SELECT overlay(overlay(md5(${seed} || 'o' || i) placing '4' from 13) placing '8' from 17)::uuid::text || ':erp.sales-order', overlay(overlay(md5(${seed} || 'o' || i) placing '4' from 13) placing '8' from 17)::uuid::text, 'erp', 'erp.sales-order', 'POST', '/sales-orders', 1, 'succeeded'
    FROM generate_series(1, ${n}::int) i`;
  await db.$executeRawUnsafe('ANALYZE customers, orders, order_lines, order_holds, order_events, partner_calls');
}
