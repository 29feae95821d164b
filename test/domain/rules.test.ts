import { DEFAULT_RULES, evaluateRules, orderFacts, validateRuleSet, type Action, type Condition, type Facts, type Rule } from '../../src/domain/rules';
import type { OrderInput } from '../../src/domain/order';

const NOW = '2026-06-15T12:00:00Z';

const order = (over: Partial<OrderInput> = {}): OrderInput => ({
  orderId: 'o-1',
  channel: 'web',
  externalId: 'ext-1',
  customer: { email: 'a@example.com', name: 'Ann', tier: 'standard' },
  currency: 'EUR',
  lines: [
    { lineNo: 1, sku: 'B', quantity: 2, unitPriceMinor: 1000 },
    { lineNo: 2, sku: 'A', quantity: 1, unitPriceMinor: 500 },
    { lineNo: 3, sku: 'B', quantity: 1, unitPriceMinor: 1000 },
  ],
  shippingAddress: { name: 'Ann', line1: '1 Main St', city: 'Lyon', region: 'ARA', postalCode: '69001', country: 'FR' },
  shippingService: 'standard',
  shippingMinor: 495,
  payment: { status: 'paid' },
  placedAt: '2026-06-15T10:00:00Z',
  ...over,
});

// The order below is 39.95 EUR: about 43 USD.
const extras = { customerOrderCount: 3, riskScore: 10, paymentStatus: 'paid', orderTotalUsdCents: 4_342 };
const baseFacts: Facts = orderFacts(order(), extras);

const rule = (over: Partial<Rule> = {}): Rule => ({
  id: 'r1',
  name: 'rule',
  enabled: true,
  order: 1,
  when: { all: [] },
  actions: [],
  stopProcessing: false,
  ...over,
});

const matches = (when: Condition, facts: Partial<Facts> = {}): boolean => evaluateRules([rule({ when })], { ...baseFacts, ...facts }, NOW).log[0].matched;

describe('orderFacts', () => {
  it('computes the flat facts from an order', () => {
    expect(baseFacts).toEqual({
      channel: 'web',
      customerTier: 'standard',
      serviceLevel: 'standard',
      orderSubtotalMinor: 3500,
      orderDiscountsMinor: 0,
      orderTaxMinor: 0,
      orderTotalMinor: 3500 + 495,
      orderTotalUsdCents: 4_342,
      exchangeRateKnown: true,
      currency: 'EUR',
      lineCount: 3,
      unitCount: 4,
      destinationCountry: 'FR',
      destinationRegion: 'ARA',
      skus: ['A', 'B'],
      paymentStatus: 'paid',
      addressComplete: true,
      customerOrderCount: 3,
      riskScore: 10,
      billingCountryMismatch: false,
      isPrime: false,
    });
  });

  it("isPrime is the channel's IsPrime, false when it says nothing; a rule on it tags and prioritises Prime orders without changing their service", () => {
    const prime = orderFacts(order({ isPrime: true, shippingService: 'standard' }), extras);
    expect(prime.isPrime).toBe(true);
    expect(prime.serviceLevel).toBe('standard');
    expect(orderFacts(order({ isPrime: false }), extras).isPrime).toBe(false);
    const primeFirst = rule({
      when: {
        all: [
          { fact: 'isPrime', op: 'eq', value: true },
          { fact: 'channel', op: 'eq', value: 'amazon' },
        ],
      },
      actions: [
        { type: 'setPriorityClass', value: 'urgent' },
        { type: 'tag', value: 'prime' },
      ],
    });
    expect(validateRuleSet([primeFirst])).toMatchObject({ ok: true });
    const decision = evaluateRules([primeFirst], { ...prime, channel: 'amazon' }, NOW);
    expect(decision).toMatchObject({ priorityClass: 'urgent', tags: ['prime'] });
    expect(evaluateRules([primeFirst], { ...baseFacts, channel: 'amazon' }, NOW)).toMatchObject({ priorityClass: 'normal', tags: [] });
  });

  it('addressComplete is false when any required field is blank; region defaults to empty', () => {
    for (const field of ['name', 'line1', 'city', 'postalCode', 'country'] as const) {
      const o = order();
      o.shippingAddress = { ...o.shippingAddress, [field]: '  ' };
      expect(orderFacts(o, extras).addressComplete).toBe(false);
    }
    const o = order();
    o.shippingAddress = { name: 'A', line1: 'l', city: 'c', postalCode: 'p', country: 'FR' };
    expect(orderFacts(o, extras).destinationRegion).toBe('');
  });

  it('billingCountryMismatch compares the billing country case-insensitively, only when given', () => {
    expect(orderFacts(order(), { ...extras, billingCountry: 'fr' }).billingCountryMismatch).toBe(false);
    expect(orderFacts(order(), { ...extras, billingCountry: 'DE' }).billingCountryMismatch).toBe(true);
    expect(orderFacts(order(), { ...extras, billingCountry: '' }).billingCountryMismatch).toBe(false);
  });
});

