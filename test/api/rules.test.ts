import { createRuleActivities, earlierOrderCount } from '../../src/activities/rules';
import { ensureDefaultRuleSet } from '../../src/db/ruleSets';
import { customerOrderCountCap, DEFAULT_RULES, validateRuleSet, type Rule } from '../../src/domain/rules';
import { createSku, eventually, orderPayload, uniqueExternalId } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

// Other test files share this database and its active rule set: every set PUT here behaves like
// the defaults, and afterAll puts the original rules back on top.
let t: TestHub;
let original: { version: number; rules: Rule[] };
beforeAll(async () => {
  t = await startTestHub({ carrierDispatchDelayMs: 100, carrierDeliveryDelayMs: 100 });
  original = (await t.api.get('/api/v1/rules')).body;
});
afterAll(async () => {
  if (!t) return;
  const now = (await t.api.get('/api/v1/rules')).body;
  if (JSON.stringify(now.rules) !== JSON.stringify(original.rules)) {
    await t.api.put('/api/v1/rules').send({ rules: original.rules, comment: 'put back after the test' });
  }
  await t.stop();
});

const clone = (): Rule[] => JSON.parse(JSON.stringify(DEFAULT_RULES));
const activeVersion = async (): Promise<number> => (await t.api.get('/api/v1/rules')).body.version;

test('GET /rules answers the active version, a valid rule set', async () => {
  const res = await t.api.get('/api/v1/rules');
  expect(res.status).toBe(200);
  expect(Object.keys(res.body).sort()).toEqual(['comment', 'createdAt', 'createdBy', 'rules', 'version']);
  expect(res.body).toMatchObject({ version: expect.any(Number), rules: expect.any(Array), createdBy: expect.any(String), createdAt: expect.any(String) });
  expect(validateRuleSet(res.body.rules).ok).toBe(true);
});

test('PUT /rules stores a new version that becomes the active one; versions list newest first', async () => {
  const rules = clone();
  rules[0].name = 'VIP customers ship first (renamed)';
  const put = await t.api.put('/api/v1/rules').send({ rules, comment: 'rename the VIP rule' });
  expect(put.status).toBe(201);
  // The author is the admin key's name, never a body field.
  expect(put.body).toMatchObject({ rules, comment: 'rename the VIP rule', createdBy: 'test-admin' });
  expect(put.body.version).toBeGreaterThan(original.version);

  expect((await t.api.get('/api/v1/rules')).body).toEqual(put.body);
  expect((await t.api.get(`/api/v1/rules/versions/${put.body.version}`)).body).toEqual(put.body);
  const list = await t.api.get('/api/v1/rules/versions?limit=5');
  expect(list.status).toBe(200);
  expect(list.body.items[0]).toEqual({ version: put.body.version, comment: 'rename the VIP rule', createdBy: 'test-admin', createdAt: put.body.createdAt });
  const versions = list.body.items.map((i: { version: number }) => i.version);
  expect(versions).toEqual([...versions].sort((a, b) => b - a));
});

type Mutation = (rules: Rule[]) => unknown;
const bad: [string, Mutation, string][] = [
  ['an unknown fact', (r) => (((r[2].when as { any: { fact: string }[] }).any[0].fact = 'shoeSize'), r), 'body.rules.2.when.any.0.fact'],
  ['an unknown op', (r) => (((r[2].when as { any: { op: string }[] }).any[1].op = 'roughly'), r), 'body.rules.2.when.any.1.op'],
  ['an op not allowed for the fact type', (r) => ((r[0].when = { fact: 'customerTier', op: 'gt', value: 5 }), r), 'body.rules.0.when.op'],
  ['a value of the wrong type', (r) => (((r[2].when as { any: { value: unknown }[] }).any[0].value = 'lots'), r), 'body.rules.2.when.any.0.value'],
  ['missing actions', (r) => (delete (r[1] as Partial<Rule>).actions, r), 'body.rules.1.actions'],
  ['empty actions', (r) => ((r[1].actions = []), r), 'body.rules.1.actions'],
  ['a bad hold reason', (r) => ((r[3].actions = [{ type: 'placeHold', reason: 'bad vibes' } as never]), r), 'body.rules.3.actions.0.reason'],
  ['an unknown action type', (r) => ((r[0].actions[0] = { type: 'explode' } as never), r), 'body.rules.0.actions.0.type'],
  ['a duplicate id', (r) => ((r[1].id = r[0].id), r), 'body.rules.1.id'],
  [
    'a window that ends before it starts',
    (r) => Object.assign(r, { 0: { ...r[0], validFrom: '2026-02-01T00:00:00Z', validTo: '2026-01-01T00:00:00Z' } }),
    'body.rules.0.validFrom',
  ],
  ['rules that are not an array', () => ({ 'vip-priority': DEFAULT_RULES[0] }), 'body.rules'],
];

