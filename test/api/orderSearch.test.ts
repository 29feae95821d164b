// GET /api/v1/orders as the console's search (docs/dashboard.md): every filter, combined, with keyset pages.
import { randomUUID } from 'node:crypto';
import { createOpsChannel, minutesAgo, seedHold, seedOrder } from '../dashboard/seed';
import { startTestHub, type TestHub } from '../support/testHub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.stop();
});

const ids = (body: { items: { orderId: string }[] }) => body.items.map((i) => i.orderId);

test('finds by channel order id, e-mail, name, SKU, status, channel, open hold reason and placed date, newest first', async () => {
  const db = t.hub.db;
  const channel = await createOpsChannel(db, 'search');
  const tag = randomUUID().slice(0, 8);
  const old = await seedOrder(db, channel, { externalId: `S-${tag}-old`, createdAt: minutesAgo(300), customerName: `Linus ${tag} Pauling` });
  const mid = await seedOrder(db, channel, { externalId: `S-${tag}-mid`, createdAt: minutesAgo(200), status: 'on_hold', customerName: `Marie ${tag} Curie` });
  const recent = await seedOrder(db, channel, { externalId: `S-${tag}-new`, createdAt: minutesAgo(100), customerName: `Rosalind ${tag} Franklin` });
  await seedHold(db, mid.id, 'fraud_review');
  await seedHold(db, recent.id, 'fraud_review', { releasedAt: minutesAgo(50), releasedBy: 'test' });
  const sku = `SKU-${tag}`;
  await db.orderLine.create({ data: { id: randomUUID(), orderId: old.id, lineNo: 1, sku, quantity: 1, unitPriceMinor: 2499, lineTotalMinor: 2499 } });
  const email = (await db.customer.findUniqueOrThrow({ where: { id: mid.customerId } })).email!;

  const find = async (q: Record<string, string>) => (await t.as(t.keys.ops).get('/api/v1/orders').query(q).expect(200)).body;
  expect(ids(await find({ channel }))).toEqual([recent.id, mid.id, old.id]);
  expect(ids(await find({ externalId: `S-${tag}-mid` }))).toEqual([mid.id]);
  expect(ids(await find({ email }))).toEqual([mid.id]);
  expect(ids(await find({ name: `${tag} FRANK` }))).toEqual([recent.id]);
  expect(ids(await find({ sku }))).toEqual([old.id]);
  expect(ids(await find({ channel, status: 'on_hold' }))).toEqual([mid.id]);
  // Open holds only: the released one on `recent` does not count.
  expect(ids(await find({ channel, holdReason: 'fraud_review' }))).toEqual([mid.id]);
  expect(ids(await find({ channel, placedFrom: minutesAgo(250).toISOString(), placedTo: minutesAgo(150).toISOString() }))).toEqual([mid.id]);
  expect(ids(await find({ channel, name: tag, status: 'fulfilling' }))).toEqual([recent.id, old.id]);
  const first = await find({ channel, name: tag });
  expect(first.items[0]).toMatchObject({ customerName: `Rosalind ${tag} Franklin`, customerEmail: expect.stringMatching(/@example\.com$/) });

  // Keyset pages: one at a time, never repeating, a new order meanwhile not shifting them.
  const page1 = await find({ channel, limit: '1' });
  await seedOrder(db, channel, { externalId: `S-${tag}-later` });
  const page2 = await find({ channel, limit: '1', cursor: page1.nextCursor });
  const page3 = await find({ channel, limit: '1', cursor: page2.nextCursor });
  expect([...ids(page1), ...ids(page2), ...ids(page3)]).toEqual([recent.id, mid.id, old.id]);
  expect(page3.nextCursor).toBeNull();
});

test('a bad filter is a 400 naming it', async () => {
  const res = await t.as(t.keys.ops).get('/api/v1/orders').query({ holdReason: 'bored', placedFrom: 'yesterday', sku: 'no spaces' }).expect(400);
  expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['query.holdReason', 'query.placedFrom', 'query.sku']);
});