describe('condition ops', () => {
  it.each<[string, Condition, boolean]>([
    ['eq string', { fact: 'channel', op: 'eq', value: 'web' }, true],
    ['eq miss', { fact: 'channel', op: 'eq', value: 'pos' }, false],
    ['eq boolean', { fact: 'addressComplete', op: 'eq', value: true }, true],
    ['neq', { fact: 'currency', op: 'neq', value: 'USD' }, true],
    ['neq same', { fact: 'currency', op: 'neq', value: 'EUR' }, false],
    ['gt', { fact: 'unitCount', op: 'gt', value: 3 }, true],
    ['gt equal', { fact: 'unitCount', op: 'gt', value: 4 }, false],
    ['gte equal', { fact: 'unitCount', op: 'gte', value: 4 }, true],
    ['lt', { fact: 'riskScore', op: 'lt', value: 11 }, true],
    ['lt equal', { fact: 'riskScore', op: 'lt', value: 10 }, false],
    ['lte equal', { fact: 'riskScore', op: 'lte', value: 10 }, true],
    ['in', { fact: 'destinationCountry', op: 'in', value: ['DE', 'FR'] }, true],
    ['in miss', { fact: 'destinationCountry', op: 'in', value: ['DE'] }, false],
    ['in numbers', { fact: 'lineCount', op: 'in', value: [1, 3] }, true],
    ['in list fact: any element', { fact: 'skus', op: 'in', value: ['Z', 'A'] }, true],
    ['notIn', { fact: 'destinationCountry', op: 'notIn', value: ['DE'] }, true],
    ['notIn miss', { fact: 'destinationCountry', op: 'notIn', value: ['FR'] }, false],
    ['notIn list fact', { fact: 'skus', op: 'notIn', value: ['Z'] }, true],
    ['contains list', { fact: 'skus', op: 'contains', value: 'B' }, true],
    ['contains list miss', { fact: 'skus', op: 'contains', value: 'C' }, false],
    ['contains substring', { fact: 'channel', op: 'contains', value: 'we' }, true],
    ['all empty is true', { all: [] }, true],
    ['any empty is false', { any: [] }, false],
    [
      'all',
      {
        all: [
          { fact: 'channel', op: 'eq', value: 'web' },
          { fact: 'lineCount', op: 'eq', value: 2 },
        ],
      },
      false,
    ],
    [
      'any',
      {
        any: [
          { fact: 'channel', op: 'eq', value: 'pos' },
          { fact: 'lineCount', op: 'eq', value: 3 },
        ],
      },
      true,
    ],
    ['not', { not: { fact: 'channel', op: 'eq', value: 'web' } }, false],
    ['nested', { not: { any: [{ all: [{ fact: 'currency', op: 'eq', value: 'EUR' }] }] } }, false],
  ])('%s', (_name, when, expected) => {
    expect(matches(when)).toBe(expected);
  });
});

