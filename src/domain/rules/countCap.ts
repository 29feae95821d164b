import type { Condition, Rule } from './types';

function numbersIn(c: Condition, out: number[]): void {
  if ('all' in c) c.all.forEach((x) => numbersIn(x, out));
  else if ('any' in c) c.any.forEach((x) => numbersIn(x, out));
  else if ('not' in c) numbersIn(c.not, out);
  else if (c.fact === 'customerOrderCount') {
    for (const v of Array.isArray(c.value) ? c.value : [c.value]) if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  }
}

/**
 * How far a customer's earlier orders need counting for these rules and the risk score: every
 * count from the result on compares alike with each number the rules compare customerOrderCount
 * with (eq, neq, gt, gte, lt, lte, in, notIn), and the risk score only asks "any at all" (1).
 * Counting further would change no decision, and costs a read per earlier order: a customer
 * with thousands of orders would make each new one slower (issue 17, docs/history-growth.md).
 */
export function customerOrderCountCap(rules: readonly Rule[]): number {
  const thresholds: number[] = [];
  for (const rule of rules) numbersIn(rule.when, thresholds);
  return Math.max(1, ...thresholds.map((t) => Math.floor(t) + 1));
}
