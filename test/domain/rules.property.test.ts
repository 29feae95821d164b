import fc from 'fast-check';
import {
  ACTION_TYPES,
  FACT_NAMES,
  HOLD_REASONS,
  OPS,
  PRIORITY_CLASSES,
  evaluateRules,
  validateRuleSet,
  type Action,
  type Condition,
  type Facts,
  type Rule,
} from '../../src/domain/rules';

const NOW = '2026-06-15T12:00:00Z';

const factsArb: fc.Arbitrary<Facts> = fc.record({
  channel: fc.constantFrom('web', 'pos', 'marketplace'),
  customerTier: fc.constantFrom('standard', 'vip'),
  serviceLevel: fc.constantFrom('standard', 'expedited', 'next_day'),
  orderSubtotalMinor: fc.integer({ min: 0, max: 200_000 }),
  orderDiscountsMinor: fc.integer({ min: 0, max: 20_000 }),
  orderTaxMinor: fc.integer({ min: 0, max: 20_000 }),
  orderTotalMinor: fc.integer({ min: 0, max: 200_000 }),
  orderTotalUsdCents: fc.integer({ min: 0, max: 200_000 }),
  exchangeRateKnown: fc.boolean(),
  currency: fc.constantFrom('EUR', 'USD'),
  lineCount: fc.integer({ min: 0, max: 10 }),
  unitCount: fc.integer({ min: 0, max: 50 }),
  destinationCountry: fc.constantFrom('FR', 'DE', 'US'),
  destinationRegion: fc.constantFrom('', 'CA', 'ARA'),
  skus: fc.uniqueArray(fc.constantFrom('A', 'B', 'C', 'D'), { maxLength: 4 }),
  paymentStatus: fc.constantFrom('paid', 'pending', 'failed'),
  addressComplete: fc.boolean(),
  customerOrderCount: fc.integer({ min: 0, max: 100 }),
  riskScore: fc.integer({ min: 0, max: 100 }),
  billingCountryMismatch: fc.boolean(),
  isPrime: fc.boolean(),
});

const scalarArb = fc.oneof(fc.constantFrom('web', 'vip', 'next_day', 'FR', 'A', 'pending', 'x'), fc.integer({ min: -5, max: 100_000 }));
const leafArb: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ fact: fc.constantFrom(...FACT_NAMES.filter((f) => f !== 'skus')), op: fc.constantFrom('eq', 'neq'), value: fc.oneof(scalarArb, fc.boolean()) }),
  fc.record({
    fact: fc.constantFrom('orderTotalMinor', 'riskScore', 'unitCount', 'lineCount', 'customerOrderCount'),
    op: fc.constantFrom('gt', 'gte', 'lt', 'lte'),
    value: fc.integer({ min: -5, max: 100_000 }),
  }),
  fc.record({ fact: fc.constantFrom(...FACT_NAMES), op: fc.constantFrom('in', 'notIn'), value: fc.array(scalarArb, { maxLength: 4 }) }),
  fc.record({ fact: fc.constantFrom('skus', 'channel', 'destinationCountry'), op: fc.constantFrom('contains'), value: scalarArb }),
) as fc.Arbitrary<Condition>;
const { condition: conditionArb } = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.record({ all: fc.array(tie('condition'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('condition'), { maxLength: 3 }) }),
    fc.record({ not: tie('condition') }),
  ),
}));

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ type: fc.constant('addPriority' as const), points: fc.integer({ min: -100, max: 100 }) }),
  fc.record({ type: fc.constant('setPriorityClass' as const), value: fc.constantFrom(...PRIORITY_CLASSES) }),
  fc.record({ type: fc.constant('placeHold' as const), reason: fc.constantFrom(...HOLD_REASONS), note: fc.string({ maxLength: 5 }) }, { requiredKeys: ['type', 'reason'] }),
  fc.record({ type: fc.constant('setShipByHours' as const), hours: fc.integer({ min: 1, max: 96 }) }),
  fc.record({ type: fc.constant('preferLocation' as const), locationId: fc.constantFrom('L1', 'L2', 'L3') }),
  fc.record({ type: fc.constant('tag' as const), value: fc.constantFrom('a', 'b', 'c') }),
);

const ruleBodyArb = fc.record(
  {
    name: fc.string({ maxLength: 8 }),
    enabled: fc.boolean(),
    order: fc.integer({ min: -3, max: 3 }),
    validFrom: fc.constantFrom('2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z'),
    validTo: fc.constantFrom('2026-12-31T00:00:00Z', '2026-06-01T00:00:00Z'),
    when: conditionArb,
    actions: fc.array(actionArb, { maxLength: 4 }),
    stopProcessing: fc.boolean(),
  },
  { requiredKeys: ['name', 'enabled', 'order', 'when', 'actions', 'stopProcessing'] },
);
const rulesArb: fc.Arbitrary<Rule[]> = fc
  .uniqueArray(
    fc.string({ minLength: 1, maxLength: 4 }).filter((s) => s.trim() !== ''),
    { maxLength: 8 },
  )
  .chain((ids) => fc.tuple(...ids.map((id) => ruleBodyArb.map((body): Rule => ({ id, ...body })))));