test.each(bad)('PUT /rules with %s is a 400 naming the path, and nothing is stored', async (_name, mutate, field) => {
  const before = await activeVersion();
  const res = await t.api.put('/api/v1/rules').send({ rules: mutate(clone()) });
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ error: 'validation_failed', message: expect.stringContaining(field) });
  const fields = res.body.fields as { field: string; message: string }[];
  expect(fields.map((f) => f.field)).toContain(field);
  expect(fields.every((f) => f.message.length > 0)).toBe(true);
  expect(await activeVersion()).toBe(before);
});

test('PUT /rules refuses an author in the body (it is the key); unknown versions are 404, malformed ones 400', async () => {
  const before = await activeVersion();
  const res = await t.api.put('/api/v1/rules').send({ rules: clone(), changedBy: 'someone else' });
  expect(res.status).toBe(400);
  expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual(['body.changedBy']);
  expect(await activeVersion()).toBe(before);
  expect((await t.api.get('/api/v1/rules/versions/2000000000')).status).toBe(404);
  expect((await t.api.post('/api/v1/rules/versions/2000000000/restore').send({})).status).toBe(404);
  const malformed = await t.api.get('/api/v1/rules/versions/latest');
  expect(malformed.status).toBe(400);
  expect(malformed.body.fields[0].field).toBe('params.version');
});

test('restoring a version stores a copy of it as the newest version', async () => {
  const before = await activeVersion();
  const res = await t.api.post(`/api/v1/rules/versions/${original.version}/restore`).send({});
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ rules: original.rules, createdBy: 'test-admin', comment: `restored from version ${original.version}` });
  expect(res.body.version).toBeGreaterThan(before);
  expect((await t.api.get('/api/v1/rules')).body.version).toBe(res.body.version);
  // The restored version itself is untouched.
  expect((await t.api.get(`/api/v1/rules/versions/${original.version}`)).body).toEqual(original);
});

test('an untouched shipped fraud-review rule with the per-currency threshold is upgraded once at start; edited rules stand', async () => {
  const active = (await t.api.get('/api/v1/rules')).body;
  const legacy = (r: Rule): Rule =>
    r.id !== 'fraud-review'
      ? r
      : {
          ...r,
          when: {
            any: [
              { fact: 'orderTotalMinor', op: 'gt', value: 50_000 },
              { fact: 'billingCountryMismatch', op: 'eq', value: true },
            ],
          },
          actions: [{ type: 'placeHold', reason: 'fraud_review', note: 'total over 50000 minor units or billing country mismatch' }],
        };
  const old = (await t.api.put('/api/v1/rules').send({ rules: active.rules.map(legacy), comment: 'as shipped before issue 11' })).body;
  expect(await ensureDefaultRuleSet(t.hub.db)).toBe(false);
  const upgraded = (await t.api.get('/api/v1/rules')).body;
  expect(upgraded).toMatchObject({ version: old.version + 1, createdBy: 'system' });
  expect(upgraded.rules).toEqual(active.rules);
  await ensureDefaultRuleSet(t.hub.db);
  expect((await t.api.get('/api/v1/rules')).body.version).toBe(upgraded.version);

  // An admin's own threshold is theirs: nothing is upgraded.
  const edited = active.rules.map((r: Rule) => (r.id === 'fraud-review' ? { ...legacy(r), name: 'Our own fraud rule' } : r));
  const mine = (await t.api.put('/api/v1/rules').send({ rules: edited })).body;
  await ensureDefaultRuleSet(t.hub.db);
  expect((await t.api.get('/api/v1/rules')).body.version).toBe(mine.version);
  await t.api.put('/api/v1/rules').send({ rules: active.rules, comment: 'put back after the test' });
});

