import { applyHoldChanges, reconcileRuleHolds, type HoldChanges, type OrderHold } from './holds';
import type { OrderInput, RulesOutcome } from './order';
import { shipByFrom } from './priority';
import { evaluateRules } from './rules/evaluate';
import { orderFacts } from './rules/facts';
import type { Rule } from './rules/types';

export interface DecisionContext {
  ruleSetVersion: number;
  rules: Rule[];
  customerOrderCount: number;
  riskScore: number;
  billingCountry?: string;
  /** The customer's stored tier (channel input only ever raises it); absent in older histories: the order's own. */
  customerTier?: string;
  /** The total in US cents; null: no exchange rate; absent in older histories (their rules never asked). */
  orderTotalUsdCents?: number | null;
}

export interface OrderDecision {
  outcome: RulesOutcome;
  changes: HoldChanges;
  holds: OrderHold[];
}

/**
 * One evaluation of the rules for an order, pure so that the workflow replays it exactly:
 * the facts, the rule decision, what it does to the holds, and the ship-by deadline (counted
 * from when the hub received the order, so a re-evaluation never moves it later by itself).
 */
export function decideOrder(
  ctx: DecisionContext,
  order: OrderInput,
  current: { paymentStatus: string; holds: readonly OrderHold[]; previous?: RulesOutcome },
  receivedAt: string,
  now: string,
): OrderDecision {
  const facts = orderFacts(order, {
    customerOrderCount: ctx.customerOrderCount,
    riskScore: ctx.riskScore,
    paymentStatus: current.paymentStatus,
    ...(ctx.billingCountry !== undefined && { billingCountry: ctx.billingCountry }),
    ...(ctx.customerTier !== undefined && { customerTier: ctx.customerTier }),
    orderTotalUsdCents: ctx.orderTotalUsdCents,
  });
  const decision = evaluateRules(ctx.rules, facts, now);
  const changes = reconcileRuleHolds(current.holds, decision.holds, now);
  const shipBy = shipByFrom(receivedAt, decision.shipByHours);
  const outcome: RulesOutcome = {
    ruleSetVersion: ctx.ruleSetVersion,
    priorityClass: decision.priorityClass,
    priorityScore: decision.priorityScore,
    ...(shipBy !== undefined && { shipBy }),
    late: current.previous?.late ?? false,
    tags: decision.tags,
    ...(decision.preferredLocationId !== undefined && { preferredLocationId: decision.preferredLocationId }),
    log: decision.log,
    evaluations: (current.previous?.evaluations ?? 0) + 1,
  };
  return { outcome, changes, holds: applyHoldChanges(current.holds, changes) };
}

/** One line for the timeline: which rules matched and what they changed. */
export function describeDecision(trigger: string, d: OrderDecision): string {
  const matched = d.outcome.log.filter((l) => l.matched).map((l) => l.name);
  const parts = [
    `Rules v${d.outcome.ruleSetVersion} (${trigger}): ${matched.length > 0 ? `matched ${matched.join('; ')}` : 'no rule matched'}`,
    `priority ${d.outcome.priorityClass} (${d.outcome.priorityScore})`,
  ];
  if (d.outcome.shipBy) parts.push(`ship by ${d.outcome.shipBy}`);
  if (d.changes.placed.length > 0) parts.push(`holds placed: ${d.changes.placed.map((h) => h.reason).join(', ')}`);
  if (d.changes.released.length > 0) parts.push(`holds released: ${d.changes.released.map((h) => h.reason).join(', ')}`);
  return parts.join('; ');
}
