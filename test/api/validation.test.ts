import { randomUUID } from 'node:crypto';
import { createSku, orderPayload, stockAt } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

let t: TestHub;
let sku: string;
beforeAll(async () => {
  t = await startTestHub();
  sku = await createSku(t.hub.db, { 'WH-EAST': 10 });
});
afterAll(() => t?.stop());

type Payload = ReturnType<typeof orderPayload>;
const cases: [string, (p: Payload) => unknown, string[]][] = [
  ['no lines', (p) => ({ ...p, lines: [] }), ['body.lines']],
  ['negative quantity', (p) => ({ ...p, lines: [{ ...p.lines[0], quantity: -1 }] }), ['body.lines.0.quantity']],
  ['fractional quantity', (p) => ({ ...p, lines: [{ ...p.lines[0], quantity: 1.5 }] }), ['body.lines.0.quantity']],
  ['price as a float', (p) => ({ ...p, lines: [{ ...p.lines[0], unitPrice: 19.99 }] }), ['body.lines.0.unitPrice']],
  ['too many decimals', (p) => ({ ...p, lines: [{ ...p.lines[0], unitPrice: '1.999' }] }), ['body.lines.0.unitPrice']],
  ['bad currency', (p) => ({ ...p, currency: 'dollars' }), ['body.currency']],
  // A missing e-mail or name is accepted (test/api/dataQuality.test.ts); a malformed e-mail or a wrong type is not.
  ['bad e-mail', (p) => ({ ...p, customer: { email: 'nope' } }), ['body.customer.email']],
  ['name of the wrong type', (p) => ({ ...p, customer: { ...p.customer, name: 42 } }), ['body.customer.name']],
  ['unknown ISO 4217 code', (p) => ({ ...p, currency: 'USX' }), ['body.currency']],
  ['lines of the wrong type', (p) => ({ ...p, lines: { sku: 'X' } }), ['body.lines']],
  ['zero quantity', (p) => ({ ...p, lines: [{ ...p.lines[0], quantity: 0 }] }), ['body.lines.0.quantity']],
  ['requiresShipping not a boolean', (p) => ({ ...p, lines: [{ ...p.lines[0], requiresShipping: 'no' }] }), ['body.lines.0.requiresShipping']],
  // A missing postal code is accepted (the rules hold the order); an overlong one is not.
  ['postal code too long', (p) => ({ ...p, shippingAddress: { ...p.shippingAddress, postalCode: '1'.repeat(21) } }), ['body.shippingAddress.postalCode']],
  ['bad billing country', (p) => ({ ...p, billingAddress: { country: 'usa' } }), ['body.billingAddress.country']],
  ['unknown shipping service', (p) => ({ ...p, shippingService: 'teleport' }), ['body.shippingService']],
  ['unknown channel', (p) => ({ ...p, channel: 'myspace' }), ['body.channel']],
  ['malformed SKU', (p) => ({ ...p, lines: [{ ...p.lines[0], sku: 'no spaces allowed' }] }), ['body.lines.0.sku']],
  ['payment status missing', (p) => ({ ...p, payment: {} }), ['body.payment.status']],
  ['not an object', () => [1, 2, 3], ['body']],
];

test.each(cases)('%s is a 400 naming the field, and nothing is recorded', async (_name, mutate, fields) => {
  const payload = orderPayload({ sku });
  const res = await t.api.post('/api/v1/orders').send(mutate(payload) as object);
  expect(res.status).toBe(400);
  expect(res.body.error).toBe('validation_failed');
  const named = res.body.fields.map((f: { field: string }) => f.field);
  for (const field of fields) expect(named.some((n: string) => n === field || n.startsWith(`${field}.`))).toBe(true);

  expect(await t.hub.db.order.count({ where: { externalId: payload.externalId } })).toBe(0);
  await expect(t.hub.temporal.workflow.getHandle(`order:webstore:${payload.externalId}`).describe()).rejects.toThrow();
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 10, reserved: 0 });
});