describe('preview', () => {
  const order = (o: Record<string, unknown> = {}) => ({ ...orderPayload({ sku: 'TEE-BLK-M' }), ...o });
  const preview = (body: object) => t.api.post('/api/v1/rules/preview').send(body);
  const reasons = (res: { body: { decision: { holds: { reason: string }[] } } }) => res.body.decision.holds.map((h) => h.reason);

  test('a large order is held for fraud review by the active rules; nothing is stored', async () => {
    const payload = order({ lines: [{ sku: 'TEE-BLK-M', quantity: 30, unitPrice: '19.99' }] });
    const res = await preview({ order: payload });
    expect(res.status).toBe(200);
    expect(res.body.ruleSetVersion).toBe(await activeVersion());
    expect(res.body.facts.orderTotalMinor).toBe(30 * 1999 + 500);
    expect(reasons(res)).toEqual(['fraud_review']);
    expect(res.body.decision.log.find((l: { ruleId: string }) => l.ruleId === 'fraud-review').matched).toBe(true);
    expect(res.body.risk.factors.map((f: { code: string }) => f.code)).toContain('bulk_quantity');
    expect(await t.hub.db.order.count({ where: { externalId: payload.externalId } })).toBe(0);
  });

  test('a missing postal code is an address hold, a billing country mismatch a fraud hold', async () => {
    const { postalCode: _, ...noPostalCode } = order().shippingAddress;
    expect(reasons(await preview({ order: order({ shippingAddress: noPostalCode }) }))).toEqual(['address']);
    const abroad = await preview({ order: order({ billingAddress: { country: 'DE' } }) });
    expect(reasons(abroad)).toEqual(['fraud_review']);
    expect(abroad.body.risk.factors.map((f: { code: string }) => f.code)).toContain('billing_country_mismatch');
    expect(reasons(await preview({ order: order({ billingAddress: { country: 'US' } }) }))).toEqual([]);
  });

  test('the fraud threshold is in US dollars whatever the currency and its minor unit', async () => {
    const customer = { email: `fx-${Date.now()}@example.com`, name: 'New Customer', tier: 'standard' };
    const priced = (currency: string, unitPrice: string) => order({ currency, customer, lines: [{ sku: 'TEE-BLK-M', quantity: 1, unitPrice }], shippingPrice: '0' });
    const codes = (res: { body: { risk: { factors: { code: string }[] } } }) => res.body.risk.factors.map((f) => f.code);
    // About 20, 195, 165 and 20 USD: more than 50,000 minor units each, less than 250 USD (the first risk step).
    for (const [currency, amount] of [
      ['VND', '500000'],
      ['KWD', '60.000'],
      ['HUF', '60000.00'],
      ['IDR', '300000.00'],
    ]) {
      const res = await preview({ order: priced(currency, amount) });
      expect([currency, res.status, reasons(res), codes(res)]).toEqual([currency, 200, [], ['new_customer']]);
      expect(res.body.facts.exchangeRateKnown).toBe(true);
    }
    // About 600 USD in a currency without minor units.
    const yen = await preview({ order: priced('JPY', '90000') });
    expect(reasons(yen)).toEqual(['fraud_review']);
    expect(yen.body.facts.orderTotalUsdCents).toBe(60_000);
    expect(codes(yen)).toContain('high_total');
    // No exchange rate: the hub cannot tell the order's worth, so it counts as over the threshold.
    const unknown = await preview({ order: priced('XTS', '1.00') });
    expect(reasons(unknown)).toEqual(['fraud_review']);
    expect(unknown.body.facts.exchangeRateKnown).toBe(false);
  });

  test('given rules are evaluated instead of the active ones, and validated the same way', async () => {
    const rules: Rule[] = [
      { id: 'tag-all', name: 'Tag every order', enabled: true, order: 1, when: { all: [] }, actions: [{ type: 'tag', value: 'seen' }], stopProcessing: false },
    ];
    const res = await preview({ rules, order: order({ lines: [{ sku: 'TEE-BLK-M', quantity: 30, unitPrice: '19.99' }] }) });
    expect(res.status).toBe(200);
    expect(res.body.ruleSetVersion).toBeNull();
    expect(res.body.decision).toMatchObject({ holds: [], tags: ['seen'] });

    const invalid = await preview({ rules: [{ ...rules[0], when: { fact: 'skus', op: 'eq', value: 'A' } }], order: order() });
    expect(invalid.status).toBe(400);
    expect(invalid.body.fields.map((f: { field: string }) => f.field)).toEqual(['body.rules.0.when.op']);
    const badOrder = await preview({ order: order({ lines: [{ sku: 'TEE-BLK-M', quantity: 0, unitPrice: '1.00' }] }) });
    expect(badOrder.status).toBe(400);
    expect(badOrder.body.fields.map((f: { field: string }) => f.field)).toEqual(['body.order.lines.0.quantity']);
  });
});