describe('evaluateRules', () => {
  it('applies every action type', () => {
    const actions: Action[] = [
      { type: 'addPriority', points: 5 },
      { type: 'setPriorityClass', value: 'low' },
      { type: 'placeHold', reason: 'manual', note: 'check' },
      { type: 'setShipByHours', hours: 48 },
      { type: 'preferLocation', locationId: 'WH-1' },
      { type: 'tag', value: 'b' },
      { type: 'tag', value: 'a' },
    ];
    const d = evaluateRules([rule({ actions })], baseFacts, NOW);
    expect(d).toEqual({
      priorityScore: 5,
      priorityClass: 'low',
      holds: [{ reason: 'manual', note: 'check', ruleId: 'r1' }],
      shipByHours: 48,
      preferredLocationId: 'WH-1',
      tags: ['a', 'b'],
      log: [{ ruleId: 'r1', name: 'rule', matched: true, actions }],
    });
  });

  it('no rules: empty decision with normal priority', () => {
    expect(evaluateRules([], baseFacts, NOW)).toEqual({ priorityScore: 0, priorityClass: 'normal', holds: [], tags: [], log: [] });
  });

  it('combines: points sum, most urgent class, holds deduped by reason (first wins), smallest ship-by, first location, tags deduped', () => {
    const d = evaluateRules(
      [
        rule({
          id: 'b',
          order: 2,
          actions: [
            { type: 'addPriority', points: 3 },
            { type: 'setPriorityClass', value: 'urgent' },
            { type: 'placeHold', reason: 'payment', note: 'second' },
            { type: 'setShipByHours', hours: 12 },
            { type: 'preferLocation', locationId: 'L2' },
            { type: 'tag', value: 'x' },
          ],
        }),
        rule({
          id: 'a',
          order: 2,
          actions: [
            { type: 'addPriority', points: 2 },
            { type: 'setPriorityClass', value: 'high' },
            { type: 'placeHold', reason: 'payment', note: 'first' },
            { type: 'setShipByHours', hours: 24 },
            { type: 'preferLocation', locationId: 'L1' },
            { type: 'tag', value: 'x' },
          ],
        }),
      ],
      baseFacts,
      NOW,
    );
    expect(d.priorityScore).toBe(5);
    expect(d.priorityClass).toBe('urgent');
    expect(d.holds).toEqual([{ reason: 'payment', note: 'first', ruleId: 'a' }]);
    expect(d.shipByHours).toBe(12);
    expect(d.preferredLocationId).toBe('L1');
    expect(d.tags).toEqual(['x']);
    expect(d.log.map((l) => l.ruleId)).toEqual(['a', 'b']);
  });

  it('runs rules by order, then id', () => {
    const d = evaluateRules([rule({ id: 'z', order: 1 }), rule({ id: 'y', order: 5 }), rule({ id: 'a', order: 5 }), rule({ id: 'm', order: -2 })], baseFacts, NOW);
    expect(d.log.map((l) => l.ruleId)).toEqual(['m', 'z', 'a', 'y']);
  });

  it('skips disabled rules and logs them as not matched', () => {
    const d = evaluateRules([rule({ enabled: false, actions: [{ type: 'tag', value: 't' }] })], baseFacts, NOW);
    expect(d.tags).toEqual([]);
    expect(d.log).toEqual([{ ruleId: 'r1', name: 'rule', matched: false, actions: [] }]);
  });

  it('skips rules outside their validity window (bounds inclusive)', () => {
    const tagged = (over: Partial<Rule>) => evaluateRules([rule({ ...over, actions: [{ type: 'tag', value: 't' }] })], baseFacts, NOW).log[0].matched;
    expect(tagged({ validFrom: '2026-06-16T00:00:00Z' })).toBe(false);
    expect(tagged({ validTo: '2026-06-15T11:59:59Z' })).toBe(false);
    expect(tagged({ validFrom: NOW, validTo: NOW })).toBe(true);
    expect(tagged({ validFrom: '2026-01-01T00:00:00Z', validTo: '2026-12-31T23:59:59Z' })).toBe(true);
    // An unparseable `now` fails any window but not rules without one.
    expect(evaluateRules([rule({ validFrom: '2026-01-01' })], baseFacts, 'garbage').log[0].matched).toBe(false);
    expect(evaluateRules([rule()], baseFacts, 'garbage').log[0].matched).toBe(true);
  });

  it('a matched stopProcessing rule stops evaluation; an unmatched one does not', () => {
    const rules = [
      rule({ id: 'a', order: 1, stopProcessing: true, when: { fact: 'channel', op: 'eq', value: 'pos' } }),
      rule({ id: 'b', order: 2, stopProcessing: true, actions: [{ type: 'tag', value: 'b' }] }),
      rule({ id: 'c', order: 3, actions: [{ type: 'tag', value: 'c' }] }),
    ];
    const d = evaluateRules(rules, baseFacts, NOW);
    expect(d.tags).toEqual(['b']);
    expect(d.log.map((l) => [l.ruleId, l.matched])).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });

  it('does not mutate its inputs', () => {
    const rules = [rule({ id: 'b', order: 2 }), rule({ id: 'a', order: 1, actions: [{ type: 'tag', value: 'x' }] })];
    const snapshot = JSON.stringify(rules);
    const facts = JSON.stringify(baseFacts);
    const d = evaluateRules(rules, baseFacts, NOW);
    d.log[0].actions.push({ type: 'tag', value: 'mutated' });
    expect(JSON.stringify(rules)).toBe(snapshot);
    expect(JSON.stringify(baseFacts)).toBe(facts);
  });
});