test("the hub's own exchange channel takes no orders: a 400 naming body.channel, nothing recorded", async () => {
  await t.hub.db.channel.createMany({ data: [{ id: 'exchange', name: 'Exchange replacements (hub-made)', kind: 'webstore' }], skipDuplicates: true });
  const payload = { ...orderPayload({ sku }), channel: 'exchange', externalId: `exchange-${randomUUID()}` };
  const res = await t.api.post('/api/v1/orders').send(payload);
  expect(res.status).toBe(400);
  expect(res.body.fields).toEqual([{ field: 'body.channel', message: expect.stringContaining("is the hub's own") }]);
  expect(await t.hub.db.order.count({ where: { externalId: payload.externalId } })).toBe(0);
});

test('a body that is not JSON is a 400', async () => {
  const res = await t.api.post('/api/v1/orders').set('content-type', 'application/json').send('{"channel": ');
  expect(res.status).toBe(400);
  expect(res.body.error).toBe('invalid_json');
});

test('unknown orders are 404, malformed order IDs are 400, unknown routes are 403 JSON (no role entry: deny by default)', async () => {
  expect((await t.api.get('/api/v1/orders/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  const bad = await t.api.get('/api/v1/orders/not-a-uuid');
  expect(bad.status).toBe(400);
  expect(bad.body.fields[0].field).toBe('params.orderId');
  const pay = await t.api.post('/api/v1/orders/00000000-0000-4000-8000-000000000000/payment').send({ amount: '1.00', currency: 'USD', reference: 'x' });
  expect(pay.status).toBe(404);
  const payBad = await t.api.post('/api/v1/orders/00000000-0000-4000-8000-000000000000/payment').send({ amount: 1, currency: 'USD' });
  expect(payBad.status).toBe(400);
  expect(payBad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['body.amount', 'body.reference']);
  const nowhere = await t.api.get('/api/v1/nowhere');
  expect(nowhere.status).toBe(403);
  expect(nowhere.body.error).toBe('forbidden');
});

test('order lists page with a cursor and filter by status and channel', async () => {
  const payloads = [1, 2, 3].map(() => orderPayload({ sku, channel: 'pos' }));
  for (const p of payloads) expect((await t.api.post('/api/v1/orders').send(p)).status).toBe(202);
  const first = await t.api.get('/api/v1/orders?channel=pos&limit=2');
  expect(first.status).toBe(200);
  expect(first.body.items).toHaveLength(2);
  expect(first.body.nextCursor).toBeTruthy();
  const second = await t.api.get(`/api/v1/orders?channel=pos&limit=2&cursor=${first.body.nextCursor}`);
  const seen = [...first.body.items, ...second.body.items].map((o: { externalId: string }) => o.externalId);
  for (const p of payloads) expect(seen).toContain(p.externalId);
  expect(new Set(seen).size).toBe(seen.length);
  expect((await t.api.get('/api/v1/orders?status=teleported')).status).toBe(400);
  expect((await t.api.get('/api/v1/orders?cursor=garbage')).status).toBe(400);
  // A cursor of the documented shape always names a position; past the year 9999 it is not that shape (was a 500).
  expect((await t.api.get('/api/v1/orders?cursor=874539585709350_20bb27a9-be75-dfa3-f6ab-1b98ea7d0c27')).status).toBe(400);
  expect((await t.api.get('/api/v1/orders?cursor=0_20bb27a9-be75-dfa3-f6ab-1b98ea7d0c27')).body.items).toEqual([]);
});

test('a NUL in a query or path string is a 400 naming it, not a 500 from the database', async () => {
  for (const [path, field] of [
    ['/api/v1/holds?channel=%00', 'query.channel'],
    ['/api/v1/orders?channel=web%00store', 'query.channel'],
    ['/api/v1/fulfillment/queue?channel=%00', 'query.channel'],
    ['/api/v1/inventory/SKU%00', 'params.sku'],
  ]) {
    const res = await t.api.get(path);
    expect({ path, status: res.status, field: res.body.fields?.[0]?.field }).toEqual({ path, status: 400, field });
  }
});

test('inventory shows stock per location and takes adjustments, never below what is reserved', async () => {
  const item = await createSku(t.hub.db, { 'WH-EAST': 2, 'WH-WEST': 1 });
  const view = await t.api.get(`/api/v1/inventory/${item}`);
  expect(view.status).toBe(200);
  expect(view.body).toMatchObject({ sku: item, totalOnHand: 3, totalReserved: 0, totalAvailable: 3 });
  expect(view.body.locations).toEqual([
    { locationId: 'WH-EAST', onHand: 2, reserved: 0, available: 2 },
    { locationId: 'WH-WEST', onHand: 1, reserved: 0, available: 1 },
  ]);
  const receipt = await t.api.post('/api/v1/inventory/adjustments').send({ sku: item, locationId: 'WH-WEST', delta: 4, reason: 'receipt' });
  expect(receipt.status).toBe(201);
  expect(receipt.body.totalOnHand).toBe(7);
  const tooMuch = await t.api.post('/api/v1/inventory/adjustments').send({ sku: item, locationId: 'WH-EAST', delta: -3, reason: 'damage' });
  expect(tooMuch.status).toBe(409);
  expect(tooMuch.body.fields[0].field).toBe('body.delta');
  const bad = await t.api.post('/api/v1/inventory/adjustments').send({ sku: item, locationId: 'WH-NOWHERE', delta: 0, reason: 'vibes' });
  expect(bad.status).toBe(400);
  expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['body.delta', 'body.reason']);
  expect((await t.api.get('/api/v1/inventory/NO-SUCH-SKU')).status).toBe(404);
  const counted = await t.api.post('/api/v1/inventory/adjustments').send({ sku: item, locationId: 'WH-WEST', countedOnHand: 3, reason: 'cycle_count' });
  expect(counted.status).toBe(201);
  expect(counted.body.locations.find((l: { locationId: string }) => l.locationId === 'WH-WEST').onHand).toBe(3);
  const both = await t.api.post('/api/v1/inventory/adjustments').send({ sku: item, locationId: 'WH-WEST', delta: 1, countedOnHand: 3, reason: 'cycle_count' });
  expect(both.status).toBe(400);
  const ledger = await t.hub.db.stockLedgerEntry.aggregate({ where: { sku: item }, _sum: { onHandDelta: true } });
  expect(ledger._sum.onHandDelta).toBe(5);
});

test("inventory lists low stock and shows each SKU's ledger", async () => {
  // None available and a SKU that sorts first: the list is ordered by what is available, then by
  // SKU, and the shared test database holds more than 500 SKUs with nothing available (the catalog
  // tests import a thousand products with no stock at all).
  const scarce = `0LOW-${randomUUID().slice(0, 8)}`.toUpperCase();
  await t.hub.db.product.create({ data: { sku: scarce, name: 'Scarce test product', stock: { create: { locationId: 'WH-EAST', onHand: 0 } } } });
  const low = await t.api.get('/api/v1/inventory?lowStock=true&threshold=1&limit=500');
  expect(low.status).toBe(200);
  expect(low.body.items.map((i: { sku: string }) => i.sku)).toContain(scarce);
  expect(low.body.items.every((i: { totalAvailable: number }) => i.totalAvailable <= 1)).toBe(true);
  await t.api.post('/api/v1/inventory/adjustments').send({ sku: scarce, locationId: 'WH-EAST', delta: 9, reason: 'receipt', note: 'PO-77' });
  const ledger = await t.api.get(`/api/v1/inventory/${scarce}/ledger`);
  expect(ledger.status).toBe(200);
  expect(ledger.body.entries[0]).toMatchObject({ locationId: 'WH-EAST', onHandDelta: 9, reservedDelta: 0, reason: 'receipt', note: 'PO-77' });
  expect((await t.api.get('/api/v1/inventory?lowStock=maybe')).status).toBe(400);
  expect((await t.api.get('/api/v1/inventory/NO-SUCH/ledger')).status).toBe(404);
});

test('health reports the database and Temporal', async () => {
  const res = await t.api.get('/healthz');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: 'ok', database: { ok: true }, temporal: { ok: true } });
});
