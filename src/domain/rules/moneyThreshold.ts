/**
 * A money threshold: a condition on a money fact that states its currency, e.g.
 * `{ fact: 'orderTotalMinor', op: 'gt', value: '500.00', currency: 'EUR' }`. Minor units of two
 * currencies cannot be compared (500.00 EUR is 50000, 500 JPY is 500), so such a condition
 * matches only orders in that currency and compares in that currency's minor units.
 * Pure: runs inside workflow code.
 */
import { MoneyFormatError, parseMoney } from '../money';
import { MONEY_FACTS, MONEY_OPS, type FactCondition, type Facts, type MoneyFact } from './types';

export const isMoneyFact = (fact: string): fact is MoneyFact => (MONEY_FACTS as readonly string[]).includes(fact);
export const isMoneyOp = (op: string): boolean => (MONEY_OPS as readonly string[]).includes(op);

/** The threshold in minor units, or a reason it cannot be one (the validator's message). */
export function thresholdMinor(value: unknown, currency: string): { ok: true; minor: number } | { ok: false; message: string } {
  if (typeof value !== 'string') return { ok: false, message: `a threshold with a currency is a decimal string like "500.00", got ${typeof value}` };
  try {
    return { ok: true, minor: parseMoney(value, currency) };
  } catch (e) {
    if (e instanceof MoneyFormatError) return { ok: false, message: e.message };
    throw e;
  }
}

/** Does the order match a condition that has a currency? Another currency never matches. */
export function moneyThresholdMatches(c: FactCondition & { currency: string }, facts: Facts): boolean {
  if (!isMoneyFact(c.fact) || facts.currency.toUpperCase() !== c.currency.toUpperCase()) return false;
  const threshold = thresholdMinor(c.value, c.currency);
  // validateRuleSet refuses such a rule; a stored one that slipped through matches nothing.
  if (!threshold.ok) return false;
  const fact = facts[c.fact];
  switch (c.op) {
    case 'eq':
      return fact === threshold.minor;
    case 'neq':
      return fact !== threshold.minor;
    case 'gt':
      return fact > threshold.minor;
    case 'gte':
      return fact >= threshold.minor;
    case 'lt':
      return fact < threshold.minor;
    case 'lte':
      return fact <= threshold.minor;
    default:
      return false;
  }
}