describe('DEFAULT_RULES', () => {
  const decide = (o: OrderInput, extra: Partial<Parameters<typeof orderFacts>[1]> = {}) => evaluateRules(DEFAULT_RULES, orderFacts(o, { ...extras, ...extra }), NOW);

  it('pass their own validation', () => {
    expect(validateRuleSet(DEFAULT_RULES)).toEqual({ ok: true, rules: DEFAULT_RULES });
  });

  it('a plain paid order: normal priority, no holds', () => {
    const d = decide(order());
    expect(d).toMatchObject({ priorityScore: 0, priorityClass: 'normal', holds: [], tags: [] });
    expect(d.shipByHours).toBeUndefined();
  });

  it('VIP: urgent + points', () => {
    const d = decide(order({ customer: { email: 'v@example.com', name: 'V', tier: 'vip' } }));
    expect(d.priorityClass).toBe('urgent');
    expect(d.priorityScore).toBe(100);
  });

  it('next_day: high + points + ship within 24h; VIP next_day stays urgent and adds both', () => {
    const nd = decide(order({ shippingService: 'next_day' }));
    expect(nd).toMatchObject({ priorityClass: 'high', priorityScore: 50, shipByHours: 24 });
    const both = decide(order({ shippingService: 'next_day', customer: { email: 'v@example.com', name: 'V', tier: 'vip' } }));
    expect(both).toMatchObject({ priorityClass: 'urgent', priorityScore: 150, shipByHours: 24 });
  });

  it('fraud review over 500 USD (not at exactly 500), for a currency without a rate, or on billing country mismatch', () => {
    expect(decide(order(), { orderTotalUsdCents: 50_000 }).holds).toEqual([]);
    const over = decide(order(), { orderTotalUsdCents: 50_001 });
    expect(over.holds.map((h) => [h.reason, h.ruleId])).toEqual([['fraud_review', 'fraud-review']]);
    // In the order's own currency the total may be anything: only its worth in dollars counts.
    expect(decide(order({ currency: 'VND', lines: [{ lineNo: 1, sku: 'A', quantity: 1, unitPriceMinor: 1_000_000 }] }), { orderTotalUsdCents: 4_000 }).holds).toEqual([]);
    expect(decide(order(), { orderTotalUsdCents: null }).holds.map((h) => h.reason)).toEqual(['fraud_review']);
    expect(decide(order(), { orderTotalUsdCents: undefined }).holds.map((h) => h.reason)).toEqual(['fraud_review']);
    expect(decide(order(), { billingCountry: 'US' }).holds.map((h) => h.reason)).toEqual(['fraud_review']);
  });

  it('address hold when the address is incomplete; payment hold when payment is pending', () => {
    const o = order();
    o.shippingAddress = { ...o.shippingAddress, postalCode: '' };
    expect(decide(o).holds.map((h) => h.reason)).toEqual(['address']);
    expect(decide(order(), { paymentStatus: 'pending' }).holds.map((h) => h.reason)).toEqual(['payment']);
    expect(decide(o, { paymentStatus: 'pending', billingCountry: 'US' }).holds.map((h) => h.reason)).toEqual(['fraud_review', 'address', 'payment']);
  });
});

