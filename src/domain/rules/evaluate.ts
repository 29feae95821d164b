import { moneyThresholdMatches } from './moneyThreshold';
import type { Action, Condition, Decision, Facts, FactCondition, Hold, PriorityClass, Rule, RuleLogEntry } from './types';

const CLASS_RANK: Record<PriorityClass, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Deterministic sort: by order, then by id (plain code-unit comparison, no locale). */
export function sortRules(rules: readonly Rule[]): Rule[] {
  return [...rules].sort((a, b) => (a.order !== b.order ? a.order - b.order : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function isScalarIn(fact: unknown, list: readonly unknown[]): boolean {
  return list.some((v) => v === fact);
}

function evalFact(c: FactCondition, facts: Facts): boolean {
  if (c.currency !== undefined) return moneyThresholdMatches({ ...c, currency: c.currency }, facts);
  const fact: unknown = facts[c.fact];
  const value = c.value;
  switch (c.op) {
    case 'eq':
      return fact === value;
    case 'neq':
      return fact !== value;
    case 'gt':
      return typeof fact === 'number' && typeof value === 'number' && fact > value;
    case 'gte':
      return typeof fact === 'number' && typeof value === 'number' && fact >= value;
    case 'lt':
      return typeof fact === 'number' && typeof value === 'number' && fact < value;
    case 'lte':
      return typeof fact === 'number' && typeof value === 'number' && fact <= value;
    case 'in':
    case 'notIn': {
      if (!Array.isArray(value)) return false;
      // A list fact (skus) is "in" the list when any of its elements is.
      const hit = Array.isArray(fact) ? fact.some((f) => isScalarIn(f, value)) : isScalarIn(fact, value);
      return c.op === 'in' ? hit : !hit;
    }
    case 'contains':
      if (Array.isArray(fact)) return isScalarIn(value, fact);
      if (typeof fact === 'string' && typeof value === 'string') return fact.includes(value);
      return false;
    default:
      return false;
  }
}

export function evaluateCondition(c: Condition, facts: Facts): boolean {
  if ('all' in c) return c.all.every((x) => evaluateCondition(x, facts));
  if ('any' in c) return c.any.some((x) => evaluateCondition(x, facts));
  if ('not' in c) return !evaluateCondition(c.not, facts);
  return evalFact(c, facts);
}

/** Is `now` inside the rule's [validFrom, validTo] window (inclusive)? An unparseable `now` fails any window. */
export function inWindow(rule: Rule, now: string): boolean {
  if (rule.validFrom === undefined && rule.validTo === undefined) return true;
  const t = Date.parse(now);
  if (Number.isNaN(t)) return false;
  if (rule.validFrom !== undefined && !(t >= Date.parse(rule.validFrom))) return false;
  if (rule.validTo !== undefined && !(t <= Date.parse(rule.validTo))) return false;
  return true;
}

const copyAction = (a: Action): Action => ({ ...a });

/**
 * Run the rules against the facts. `now` is passed in (ISO) so the result is deterministic.
 * Priority class: the most urgent class set by any matched rule wins (default 'normal').
 * Holds: one per reason, the first rule to place it wins. shipByHours: the smallest. Location: the first.
 * Rules after a matched stopProcessing rule are not evaluated and not logged.
 */
export function evaluateRules(rules: readonly Rule[], facts: Facts, now: string): Decision {
  let priorityScore = 0;
  let priorityClass: PriorityClass | undefined;
  const holds: Hold[] = [];
  let shipByHours: number | undefined;
  let preferredLocationId: string | undefined;
  const tags = new Set<string>();
  const log: RuleLogEntry[] = [];

  for (const rule of sortRules(rules)) {
    const matched = rule.enabled && inWindow(rule, now) && evaluateCondition(rule.when, facts);
    if (!matched) {
      log.push({ ruleId: rule.id, name: rule.name, matched: false, actions: [] });
      continue;
    }
    for (const action of rule.actions) {
      switch (action.type) {
        case 'addPriority':
          priorityScore += action.points;
          break;
        case 'setPriorityClass':
          if (priorityClass === undefined || CLASS_RANK[action.value] < CLASS_RANK[priorityClass]) priorityClass = action.value;
          break;
        case 'placeHold':
          if (!holds.some((h) => h.reason === action.reason)) {
            holds.push(action.note === undefined ? { reason: action.reason, ruleId: rule.id } : { reason: action.reason, note: action.note, ruleId: rule.id });
          }
          break;
        case 'setShipByHours':
          if (shipByHours === undefined || action.hours < shipByHours) shipByHours = action.hours;
          break;
        case 'preferLocation':
          if (preferredLocationId === undefined) preferredLocationId = action.locationId;
          break;
        case 'tag':
          tags.add(action.value);
          break;
      }
    }
    log.push({ ruleId: rule.id, name: rule.name, matched: true, actions: rule.actions.map(copyAction) });
    if (rule.stopProcessing) break;
  }

  const decision: Decision = {
    priorityScore,
    priorityClass: priorityClass ?? 'normal',
    holds,
    tags: [...tags].sort(),
    log,
  };
  if (shipByHours !== undefined) decision.shipByHours = shipByHours;
  if (preferredLocationId !== undefined) decision.preferredLocationId = preferredLocationId;
  return decision;
}
