import { isCurrencyCode } from '../money';
import { isMoneyFact, isMoneyOp, thresholdMinor } from './moneyThreshold';
import {
  ACTION_TYPES,
  FACT_TYPES,
  HOLD_REASONS,
  MONEY_FACTS,
  MONEY_OPS,
  OPS,
  PRIORITY_CLASSES,
  type Action,
  type Condition,
  type ConditionValue,
  type FactName,
  type Op,
  type Rule,
} from './types';

export interface Problem {
  path: string;
  message: string;
}
export type ValidationResult = { ok: true; rules: Rule[] } | { ok: false; problems: Problem[] };

/** Deeper condition trees are refused (keeps evaluation's recursion bounded). */
export const MAX_CONDITION_DEPTH = 32;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: Obj, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const isFiniteNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNonEmptyStr = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);
const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' && !Number.isFinite(v) ? String(v) : typeof v);
const ISO_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

const RULE_KEYS = ['id', 'name', 'enabled', 'order', 'validFrom', 'validTo', 'when', 'actions', 'stopProcessing'];
const ACTION_KEYS: Record<string, string[]> = {
  addPriority: ['type', 'points'],
  setPriorityClass: ['type', 'value'],
  placeHold: ['type', 'reason', 'note'],
  setShipByHours: ['type', 'hours'],
  preferLocation: ['type', 'locationId'],
  tag: ['type', 'value'],
};

