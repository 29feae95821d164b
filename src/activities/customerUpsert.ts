import { randomUUID } from 'node:crypto';
import { directSql, type SqlQueryable } from '../db/directSql';
import { Prisma } from '../generated/prisma/client';
import { CUSTOMER_TIERS, higherTier, type OrderInput } from '../domain/order';

/**
 * The customer of a new order, by e-mail, in one statement (so two channels' first orders for
 * the same person cannot both insert, nor overwrite each other's update). Customers are shared by
 * every channel, but what a channel says about one is not equally trustworthy:
 * - tier: only ever raised. Marketplaces and the till always send "standard" (they know no
 *   tiers), which must not demote a VIP; a demotion is an operator's decision, not channel input.
 *   Tiers rank in CUSTOMER_TIERS order; an unknown stored tier ranks lowest.
 * - name: written only by orders of the channel that created the customer (originChannel); an
 *   Amazon buyer name or "In-store customer" never renames the web store's customer. A customer
 *   with no origin (older rows without orders) is claimed by the next order's channel.
 */
export async function upsertOrderCustomer(q: SqlQueryable, input: Pick<OrderInput, 'orderId' | 'customer' | 'channel'>): Promise<string> {
  const { email, tier } = input.customer;
  const name = input.customer.name ?? null;
  if (email === undefined) return guestCustomer(q, input);
  // A returning customer the order would not change (the common case) costs a read, not a row
  // lock held to the end of the transaction: many orders of one customer at once stay parallel.
  const [known] = await directSql<{ id: string; name: string | null; tier: string; originChannel: string | null }>(
    q,
    Prisma.sql`SELECT id, name, tier, origin_channel AS "originChannel" FROM customers WHERE email = ${email}`,
  );
  // An order without a name (a till, a masked buyer) never blanks the name the customer has.
  const renames = known !== undefined && name !== null && (known.originChannel === null || known.originChannel === input.channel) && known.name !== name;
  if (known && !renames && known.originChannel !== null && higherTier(known.tier, tier) === known.tier) return known.id;
  const ranks = [...CUSTOMER_TIERS];
  const rows = await directSql<{ id: string }>(
    q,
    Prisma.sql`
    INSERT INTO "customers" ("id", "email", "name", "tier", "origin_channel", "updated_at")
    VALUES (${randomUUID()}, ${email}, ${name}, ${tier}, ${input.channel}, now())
    ON CONFLICT ("email") DO UPDATE SET
      "name" = CASE WHEN EXCLUDED."name" IS NOT NULL AND ("customers"."origin_channel" IS NULL OR "customers"."origin_channel" = EXCLUDED."origin_channel")
                    THEN EXCLUDED."name" ELSE "customers"."name" END,
      "tier" = CASE WHEN coalesce(array_position(${ranks}::text[], EXCLUDED."tier"), 0) > coalesce(array_position(${ranks}::text[], "customers"."tier"), 0)
                    THEN EXCLUDED."tier" ELSE "customers"."tier" END,
      "origin_channel" = coalesce("customers"."origin_channel", EXCLUDED."origin_channel"),
      "updated_at" = now()
    RETURNING "id"`,
  );
  return rows[0].id;
}

/** The id of the customer row an order without an e-mail gets: one per order, so a retried write finds it again. */
export const guestCustomerId = (orderId: string): string => `guest-${orderId}`;

/**
 * An order without an e-mail (a till, a guest, a marketplace's masked buyer): nothing identifies
 * the person, so the customer is this order's alone (e-mail null, never invented) and never
 * matched to another customer, and has no order history for the rules.
 */
async function guestCustomer(q: SqlQueryable, input: Pick<OrderInput, 'orderId' | 'customer' | 'channel'>): Promise<string> {
  const id = guestCustomerId(input.orderId);
  await directSql(
    q,
    Prisma.sql`
    INSERT INTO "customers" ("id", "email", "name", "tier", "origin_channel", "updated_at")
    VALUES (${id}, NULL, ${input.customer.name ?? null}, ${input.customer.tier}, ${input.channel}, now())
    ON CONFLICT ("id") DO NOTHING
    RETURNING "id"`,
  );
  return id;
}
