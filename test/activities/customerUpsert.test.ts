import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../src/db/prisma';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { recordOrder } from '../../src/activities/orderStore';
import { createRuleActivities } from '../../src/activities/rules';
import { ensureDefaultRuleSet } from '../../src/db/ruleSets';
import { type CustomerTier } from '../../src/domain/order';
import { orderTotalsOf } from '../../src/domain/orderMoney';
import { sampleOrderInput } from '../../src/simulators/sampleOrders';
import { createSku } from '../support/fixtures';
import { requireEnv } from '../support/testHub';

let db: Db;
let sku: string;
beforeAll(async () => {
  db = createDb(requireEnv(STACK_ENV.databaseUrl));
  await ensureDefaultRuleSet(db);
  sku = await createSku(db, { 'WH-EAST': 1 });
});
afterAll(() => db?.$disconnect());

const freshEmail = () => `cust-${randomUUID()}@example.com`;

/** Records one order of `channel` for the customer, as the order workflow's first activity does. */
async function order(channel: string, email: string | undefined, name: string | undefined, tier: CustomerTier): Promise<string> {
  const input = sampleOrderInput(sku, { channel, customer: { ...(email !== undefined && { email }), ...(name !== undefined && { name }), tier } });
  await recordOrder(db, input, orderTotalsOf(input));
  return input.orderId;
}

const customer = (email: string) => db.customer.findUniqueOrThrow({ where: { email } });

test('a marketplace order never lowers a VIP and never renames the web store customer', async () => {
  const email = freshEmail();
  await order('webstore', email, 'Vera Important', 'vip');
  for (const channel of ['amazon', 'ebay', 'pos']) await order(channel, email, `V. Important via ${channel}`, 'standard');
  expect(await customer(email)).toMatchObject({ tier: 'vip', name: 'Vera Important' });
});

test('the channel a customer came from may still rename them; no channel lowers the tier, any may raise it', async () => {
  const email = freshEmail();
  await order('amazon', email, 'Sam Shopper', 'standard');
  await order('amazon', email, 'Samantha Shopper', 'standard');
  expect(await customer(email)).toMatchObject({ tier: 'standard', name: 'Samantha Shopper' });
  await order('webstore', email, 'Sam S. (web)', 'vip');
  expect(await customer(email)).toMatchObject({ tier: 'vip', name: 'Samantha Shopper' });
  await order('webstore', email, 'Sam S. (web)', 'standard');
  expect((await customer(email)).tier).toBe('vip');
});

test('first orders of one new customer from two channels at once: one customer, the higher tier, no error', async () => {
  for (let i = 0; i < 5; i++) {
    const email = freshEmail();
    await Promise.all([order('amazon', email, 'From Amazon', 'standard'), order('webstore', email, 'From Web', 'vip'), order('ebay', email, 'From eBay', 'standard')]);
    const stored = await customer(email);
    expect(stored.tier).toBe('vip');
    expect(await db.order.count({ where: { customerId: stored.id } })).toBe(3);
  }
});

test("the rules see the customer's stored tier, so a VIP's marketplace order still ships first", async () => {
  const email = freshEmail();
  await order('webstore', email, 'Vera Important', 'vip');
  const amazonOrder = await order('amazon', email, 'V. Important', 'standard');
  const ctx = await createRuleActivities(db).loadRuleContext(amazonOrder);
  expect(ctx.customerTier).toBe('vip');
});

test('an order without a name never blanks the name; one without an e-mail gets a customer of its own, once even when retried', async () => {
  const email = freshEmail();
  await order('webstore', email, 'Nora Named', 'standard');
  await order('webstore', email, undefined, 'standard');
  expect(await customer(email)).toMatchObject({ name: 'Nora Named' });

  const input = sampleOrderInput(sku, { channel: 'pos', customer: { tier: 'standard' } });
  await recordOrder(db, input, orderTotalsOf(input));
  await recordOrder(db, input, orderTotalsOf(input)); // an activity retry
  const stored = await db.order.findUniqueOrThrow({ where: { id: input.orderId }, include: { customer: true } });
  expect(stored.customer).toMatchObject({ email: null, name: null, originChannel: 'pos' });
  expect(await db.customer.count({ where: { id: stored.customerId } })).toBe(1);
});