class Checker {
  readonly problems: Problem[] = [];
  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }
  unknownKeys(o: Obj, allowed: readonly string[], path: string): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.add(`${path}.${k}`, `unknown field "${k}"`);
  }

  condition(v: unknown, path: string, depth: number): Condition | undefined {
    if (depth > MAX_CONDITION_DEPTH) {
      this.add(path, `condition nested deeper than ${MAX_CONDITION_DEPTH}`);
      return undefined;
    }
    if (!isObj(v)) {
      this.add(path, `condition must be an object, got ${describe(v)}`);
      return undefined;
    }
    const kinds = ['all', 'any', 'not', 'fact'].filter((k) => has(v, k));
    if (kinds.length !== 1) {
      this.add(path, kinds.length === 0 ? 'condition needs one of all, any, not, fact' : `condition has more than one of ${kinds.join(', ')}`);
      return undefined;
    }
    const kind = kinds[0];
    if (kind === 'all' || kind === 'any') {
      this.unknownKeys(v, [kind], path);
      const list = v[kind];
      if (!Array.isArray(list)) {
        this.add(`${path}.${kind}`, `must be an array, got ${describe(list)}`);
        return undefined;
      }
      const children = list.map((c, i) => this.condition(c, `${path}.${kind}.${i}`, depth + 1));
      if (children.some((c) => c === undefined)) return undefined;
      return kind === 'all' ? { all: children as Condition[] } : { any: children as Condition[] };
    }
    if (kind === 'not') {
      this.unknownKeys(v, ['not'], path);
      const child = this.condition(v.not, `${path}.not`, depth + 1);
      return child === undefined ? undefined : { not: child };
    }
    return this.factCondition(v, path);
  }

  factCondition(v: Obj, path: string): Condition | undefined {
    this.unknownKeys(v, ['fact', 'op', 'value', 'currency'], path);
    if (has(v, 'currency')) return this.moneyThreshold(v, path);
    const before = this.problems.length;
    const { fact, op, value } = v;
    const factOk = typeof fact === 'string' && has(FACT_TYPES, fact);
    if (!factOk) this.add(`${path}.fact`, `unknown fact ${JSON.stringify(fact) ?? String(fact)}`);
    const opOk = oneOf(OPS, op);
    if (!opOk) this.add(`${path}.op`, `unknown op ${JSON.stringify(op) ?? String(op)}; expected one of ${OPS.join(', ')}`);
    if (!has(v, 'value')) {
      this.add(`${path}.value`, 'value is required');
      return undefined;
    }
    if (!opOk) return undefined;
    const factType = factOk ? FACT_TYPES[fact as FactName] : undefined;
    const vp = `${path}.value`;
    switch (op as Op) {
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        if (!isFiniteNum(value)) this.add(vp, `op ${op} needs a finite number, got ${describe(value)}`);
        if (factType !== undefined && factType !== 'number') this.add(`${path}.op`, `op ${op} needs a numeric fact; ${fact} is ${factType}`);
        break;
      case 'in':
      case 'notIn':
        if (!Array.isArray(value)) this.add(vp, `op ${op} needs an array, got ${describe(value)}`);
        else
          value.forEach((item, i) => {
            if (!(typeof item === 'string' || isFiniteNum(item))) this.add(`${vp}.${i}`, `list items must be strings or finite numbers, got ${describe(item)}`);
          });
        break;
      case 'contains':
        if (!(typeof value === 'string' || isFiniteNum(value))) this.add(vp, `op contains needs a string or finite number, got ${describe(value)}`);
        if (factType !== undefined && factType !== 'string' && factType !== 'string[]') this.add(`${path}.op`, `op contains needs a string or list fact; ${fact} is ${factType}`);
        break;
      case 'eq':
      case 'neq':
        if (!(typeof value === 'string' || typeof value === 'boolean' || isFiniteNum(value)))
          this.add(vp, `op ${op} needs a string, boolean or finite number, got ${describe(value)}`);
        if (factType === 'string[]') this.add(`${path}.op`, `op ${op} cannot compare list fact ${fact}; use contains or in`);
        break;
    }
    if (this.problems.length !== before) return undefined;
    const copy: ConditionValue = Array.isArray(value) ? [...(value as (string | number)[])] : (value as string | number | boolean);
    return { fact: fact as FactName, op: op as Op, value: copy };
  }

  /** A condition with a currency (src/domain/rules/moneyThreshold.ts): money fact, comparison op, decimal string. */
  moneyThreshold(v: Obj, path: string): Condition | undefined {
    const before = this.problems.length;
    const { fact, op, value, currency } = v;
    if (!(typeof fact === 'string' && isMoneyFact(fact)))
      this.add(`${path}.fact`, `a condition with a currency needs a money fact (${MONEY_FACTS.join(', ')}), got ${JSON.stringify(fact) ?? String(fact)}`);
    if (!(typeof op === 'string' && isMoneyOp(op)))
      this.add(`${path}.op`, `a condition with a currency needs one of ${MONEY_OPS.join(', ')}, got ${JSON.stringify(op) ?? String(op)}`);
    if (!(typeof currency === 'string' && isCurrencyCode(currency))) {
      this.add(`${path}.currency`, `currency must be an ISO 4217 code like "EUR", got ${JSON.stringify(currency) ?? String(currency)}`);
    } else if (!has(v, 'value')) this.add(`${path}.value`, 'value is required');
    else {
      const threshold = thresholdMinor(value, currency);
      if (!threshold.ok) this.add(`${path}.value`, threshold.message);
    }
    if (this.problems.length !== before) return undefined;
    return { fact: fact as FactName, op: op as Op, value: value as string, currency: currency as string };
  }

  action(v: unknown, path: string): Action | undefined {
    if (!isObj(v)) {
      this.add(path, `action must be an object, got ${describe(v)}`);
      return undefined;
    }
    if (!oneOf(ACTION_TYPES, v.type)) {
      this.add(`${path}.type`, `unknown action type ${JSON.stringify(v.type) ?? String(v.type)}; expected one of ${ACTION_TYPES.join(', ')}`);
      return undefined;
    }
    this.unknownKeys(v, ACTION_KEYS[v.type], path);
    const before = this.problems.length;
    let out: Action | undefined;
    switch (v.type) {
      case 'addPriority':
        if (!isFiniteNum(v.points)) this.add(`${path}.points`, `points must be a finite number, got ${describe(v.points)}`);
        else out = { type: 'addPriority', points: v.points };
        break;
      case 'setPriorityClass':
        if (!oneOf(PRIORITY_CLASSES, v.value)) this.add(`${path}.value`, `priority class must be one of ${PRIORITY_CLASSES.join(', ')}`);
        else out = { type: 'setPriorityClass', value: v.value };
        break;
      case 'placeHold':
        if (!oneOf(HOLD_REASONS, v.reason)) this.add(`${path}.reason`, `hold reason must be one of ${HOLD_REASONS.join(', ')}`);
        if (v.note !== undefined && typeof v.note !== 'string') this.add(`${path}.note`, `note must be a string, got ${describe(v.note)}`);
        if (oneOf(HOLD_REASONS, v.reason) && (v.note === undefined || typeof v.note === 'string'))
          out = v.note === undefined ? { type: 'placeHold', reason: v.reason } : { type: 'placeHold', reason: v.reason, note: v.note };
        break;
      case 'setShipByHours':
        if (!isFiniteNum(v.hours) || v.hours <= 0) this.add(`${path}.hours`, `hours must be a finite number above 0, got ${JSON.stringify(v.hours) ?? describe(v.hours)}`);
        else out = { type: 'setShipByHours', hours: v.hours };
        break;
      case 'preferLocation':
        if (!isNonEmptyStr(v.locationId)) this.add(`${path}.locationId`, 'locationId must be a non-empty string');
        else out = { type: 'preferLocation', locationId: v.locationId };
        break;
      case 'tag':
        if (!isNonEmptyStr(v.value)) this.add(`${path}.value`, 'tag must be a non-empty string');
        else out = { type: 'tag', value: v.value };
        break;
    }
    return this.problems.length === before ? out : undefined;
  }

  date(v: unknown, path: string): string | undefined {
    if (typeof v !== 'string' || !ISO_RE.test(v) || Number.isNaN(Date.parse(v))) {
      this.add(path, `must be an ISO 8601 date-time string, got ${JSON.stringify(v) ?? describe(v)}`);
      return undefined;
    }
    return v;
  }

  rule(v: unknown, path: string): Rule | undefined {
    if (!isObj(v)) {
      this.add(path, `rule must be an object, got ${describe(v)}`);
      return undefined;
    }
    const before = this.problems.length;
    this.unknownKeys(v, RULE_KEYS, path);
    if (!isNonEmptyStr(v.id)) this.add(`${path}.id`, 'id must be a non-empty string');
    if (typeof v.name !== 'string') this.add(`${path}.name`, `name must be a string, got ${describe(v.name)}`);
    if (typeof v.enabled !== 'boolean') this.add(`${path}.enabled`, `enabled must be a boolean, got ${describe(v.enabled)}`);
    if (!isFiniteNum(v.order)) this.add(`${path}.order`, `order must be a finite number, got ${describe(v.order)}`);
    if (typeof v.stopProcessing !== 'boolean') this.add(`${path}.stopProcessing`, `stopProcessing must be a boolean, got ${describe(v.stopProcessing)}`);
    const validFrom = v.validFrom === undefined ? undefined : this.date(v.validFrom, `${path}.validFrom`);
    const validTo = v.validTo === undefined ? undefined : this.date(v.validTo, `${path}.validTo`);
    if (validFrom !== undefined && validTo !== undefined && Date.parse(validFrom) > Date.parse(validTo))
      this.add(`${path}.validFrom`, `validFrom ${validFrom} is after validTo ${validTo}`);
    const when = has(v, 'when') ? this.condition(v.when, `${path}.when`, 0) : (this.add(`${path}.when`, 'when is required'), undefined);
    let actions: Action[] = [];
    if (!Array.isArray(v.actions)) this.add(`${path}.actions`, `actions must be an array, got ${describe(v.actions)}`);
    else actions = v.actions.map((a, i) => this.action(a, `${path}.actions.${i}`)).filter((a): a is Action => a !== undefined);
    if (this.problems.length !== before || when === undefined) return undefined;
    const rule: Rule = {
      id: v.id as string,
      name: v.name as string,
      enabled: v.enabled as boolean,
      order: v.order as number,
      when,
      actions,
      stopProcessing: v.stopProcessing as boolean,
    };
    if (validFrom !== undefined) rule.validFrom = validFrom;
    if (validTo !== undefined) rule.validTo = validTo;
    return rule;
  }
}

