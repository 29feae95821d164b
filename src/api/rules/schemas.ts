import { z } from 'zod';
import { ACTION_TYPES, FACT_NAMES, FACT_TYPES, HOLD_REASONS, MAX_CONDITION_DEPTH, MONEY_FACTS, MONEY_OPS, OPS, PRIORITY_CLASSES } from '../../domain/rules';
import { ISO_4217_CODES } from '../../domain/currencies';
import { createOrderSchema } from '../orders/schemas';
import { text } from '../schemaParts';

/*
 * The shape of src/domain/rules/types.ts, so every mistake names its field (e.g.
 * body.rules.2.when.any.0.fact). What depends on more than one field (op against the fact's type,
 * duplicate ids, validFrom after validTo) is validateRuleSet's job, in the service.
 */

const oneOf = (list: readonly string[]) => `must be one of ${list.join(', ')}`;
// A date or date-time that Date.parse reads (validateRuleSet, src/domain/rules/validate.ts, refuses
// what it cannot); a window that ends before it starts is the service's 400.
const isoDate = z
  .string()
  .max(40)
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?)?$/, 'must be an ISO 8601 date-time string');

const conditionValue = z.union(
  [z.string().max(200), z.number(), z.boolean(), z.array(z.union([z.string().max(200), z.number()], { error: 'list items must be strings or numbers' })).max(1000)],
  { error: 'must be a string, number, boolean or a list of strings and numbers' },
);

const factsOfType = (...types: string[]) => FACT_NAMES.filter((f) => types.includes(FACT_TYPES[f]));
const factCondition = (ops: readonly string[], facts: readonly string[], valueTypes: string[]) => ({
  required: ['fact', 'op', 'value'],
  maxProperties: 3,
  properties: { op: { enum: ops }, fact: { enum: facts }, value: { type: valueTypes } },
});

/**
 * The superRefine below (one kind per condition) and validateRuleSet's op/fact/value rules
 * (src/domain/rules/validate.ts), in the document's words.
 */
const CONDITION_KINDS = {
  anyOf: [
    { required: ['all'], maxProperties: 1 },
    { required: ['any'], maxProperties: 1 },
    { required: ['not'], maxProperties: 1 },
    factCondition(['gt', 'gte', 'lt', 'lte'], factsOfType('number'), ['number']),
    factCondition(['in', 'notIn'], FACT_NAMES, ['array']),
    factCondition(['contains'], factsOfType('string', 'string[]'), ['string', 'number']),
    factCondition(['eq', 'neq'], factsOfType('string', 'number', 'boolean'), ['string', 'number', 'boolean']),
    // A money threshold (src/domain/rules/moneyThreshold.ts): only orders in that currency, a decimal amount in its digits.
    {
      required: ['fact', 'op', 'value', 'currency'],
      maxProperties: 4,
      properties: {
        op: { enum: MONEY_OPS },
        fact: { enum: MONEY_FACTS },
        value: { type: 'string', pattern: '^\\d{1,12}(\\.\\d+)?$' },
        currency: { enum: [...ISO_4217_CODES].sort() },
      },
    },
  ],
};

/**
 * One object type for every kind of condition (all / any / not / fact), not a union: a union
 * would report a bad `op` as "invalid input" on the whole condition instead of naming `op`.
 */