describe('validateRuleSet', () => {
  const valid = () => ({
    id: 'r1',
    name: 'n',
    enabled: true,
    order: 1,
    when: { any: [{ fact: 'channel', op: 'eq', value: 'web' }] },
    actions: [{ type: 'tag', value: 't' }],
    stopProcessing: false,
  });
  const problemsOf = (input: unknown) => {
    const r = validateRuleSet(input);
    if (r.ok) throw new Error('expected problems');
    return r.problems;
  };
  const pathsOf = (input: unknown) => problemsOf(input).map((p) => p.path);
  const withRule = (patch: (r: Record<string, unknown>) => void) => {
    const r: Record<string, unknown> = valid();
    patch(r);
    return [valid(), { ...valid(), id: 'r2' }, { ...r, id: 'r3' }];
  };

  it('accepts a valid set, as an array or as { rules }', () => {
    const r = validateRuleSet([valid()]);
    expect(r).toEqual({ ok: true, rules: [valid()] });
    expect(validateRuleSet({ rules: [valid()] }).ok).toBe(true);
    expect(validateRuleSet([]).ok).toBe(true);
  });

  it('returns copies, not the input', () => {
    const input = [valid()];
    const r = validateRuleSet(input);
    if (!r.ok) throw new Error('expected ok');
    expect(r.rules[0]).not.toBe(input[0]);
    expect(r.rules[0].when).not.toBe(input[0].when);
  });

  it('rejects non-arrays', () => {
    for (const x of [null, 1, 'x', true, {}, { rules: 3 }]) expect(pathsOf(x)).toContain('rules');
    expect(pathsOf({ rules: [], extra: 1 })).toEqual(['extra']);
  });

  it.each<[string, (r: Record<string, unknown>) => void, string]>([
    ['unknown op', (r) => (r.when = { any: [{ fact: 'channel', op: 'like', value: 'x' }] }), 'rules.2.when.any.0.op'],
    ['unknown fact', (r) => (r.when = { any: [{ fact: 'shoeSize', op: 'eq', value: 1 }] }), 'rules.2.when.any.0.fact'],
    ['prototype key is not a fact', (r) => (r.when = { fact: 'toString', op: 'eq', value: 1 }), 'rules.2.when.fact'],
    ['gt needs a number', (r) => (r.when = { fact: 'orderTotalMinor', op: 'gt', value: '5' }), 'rules.2.when.value'],
    ['lte needs a numeric fact', (r) => (r.when = { fact: 'channel', op: 'lte', value: 5 }), 'rules.2.when.op'],
    ['in needs an array', (r) => (r.when = { fact: 'channel', op: 'in', value: 'web' }), 'rules.2.when.value'],
    ['notIn items must be scalars', (r) => (r.when = { fact: 'channel', op: 'notIn', value: ['a', { b: 1 }] }), 'rules.2.when.value.1'],
    ['eq cannot take an array', (r) => (r.when = { fact: 'channel', op: 'eq', value: ['web'] }), 'rules.2.when.value'],
    ['eq on a list fact', (r) => (r.when = { fact: 'skus', op: 'eq', value: 'A' }), 'rules.2.when.op'],
    ['contains on a number fact', (r) => (r.when = { fact: 'riskScore', op: 'contains', value: 'A' }), 'rules.2.when.op'],
    ['contains needs a scalar', (r) => (r.when = { fact: 'skus', op: 'contains', value: true }), 'rules.2.when.value'],
    ['missing value', (r) => (r.when = { fact: 'channel', op: 'eq' }), 'rules.2.when.value'],
    ['empty condition', (r) => (r.when = {}), 'rules.2.when'],
    ['two kinds in one condition', (r) => (r.when = { all: [], any: [] }), 'rules.2.when'],
    ['all must be an array', (r) => (r.when = { all: {} }), 'rules.2.when.all'],
    ['nested under not', (r) => (r.when = { not: { all: [{ fact: 'x', op: 'eq', value: 1 }] } }), 'rules.2.when.not.all.0.fact'],
    ['missing when', (r) => delete r.when, 'rules.2.when'],
    ['unknown action type', (r) => (r.actions = [{ type: 'explode' }]), 'rules.2.actions.0.type'],
    ['hold reason outside the list', (r) => (r.actions = [{ type: 'placeHold', reason: 'vibes' }]), 'rules.2.actions.0.reason'],
    ['hold note must be a string', (r) => (r.actions = [{ type: 'placeHold', reason: 'manual', note: 3 }]), 'rules.2.actions.0.note'],
    ['bad priority class', (r) => (r.actions = [{ type: 'setPriorityClass', value: 'asap' }]), 'rules.2.actions.0.value'],
    ['non-finite points', (r) => (r.actions = [{ type: 'addPriority', points: Infinity }]), 'rules.2.actions.0.points'],
    ['NaN hours', (r) => (r.actions = [{ type: 'setShipByHours', hours: NaN }]), 'rules.2.actions.0.hours'],
    ['zero hours', (r) => (r.actions = [{ type: 'setShipByHours', hours: 0 }]), 'rules.2.actions.0.hours'],
    ['empty location', (r) => (r.actions = [{ type: 'preferLocation', locationId: '' }]), 'rules.2.actions.0.locationId'],
    ['empty tag', (r) => (r.actions = [{ type: 'tag', value: '' }]), 'rules.2.actions.0.value'],
    ['unknown action field', (r) => (r.actions = [{ type: 'tag', value: 'x', colour: 'red' }]), 'rules.2.actions.0.colour'],
    ['actions must be an array', (r) => (r.actions = 'tag'), 'rules.2.actions'],
    ['action must be an object', (r) => (r.actions = [7]), 'rules.2.actions.0'],
    ['non-finite order', (r) => (r.order = Infinity), 'rules.2.order'],
    ['order must be a number', (r) => (r.order = '1'), 'rules.2.order'],
    ['enabled must be boolean', (r) => (r.enabled = 'yes'), 'rules.2.enabled'],
    ['stopProcessing must be boolean', (r) => delete r.stopProcessing, 'rules.2.stopProcessing'],
    ['name must be a string', (r) => (r.name = 5), 'rules.2.name'],
    ['unknown rule field', (r) => (r.priority = 5), 'rules.2.priority'],
    ['bad validFrom', (r) => (r.validFrom = 'next tuesday'), 'rules.2.validFrom'],
    ['impossible validTo', (r) => (r.validTo = '2026-13-45T00:00:00Z'), 'rules.2.validTo'],
    ['validFrom after validTo', (r) => Object.assign(r, { validFrom: '2026-02-01T00:00:00Z', validTo: '2026-01-01T00:00:00Z' }), 'rules.2.validFrom'],
  ])('%s', (_name, patch, path) => {
    expect(pathsOf(withRule(patch))).toContain(path);
  });

  it('rejects duplicate ids and empty ids', () => {
    expect(pathsOf([valid(), valid()])).toEqual(['rules.1.id']);
    expect(pathsOf([{ ...valid(), id: '' }])).toEqual(['rules.0.id']);
    expect(pathsOf([5])).toEqual(['rules.0']);
  });

  it('reports every problem, not just the first', () => {
    const bad = { ...valid(), order: NaN, when: { all: [{ fact: 'nope', op: 'gt', value: 'x' }] }, actions: [{ type: 'placeHold', reason: 'x' }] };
    expect(pathsOf([bad]).sort()).toEqual(['rules.0.actions.0.reason', 'rules.0.order', 'rules.0.when.all.0.fact', 'rules.0.when.all.0.value'].sort());
  });

  it('refuses condition trees nested too deeply', () => {
    let when: unknown = { fact: 'channel', op: 'eq', value: 'web' };
    for (let i = 0; i < 100; i++) when = { not: when };
    expect(problemsOf([{ ...valid(), when }])[0].message).toMatch(/deeper/);
  });
});