/**
 * Structural validation of a rule set (an array of rules, or `{ rules: [...] }`).
 * Never throws; every problem names its path, e.g. `rules.2.when.any.0.op`.
 * On success the returned rules are fresh copies, safe to evaluate.
 */
export function validateRuleSet(input: unknown): ValidationResult {
  const c = new Checker();
  let list: unknown = input;
  if (isObj(input)) {
    for (const k of Object.keys(input)) if (k !== 'rules') c.add(k, `unknown field "${k}"`);
    list = input.rules;
  }
  if (!Array.isArray(list)) {
    c.add('rules', `rule set must be an array of rules, got ${describe(list)}`);
    return { ok: false, problems: c.problems };
  }
  const rules: Rule[] = [];
  const seen = new Map<string, number>();
  list.forEach((raw, i) => {
    const rule = c.rule(raw, `rules.${i}`);
    if (isObj(raw) && typeof raw.id === 'string') {
      const first = seen.get(raw.id);
      if (first !== undefined) c.add(`rules.${i}.id`, `duplicate rule id "${raw.id}" (also rules.${first}.id)`);
      else seen.set(raw.id, i);
    }
    if (rule) rules.push(rule);
  });
  return c.problems.length === 0 ? { ok: true, rules } : { ok: false, problems: c.problems };
}