type ConditionShape = { all?: ConditionShape[]; any?: ConditionShape[]; not?: ConditionShape; fact?: string; op?: string; value?: unknown; currency?: string };
export const conditionSchema: z.ZodType<ConditionShape> = z.lazy(() =>
  z
    .strictObject({
      // An empty `all` always matches (a rule for every order); an empty `any` never would.
      all: z.array(conditionSchema).max(100).optional(),
      any: z.array(conditionSchema).min(1, 'needs at least one condition (an empty any never matches)').max(100).optional(),
      not: conditionSchema.optional(),
      fact: z.enum(FACT_NAMES, { error: (i) => `unknown fact ${JSON.stringify(i.input) ?? 'undefined'}; ${oneOf(FACT_NAMES)}` }).optional(),
      op: z.enum(OPS, { error: (i) => `unknown op ${JSON.stringify(i.input) ?? 'undefined'}; ${oneOf(OPS)}` }).optional(),
      value: conditionValue.optional(),
      // With a currency the condition is a money threshold; validateRuleSet checks fact, op and amount.
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like "EUR"')
        .optional()
        .describe('A money threshold: value is a decimal amount in this currency ("500.00"); matches only orders in this currency.'),
    })
    .superRefine((c, ctx) => {
      const kinds = (['all', 'any', 'not', 'fact'] as const).filter((k) => c[k] !== undefined);
      if (kinds.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: kinds.length === 0 ? 'a condition needs one of all, any, not, fact' : `a condition has only one of ${kinds.join(', ')}`,
        });
        return;
      }
      if (kinds[0] === 'fact') {
        if (c.op === undefined) ctx.addIssue({ code: 'custom', path: ['op'], message: 'op is required' });
        if (c.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'value is required' });
      } else {
        for (const k of ['op', 'value', 'currency'] as const) if (c[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `${k} belongs to a fact condition only` });
      }
    })
    .meta(CONDITION_KINDS),
);

const actionSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('addPriority'), points: z.number().int('must be a whole number').min(-10_000).max(10_000) }),
    z.strictObject({ type: z.literal('setPriorityClass'), value: z.enum(PRIORITY_CLASSES, { error: oneOf(PRIORITY_CLASSES) }) }),
    z.strictObject({ type: z.literal('placeHold'), reason: z.enum(HOLD_REASONS, { error: `hold reason ${oneOf(HOLD_REASONS)}` }), note: z.string().max(500).optional() }),
    z.strictObject({
      type: z.literal('setShipByHours'),
      hours: z
        .number()
        .positive('must be above 0')
        .max(24 * 365),
    }),
    z.strictObject({ type: z.literal('preferLocation'), locationId: text(64) }),
    z.strictObject({ type: z.literal('tag'), value: text(64) }),
  ],
  { error: (i) => (i.code === 'invalid_union' ? `unknown action type; ${oneOf(ACTION_TYPES)}` : undefined) },
);

export const ruleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-"'),
  name: text(200),
  enabled: z.boolean(),
  order: z.number().int('must be a whole number').min(-1_000_000).max(1_000_000),
  validFrom: isoDate.optional(),
  validTo: isoDate.optional(),
  when: conditionSchema,
  actions: z.array(actionSchema).min(1, 'a rule needs at least one action').max(20),
  stopProcessing: z.boolean(),
});

/** Deep trees are refused before zod walks them, so a hostile body cannot exhaust the stack. */
function conditionDepth(root: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

export const rulesSchema = z
  .unknown()
  .superRefine((v, ctx) => {
    if (!Array.isArray(v)) return;
    v.forEach((rule, i) => {
      // Two JSON levels per condition level (object, then its all/any array).
      if (conditionDepth((rule as { when?: unknown } | null)?.when, 2 * MAX_CONDITION_DEPTH + 1) > 2 * MAX_CONDITION_DEPTH + 1) {
        ctx.addIssue({ code: 'custom', path: [i, 'when'], message: `condition nested deeper than ${MAX_CONDITION_DEPTH}` });
      }
    });
  })
  .pipe(z.array(ruleSchema, { error: 'must be an array of rules' }).max(500, 'at most 500 rules'));

// The author of a version is the calling (admin) key's name; a body naming one is refused.
export const putRulesSchema = z.strictObject({
  rules: rulesSchema,
  comment: z.string().max(500, 'must be at most 500 characters').trim().optional(),
});

export const restoreSchema = z.strictObject({});

export const versionParams = z.object({ version: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(2_147_483_647) });

export const listVersionsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export const previewSchema = z.strictObject({
  rules: rulesSchema.optional(),
  order: createOrderSchema,
});
