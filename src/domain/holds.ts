import type { Hold as RuleHold, HoldReason } from './rules/types';

/**
 * Order holds: reasons an order may not ship yet. Pure, so the workflow can decide about holds
 * deterministically and tests can cover every case without a server.
 */
export interface OrderHold {
  reason: HoldReason;
  note?: string;
  /** `rule:<rule id>`, `system`, or the operator who placed it. */
  placedBy: string;
  placedAt: string;
  releasedAt?: string;
  releasedBy?: string;
  releaseNote?: string;
  escalatedAt?: string;
}

export interface HoldChanges {
  placed: OrderHold[];
  /** A hold is known by its reason and when it was placed (one open hold per reason). */
  released: { reason: HoldReason; placedAt: string; releasedAt: string; releasedBy: string; note?: string }[];
  escalated: { reason: HoldReason; placedAt: string; escalatedAt: string }[];
}

/** Who releases a rule hold that a later evaluation no longer places. */
export const RULES_ACTOR = 'rules';
export const SYSTEM_ACTOR = 'system';

/**
 * Whether an operator's place or release may carry this actor: never the rules' or the hub's own
 * names, since "rule:<id>" holds are released by the next evaluation and a hold released by
 * "rules" is placed again. The API sends the calling key's name, which cannot take these forms
 * (src/api/auth/keys.ts); this guards the workflow against any other client of Temporal.
 */
export const isOperatorActor = (actor: string): boolean => !actor.startsWith('rule:') && actor !== RULES_ACTOR && actor !== SYSTEM_ACTOR;

/** These resolve themselves (payment arrives, stock is reserved); an operator cannot wave them through. */
export const AUTO_RESOLVING_HOLDS: readonly HoldReason[] = ['payment', 'inventory'];

/** How long a hold may stay open before it is escalated. */
export const DEFAULT_HOLD_SLA_MS: Record<HoldReason, number> = {
  payment: 12 * 3_600_000,
  fraud_review: 4 * 3_600_000,
  address: 24 * 3_600_000,
  manual: 48 * 3_600_000,
  inventory: 7 * 24 * 3_600_000,
  integration: 2 * 3_600_000,
  unmapped_sku: 24 * 3_600_000,
  // Someone has to compare the hub's figures with the channel's: a working day.
  total_mismatch: 24 * 3_600_000,
};

export const noHoldChanges = (): HoldChanges => ({ placed: [], released: [], escalated: [] });

export const isOpen = (hold: OrderHold): boolean => hold.releasedAt === undefined;

export function openHolds(holds: readonly OrderHold[]): OrderHold[] {
  return holds.filter(isOpen);
}

export function openReasons(holds: readonly OrderHold[]): HoldReason[] {
  return [...new Set(openHolds(holds).map((h) => h.reason))].sort();
}

const placedByRule = (hold: OrderHold) => hold.placedBy.startsWith('rule:');

/**
 * What a new rule decision changes. A rule hold the decision no longer asks for is released by
 * the rules (the fault was fixed: payment came, the address was corrected). A reason an operator
 * released is never placed again by the rules for this order: the operator's call stands.
 */
export function reconcileRuleHolds(holds: readonly OrderHold[], decided: readonly RuleHold[], now: string): HoldChanges {
  const changes = noHoldChanges();
  const wanted = new Set(decided.map((h) => h.reason));
  for (const hold of decided) {
    const open = holds.some((h) => isOpen(h) && h.reason === hold.reason);
    const overruled = holds.some((h) => !isOpen(h) && h.reason === hold.reason && h.releasedBy !== RULES_ACTOR);
    if (!open && !overruled) {
      changes.placed.push({ reason: hold.reason, ...(hold.note !== undefined && { note: hold.note }), placedBy: `rule:${hold.ruleId}`, placedAt: now });
    }
  }
  for (const hold of openHolds(holds)) {
    if (placedByRule(hold) && !wanted.has(hold.reason)) {
      changes.released.push({ reason: hold.reason, placedAt: hold.placedAt, releasedAt: now, releasedBy: RULES_ACTOR });
    }
  }
  return changes;
}

/** The holds after the changes; the input is not modified. */
export function applyHoldChanges(holds: readonly OrderHold[], changes: HoldChanges): OrderHold[] {
  const next = holds.map((h) => ({ ...h }));
  const find = (c: { reason: HoldReason; placedAt: string }) => next.find((h) => isOpen(h) && h.reason === c.reason && h.placedAt === c.placedAt);
  for (const r of changes.released) {
    const hold = find(r);
    if (hold) Object.assign(hold, { releasedAt: r.releasedAt, releasedBy: r.releasedBy }, r.note !== undefined && { releaseNote: r.note });
  }
  for (const e of changes.escalated) {
    const hold = find(e);
    if (hold) hold.escalatedAt = e.escalatedAt;
  }
  return [...next, ...changes.placed];
}

/** Open holds past their SLA that were not escalated yet. */
export function holdsToEscalate(holds: readonly OrderHold[], slaMs: Record<HoldReason, number>, nowMs: number): OrderHold[] {
  return openHolds(holds).filter((h) => h.escalatedAt === undefined && Date.parse(h.placedAt) + slaMs[h.reason] <= nowMs);
}

/** When the next open hold reaches its SLA (epoch ms), if any. */
export function nextEscalationAt(holds: readonly OrderHold[], slaMs: Record<HoldReason, number>): number | undefined {
  const due = openHolds(holds)
    .filter((h) => h.escalatedAt === undefined)
    .map((h) => Date.parse(h.placedAt) + slaMs[h.reason]);
  return due.length > 0 ? Math.min(...due) : undefined;
}

/** Releases every open hold, e.g. when the order is cancelled. */
export function releaseAll(holds: readonly OrderHold[], releasedBy: string, now: string, note?: string): HoldChanges {
  return {
    ...noHoldChanges(),
    released: openHolds(holds).map((h) => ({ reason: h.reason, placedAt: h.placedAt, releasedAt: now, releasedBy, ...(note !== undefined && { note }) })),
  };
}

/** Why an operator may not place this hold now, or undefined when they may. */
export function placeHoldProblem(holds: readonly OrderHold[], reason: HoldReason, canStillHold: boolean): string | undefined {
  if (!canStillHold) return 'the order is already being fulfilled or is closed; a hold can no longer stop it';
  if (AUTO_RESOLVING_HOLDS.includes(reason) || reason === 'integration' || reason === 'unmapped_sku') return `a ${reason} hold is placed by the order itself`;
  if (holds.some((h) => isOpen(h) && h.reason === reason)) return `the order already has an open ${reason} hold`;
  return undefined;
}

/** Why an operator may not release this hold, or undefined when they may. */
export function releaseHoldProblem(holds: readonly OrderHold[], reason: HoldReason): string | undefined {
  if (!holds.some((h) => isOpen(h) && h.reason === reason)) return `the order has no open ${reason} hold`;
  if (reason === 'integration') return 'an integration hold ends when the failed step is retried or skipped (POST /api/v1/orders/:orderId/integration/retry or /skip)';
  // The order's own payment hold (an authorization about to expire) waits for an operator's decision.
  const ownPaymentHold = reason === 'payment' && holds.some((h) => isOpen(h) && h.reason === reason && h.placedBy === SYSTEM_ACTOR);
  if (AUTO_RESOLVING_HOLDS.includes(reason) && !ownPaymentHold)
    return `a ${reason} hold resolves by itself (${reason === 'payment' ? 'when the payment arrives' : 'when the stock is reserved'})`;
  return undefined;
}