test('a EUR money threshold holds a EUR order and not a USD order of the same number (docs/money.md "Rules and reports")', async () => {
  const active = (await t.api.get('/api/v1/rules')).body;
  const eurRule = {
    id: 'eur-large',
    name: 'EUR orders over 90.00 EUR',
    enabled: true,
    order: 500,
    when: { fact: 'orderTotalMinor', op: 'gt', value: '90.00', currency: 'EUR' },
    actions: [{ type: 'placeHold', reason: 'manual', note: 'over 90 EUR' }],
    stopProcessing: false,
  };
  const put = await t.api.put('/api/v1/rules').send({ rules: [...active.rules, eurRule], comment: 'EUR threshold test' });
  expect(put.status).toBe(201);
  expect(put.body.rules.at(-1).when).toEqual(eurRule.when);
  try {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 10 });
    const place = async (currency: string) => {
      const res = await t.api.post('/api/v1/orders').send({ ...orderPayload({ sku, unitPrice: '100.00' }), currency });
      expect(res.status).toBe(202);
      return res.body.orderId as string;
    };
    const [eur, usd] = [await place('EUR'), await place('USD')];
    const view = async (id: string) => (await t.api.get(`/api/v1/orders/${id}`)).body;
    await eventually(async () => expect((await view(eur)).status).toBe('on_hold'));
    expect((await view(eur)).holds.map((h: { reason: string }) => h.reason)).toEqual(['manual']);
    // The USD order (105.00, the same minor units) goes on: the EUR threshold does not apply to it.
    await eventually(async () => expect(['allocated', 'shipped', 'delivered']).toContain((await view(usd)).status));
    expect((await view(usd)).holds).toEqual([]);
    const rejected = await t.api.put('/api/v1/rules').send({ rules: [...active.rules, { ...eurRule, when: { ...eurRule.when, value: '90.001' } }] });
    expect(rejected.status).toBe(400);
    expect(rejected.body.fields.map((f: { field: string }) => f.field)).toEqual(['body.rules.' + active.rules.length + '.when.value']);
  } finally {
    await t.api.put('/api/v1/rules').send({ rules: active.rules, comment: 'put back after the test' });
  }
});

test('an order without a postal code is accepted', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
  const { postalCode: _, ...address } = orderPayload({ sku }).shippingAddress;
  const res = await t.api.post('/api/v1/orders').send({ ...orderPayload({ sku }), shippingAddress: address, billingAddress: { country: 'US' } });
  expect(res.status).toBe(202);
});

describe('loadRuleContext activity', () => {
  const recordedOrder = async (email: string, extra: (sku: string) => object = () => ({})) => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 100 });
    const payload = { ...orderPayload({ sku }), externalId: uniqueExternalId('RULES'), customer: { email, name: 'Risk Tester', tier: 'standard' }, ...extra(sku) };
    const res = await t.api.post('/api/v1/orders').send(payload);
    expect(res.status).toBe(202);
    await eventually(async () => expect(await t.hub.db.order.count({ where: { id: res.body.orderId } })).toBe(1));
    return res.body.orderId as string;
  };

  test('loads the active or a pinned version, the earlier orders of the customer and a risk score', async () => {
    const { loadRuleContext } = createRuleActivities(t.hub.db);
    const email = `${uniqueExternalId('risk')}@example.com`.toLowerCase();
    const first = await recordedOrder(email);
    const ctx = await loadRuleContext(first);
    expect(ctx).toEqual({
      ruleSetVersion: await activeVersion(),
      rules: (await t.api.get('/api/v1/rules')).body.rules,
      customerOrderCount: 0,
      riskScore: 20,
      customerTier: 'standard',
      // 19.99 + 5.00 USD.
      orderTotalUsdCents: 2_499,
    });

    const second = await recordedOrder(email, (sku) => ({ shippingService: 'next_day', lines: [{ sku, quantity: 12, unitPrice: '30.00' }] }));
    const pinned = await loadRuleContext(second, original.version, 'DE');
    expect(pinned).toMatchObject({ ruleSetVersion: original.version, rules: original.rules, customerOrderCount: 1, billingCountry: 'DE' });
    // Returning customer: 360.00 + 5.00 is 10, 12 units of one SKU 10, DE billing for a US address 25.
    expect(pinned.riskScore).toBe(45);
    await expect(loadRuleContext(second, 2_000_000_000)).rejects.toThrow('rule set version 2000000000 does not exist');
  });

  test("a customer's earlier orders are counted up to the cap only, and the rule context caps at what its rules compare", async () => {
    const email = `${uniqueExternalId('many')}@example.com`.toLowerCase();
    const ids = [await recordedOrder(email), await recordedOrder(email), await recordedOrder(email)];
    const later = new Date(Date.now() + 60_000);
    expect(await earlierOrderCount(t.hub.db, email, later)).toBe(3);
    expect(await earlierOrderCount(t.hub.db, email, later, undefined, 2)).toBe(2);
    const ctx = await createRuleActivities(t.hub.db).loadRuleContext(ids[2]);
    expect(ctx.customerOrderCount).toBe(Math.min(2, customerOrderCountCap(ctx.rules)));
  });
});