describe('rules engine properties', () => {
  it('well-formed rule sets pass validation unchanged (round trip)', () => {
    fc.assert(
      fc.property(rulesArb, (rules) => {
        const sane = rules.filter((r) => !(r.validFrom && r.validTo && r.validFrom > r.validTo));
        expect(validateRuleSet(sane)).toEqual({ ok: true, rules: sane });
      }),
    );
  });

  it('evaluation is deterministic: same input, same output', () => {
    fc.assert(
      fc.property(rulesArb, factsArb, (rules, facts) => {
        const copy = structuredClone(rules);
        expect(evaluateRules(rules, facts, NOW)).toEqual(evaluateRules(copy, structuredClone(facts), NOW));
      }),
    );
  });

  it('the order of the input array does not matter', () => {
    fc.assert(
      fc.property(
        rulesArb.chain((rules) => fc.tuple(fc.constant(rules), fc.shuffledSubarray(rules, { minLength: rules.length, maxLength: rules.length }))),
        factsArb,
        ([rules, shuffled], facts) => {
          expect(evaluateRules(shuffled, facts, NOW)).toEqual(evaluateRules(rules, facts, NOW));
        },
      ),
    );
  });

  it('disabled rules never change the decision (other than their own not-matched log line)', () => {
    fc.assert(
      fc.property(rulesArb, factsArb, (rules, facts) => {
        const disabled = new Set(rules.filter((r) => !r.enabled).map((r) => r.id));
        const full = evaluateRules(rules, facts, NOW);
        const without = evaluateRules(
          rules.filter((r) => r.enabled),
          facts,
          NOW,
        );
        const { log: fullLog, ...fullRest } = full;
        const { log: withoutLog, ...withoutRest } = without;
        expect(fullRest).toEqual(withoutRest);
        expect(fullLog.filter((l) => !disabled.has(l.ruleId))).toEqual(withoutLog);
        for (const l of fullLog) if (disabled.has(l.ruleId)) expect(l).toMatchObject({ matched: false, actions: [] });
      }),
    );
  });

  it('decision invariants: holds unique by reason, tags sorted and unique, shipByHours is the minimum set', () => {
    fc.assert(
      fc.property(rulesArb, factsArb, (rules, facts) => {
        const d = evaluateRules(rules, facts, NOW);
        expect(new Set(d.holds.map((h) => h.reason)).size).toBe(d.holds.length);
        expect(d.tags).toEqual([...new Set(d.tags)].sort());
        const applied = d.log.flatMap((l) => l.actions);
        const hours = applied.flatMap((a) => (a.type === 'setShipByHours' ? [a.hours] : []));
        expect(d.shipByHours).toBe(hours.length ? Math.min(...hours) : undefined);
        expect(d.priorityScore).toBe(applied.reduce((s, a) => s + (a.type === 'addPriority' ? a.points : 0), 0));
      }),
    );
  });

  it('validateRuleSet never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const r = validateRuleSet(json);
        if (!r.ok) for (const p of r.problems) expect(typeof p.path === 'string' && typeof p.message === 'string').toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('validateRuleSet never throws on rule-shaped junk, and every set it accepts evaluates without throwing', () => {
    // Near-miss values mixed into the right shape, so that some sets are accepted.
    const junk = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(Infinity, NaN, undefined, null, -0));
    const mutate = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: arb as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: junk });
    const looseCondition = fc.oneof(
      fc.record({
        fact: mutate(fc.constantFrom(...FACT_NAMES)),
        op: mutate(fc.constantFrom(...OPS)),
        value: mutate(fc.oneof(scalarArb, fc.boolean(), fc.array(scalarArb, { maxLength: 3 }))),
      }),
      fc.record({
        any: fc.array(fc.record({ fact: fc.constantFrom(...FACT_NAMES), op: fc.constantFrom(...OPS), value: fc.oneof(scalarArb, fc.array(scalarArb)) }), { maxLength: 2 }),
      }),
      conditionArb,
    );
    const looseAction = fc.record(
      {
        type: mutate(fc.constantFrom(...ACTION_TYPES)),
        points: mutate(fc.integer()),
        value: mutate(fc.constantFrom('urgent', 'low', 'tag-a')),
        reason: mutate(fc.constantFrom(...HOLD_REASONS)),
        hours: mutate(fc.integer({ min: 1, max: 100 })),
        locationId: mutate(fc.constant('L1')),
      },
      { requiredKeys: ['type'] },
    );
    const looseRule = fc.record(
      {
        id: mutate(fc.constantFrom('a', 'b', 'c')),
        name: mutate(fc.constant('n')),
        enabled: mutate(fc.boolean()),
        order: mutate(fc.integer({ min: -2, max: 2 })),
        validFrom: mutate(fc.constantFrom('2026-01-01T00:00:00Z', '2026-07-01')),
        validTo: mutate(fc.constantFrom('2026-12-31T00:00:00Z', '2026-06-01T00:00:00.000+02:00')),
        when: mutate(looseCondition),
        actions: mutate(fc.array(looseAction, { maxLength: 3 })),
        stopProcessing: mutate(fc.boolean()),
      },
      { requiredKeys: ['id', 'name', 'enabled', 'order', 'when', 'actions', 'stopProcessing'] },
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(looseRule, { maxLength: 4 }), factsArb, (input, facts) => {
        const r = validateRuleSet(input);
        if (r.ok) {
          accepted++;
          const d = evaluateRules(r.rules, facts, NOW);
          expect(d.log.length).toBeLessThanOrEqual(r.rules.length);
        } else {
          expect(r.problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});
