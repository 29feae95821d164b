import { Prisma } from '../generated/prisma/client';
import { directSql } from '../db/directSql';
import type { Db } from '../db/prisma';
import { activeRuleSet, ruleSetByVersion } from '../db/ruleSets';
import { riskScore } from '../domain/risk';
import { DEFAULT_FX_RATES, toUsdCents, type FxRates } from '../domain/fx';
import { customerOrderCountCap } from '../domain/rules/countCap';
import type { DecisionContext } from '../domain/orderDecision';
import type { OrderInput, OrderTotals } from '../domain/order';
import { recordOrder } from './orderStore';

/** What the order workflow needs besides the order itself to evaluate the rules. */
export type RuleContext = DecisionContext;

/**
 * The customer's orders placed before `placedAt`, other than `excludeOrderId`. Cancelled orders
 * do not count: a string of cancelled orders (failed payments, fraud) earns no trust, and a
 * fraudster must not look established by placing orders that never ship. With `cap`, counted up
 * to it only (customerOrderCountCap: as far as the rules can tell counts apart).
 */
export async function earlierOrderCount(db: Db, customerEmail: string | null | undefined, placedAt: Date, excludeOrderId?: string, cap?: number): Promise<number> {
  // Without an e-mail nothing links the order to earlier ones: a guest has no history.
  if (!customerEmail) return 0;
  // Raw SQL because Prisma's `count({ take })` orders the subquery by id, and that ORDER BY made
  // PostgreSQL read every earlier order of the customer before cutting at the cap: a customer with
  // a long history (a B2B buyer, a point-of-sale walk-in e-mail) cost each new order a scan of it.
  // Without the ORDER BY the LIMIT stops the index scan after `cap` rows.
  const [row] = await directSql<{ n: number }>(
    db,
    Prisma.sql`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM orders o JOIN customers c ON c.id = o.customer_id
      WHERE c.email = ${customerEmail} AND o.placed_at < ${placedAt} AND o.status <> 'cancelled'
        ${excludeOrderId === undefined ? Prisma.empty : Prisma.sql`AND o.id <> ${excludeOrderId}`}
      ${cap === undefined ? Prisma.empty : Prisma.sql`LIMIT ${cap}`}
    ) earlier`,
  );
  return row?.n ?? 0;
}

/**
 * What the rules read of a recorded order, its customer and its lines, in one statement (Prisma's
 * `include` took three, for every order received and every re-evaluation).
 */
async function orderFacts(db: Db, orderId: string) {
  const [row] = await directSql<{
    placedAt: Date;
    shippingAddress: unknown;
    totalMinor: number;
    currency: string;
    shippingService: string;
    email: string | null;
    tier: string;
    lines: { sku: string; quantity: number }[];
  }>(
    db,
    Prisma.sql`
    SELECT o.placed_at AS "placedAt", o.shipping_address AS "shippingAddress", o.total_minor AS "totalMinor", o.currency, o.shipping_service AS "shippingService",
           c.email, c.tier,
           coalesce((SELECT json_agg(json_build_object('sku', l.sku, 'quantity', l.quantity) ORDER BY l.line_no) FROM order_lines l WHERE l.order_id = o.id), '[]') AS lines
    FROM orders o JOIN customers c ON c.id = o.customer_id
    WHERE o.id = ${orderId}`,
  );
  return row && { ...row, customer: { email: row.email, tier: row.tier } };
}

/** `fxRates`: units per US dollar (FX_RATES), for thresholds that mean the same worth in every currency. */
export function createRuleActivities(db: Db, fxRates: FxRates = DEFAULT_FX_RATES) {
  const activities = {
    /** Records the order and loads what its rules need: one activity where older orders used two. */
    async receiveOrder(input: OrderInput, totals: OrderTotals): Promise<RuleContext> {
      await recordOrder(db, input, totals);
      return activities.loadRuleContext(input.orderId, undefined, input.billingCountry);
    },

    /** Which of these SKUs the hub has no product for (an `unmapped_sku` hold's release checks them again). */
    async unknownSkus(skus: string[]): Promise<string[]> {
      const known = new Set((await db.product.findMany({ where: { sku: { in: skus } }, select: { sku: true } })).map((p) => p.sku));
      return skus.filter((sku) => !known.has(sku));
    },

    /**
     * The rule set (the active one, or `version` when the workflow pinned one earlier, so a
     * re-evaluation never switches to newer rules) and the facts that need the database. The
     * order must be recorded. `billingCountry` is what the channel sent (OrderInput.billingCountry):
     * the order row does not keep it, and the risk score needs it.
     */
    async loadRuleContext(orderId: string, version?: number, billingCountry?: string): Promise<RuleContext> {
      const [ruleSet, order] = await Promise.all([version === undefined ? activeRuleSet(db) : ruleSetByVersion(db, version), orderFacts(db, orderId)]);
      if (!ruleSet) throw new Error(version === undefined ? 'no rule set is stored (run the migrations and seed)' : `rule set version ${version} does not exist`);
      if (!order) throw new Error(`order ${orderId} is not recorded`);
      // Capped: the workflow only decides with it, and a customer's thousandth order must cost what the first did.
      const customerOrderCount = await earlierOrderCount(db, order.customer.email, order.placedAt, orderId, customerOrderCountCap(ruleSet.rules));
      const country = (order.shippingAddress as { country?: string } | null)?.country ?? '';
      const usdCents = toUsdCents(order.totalMinor, order.currency, fxRates);
      const score = riskScore({
        totalUsdCents: usdCents,
        currency: order.currency,
        shippingService: order.shippingService,
        shippingCountry: country,
        billingCountry,
        customerOrderCount,
        lines: order.lines,
      });
      return {
        ruleSetVersion: ruleSet.version,
        rules: ruleSet.rules,
        customerOrderCount,
        riskScore: score,
        customerTier: order.customer.tier,
        orderTotalUsdCents: usdCents ?? null,
        ...(billingCountry !== undefined && { billingCountry }),
      };
    },
  };
  return activities;
}