describe('rule changes and running orders', () => {
  const findByQuery = async (query: string): Promise<string[]> => {
    const ids: string[] = [];
    for await (const wf of t.hub.temporal.workflow.list({ query })) ids.push(wf.workflowId);
    return ids;
  };
  const order = async (orderId: string) => (await t.api.get(`/api/v1/orders/${orderId}`)).body;

  test('a new rule version decides new orders only: an older order keeps its version and decisions, also when re-evaluated at payment', async () => {
    // The extra rule only matches this test's own channel, so concurrently running files are unaffected.
    const channel = `rules-${Date.now().toString(36)}`;
    await t.hub.db.channel.create({ data: { id: channel, name: 'Rules test', kind: 'webstore' } });
    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const olderPayload = orderPayload({ sku, channel, paid: false });
    const older = (await t.api.post('/api/v1/orders').send(olderPayload)).body.orderId as string;
    await eventually(async () => expect((await order(older)).status).toBe('awaiting_payment'));
    const olderVersion = (await order(older)).ruleSetVersion;

    const active = (await t.api.get('/api/v1/rules')).body.rules as Rule[];
    const channelRule: Rule = {
      id: 'test-channel-rush',
      name: 'Rules-test channel: low priority, ship within seconds',
      enabled: true,
      order: 5,
      when: { fact: 'channel', op: 'eq', value: channel },
      actions: [
        { type: 'setPriorityClass', value: 'low' },
        { type: 'tag', value: 'rules-test' },
        { type: 'setShipByHours', hours: 0.0005 },
      ],
      stopProcessing: false,
    };
    const put = await t.api.put('/api/v1/rules').send({ rules: [...active, channelRule], comment: 'channel rule' });
    expect(put.status).toBe(201);
    try {
      const newerPayload = orderPayload({ sku, channel, paid: false });
      const newer = (await t.api.post('/api/v1/orders').send(newerPayload)).body.orderId as string;
      await eventually(async () => expect((await order(newer)).status).toBe('awaiting_payment'));
      expect(await order(newer)).toMatchObject({ ruleSetVersion: put.body.version, priorityClass: 'low', tags: ['rules-test'] });

      // Both unpaid orders of the channel, as the operator's query finds them.
      await eventually(async () => expect(await findByQuery(`OrderChannel = '${channel}' AND OrderStatus = 'awaiting_payment'`)).toHaveLength(2));
      // The newer order's ship-by (1.8 s) passes while it waits for payment: it is late.
      await eventually(async () => expect((await order(newer)).late).toBe(true));
      await eventually(async () => expect((await order(newer)).timeline.map((e: { type: string }) => e.type)).toContain('late'));
      await eventually(async () => expect(await findByQuery(`IsLate = true AND ExternalOrderId = '${newerPayload.externalId}'`)).toHaveLength(1));

      const total = (await order(older)).total;
      expect((await t.api.post(`/api/v1/orders/${older}/payment`).send({ amount: total, currency: 'USD', reference: 'pay-older' })).status).toBe(200);
      await eventually(async () => expect((await order(older)).status).toBe('delivered'));
      const after = await order(older);
      expect(after).toMatchObject({ ruleSetVersion: olderVersion, priorityClass: 'normal', tags: [], shipBy: null });
      const evaluations = after.timeline.filter((e: { type: string }) => e.type === 'rules_evaluated');
      expect(evaluations.map((e: { data: { ruleSetVersion: number } }) => e.data.ruleSetVersion)).toEqual([olderVersion, olderVersion]);

      // An operator may re-evaluate with the newest rules on purpose.
      const rerun = await t.api.post(`/api/v1/orders/${newer}/rules/evaluate`).send({ useLatestRules: true });
      expect(rerun.status).toBe(200);
      expect(rerun.body.ruleSetVersion).toBeGreaterThanOrEqual(put.body.version);
    } finally {
      await t.api.put('/api/v1/rules').send({ rules: active, comment: 'drop the channel rule' });
    }
  });
});
