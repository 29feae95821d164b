import { randomUUID } from 'node:crypto';
import { createSku, eventually, orderPayload, uniqueExternalId } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

// Issue 14, the catalog: products (with the CSV import), locations and the orders lookup by the
// channel's own id, on the real stack. Validation failures are 400s naming the field.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ carrierDispatchDelayMs: 100, carrierDeliveryDelayMs: 100 });
});
afterAll(() => t?.stop());

const uniq = () => randomUUID().slice(0, 8).toUpperCase();
const csv = (...lines: string[]) => lines.join('\n');
const importCsv = (body: string) => t.api.post('/api/v1/products/import').set('content-type', 'text/csv').send(body);

describe('products', () => {
  test('create, get, PATCH, list with q and keyset pages; a duplicate is a 409; a bad field a 400 naming it', async () => {
    const prefix = `P${uniq()}`;
    const created = await t.api.post('/api/v1/products').send({ sku: `${prefix}-A`, name: 'Alpha mug', category: 'home', barcode: '0123456789012', weightGrams: 350 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sku: `${prefix}-A`, name: 'Alpha mug', category: 'home', barcode: '0123456789012', weightGrams: 350, requiresShipping: true });
    for (const s of ['B', 'C']) expect((await t.api.post('/api/v1/products').send({ sku: `${prefix}-${s}`, name: `Item ${s}` })).status).toBe(201);

    expect((await t.api.post('/api/v1/products').send({ sku: `${prefix}-A`, name: 'again' })).status).toBe(409);
    const bad = await t.api.post('/api/v1/products').send({ sku: 'bad sku', name: '', weightGrams: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['body.name', 'body.sku', 'body.weightGrams']);

    const patched = await t.api.patch(`/api/v1/products/${prefix}-A`).send({ requiresShipping: false, category: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ requiresShipping: false, category: null, name: 'Alpha mug' });
    expect((await t.api.get(`/api/v1/products/${prefix}-A`)).body.requiresShipping).toBe(false);
    expect((await t.api.patch(`/api/v1/products/${prefix}-NONE`).send({ name: 'x' })).status).toBe(404);
    const empty = await t.api.patch(`/api/v1/products/${prefix}-A`);
    expect(empty.status).toBe(400);
    expect(empty.body.fields).toEqual([{ field: 'body', message: 'a JSON object is required' }]);
    expect((await t.api.get(`/api/v1/products/${prefix}-NONE`)).status).toBe(404);

    const first = await t.api.get(`/api/v1/products?q=${prefix}&limit=2`);
    expect(first.body.items.map((p: { sku: string }) => p.sku)).toEqual([`${prefix}-A`, `${prefix}-B`]);
    const second = await t.api.get(`/api/v1/products?q=${prefix}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ sku: `${prefix}-C` }], nextCursor: null });
    // q also finds a part of the name, in any case.
    expect((await t.api.get('/api/v1/products?q=ALPHA MUG')).body.items.map((p: { sku: string }) => p.sku)).toContain(`${prefix}-A`);
  });

  test('an ops key reads the catalog but may not change it', async () => {
    expect((await t.as(t.keys.ops).get('/api/v1/products?limit=1')).status).toBe(200);
    expect(
      (
        await t
          .as(t.keys.ops)
          .post('/api/v1/products')
          .send({ sku: `X${uniq()}`, name: 'x' })
      ).status,
    ).toBe(403);
  });

  test('CSV import: 1,000 rows in one request create, a second import updates only the columns it has', async () => {
    const prefix = `CSV${uniq()}`;
    const rows = Array.from(
      { length: 1000 },
      (_, i) => `${prefix}-${String(i).padStart(4, '0')},"Product ${i}, ""deluxe""",cat-${i % 7},${4000000000000 + i},${100 + i},${i % 10 === 0 ? 'false' : 'true'}`,
    );
    const started = Date.now();
    const res = await importCsv(csv('sku,name,category,barcode,weight_grams,requires_shipping', ...rows));
    console.log(`CSV import of 1,000 rows: ${Date.now() - started} ms`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 1000, updated: 0, total: 1000 });
    const one = (await t.api.get(`/api/v1/products/${prefix}-0010`)).body;
    expect(one).toMatchObject({ name: 'Product 10, "deluxe"', category: 'cat-3', barcode: '4000000000010', weightGrams: 110, requiresShipping: false });

    // Only sku and name: category, barcode, weight and shipping stay as they were.
    const again = await importCsv(csv('name,sku', `Renamed,${prefix}-0010`, `New one,${prefix}-NEW`));
    expect(again.body).toEqual({ created: 1, updated: 1, total: 2 });
    expect((await t.api.get(`/api/v1/products/${prefix}-0010`)).body).toMatchObject({ name: 'Renamed', category: 'cat-3', weightGrams: 110, requiresShipping: false });
  });

  test('CSV import with bad rows: 400 listing every problem by line and column, nothing imported', async () => {
    const prefix = `BAD${uniq()}`;
    const res = await importCsv(
      csv(
        'sku,name,weight_grams,requires_shipping',
        `${prefix}-1,Fine,10,true`,
        `${prefix}-2,Heavy,ten,true`,
        `bad sku,Name,1,maybe`,
        '',
        `${prefix}-1,Twice,1,yes`,
        `${prefix}-5,,1,no`,
        `${prefix}-6,Short`,
      ),
    );
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([
      { line: 3, field: 'weight_grams', message: 'must be a whole number of grams' },
      { line: 4, field: 'sku', message: 'must be a SKU code' },
      { line: 4, field: 'requires_shipping', message: 'must be true or false (also yes/no, 1/0)' },
      { line: 6, field: 'sku', message: `SKU ${prefix}-1 is also on line 2` },
      { line: 7, field: 'name', message: 'must not be empty or only whitespace' },
      { line: 8, field: 'file', message: 'has 2 cells, the header 4' },
    ]);
    expect(res.body.fields[0]).toEqual({ field: 'body', message: 'line 3, weight_grams: must be a whole number of grams' });
    expect(await t.hub.db.product.count({ where: { sku: { startsWith: prefix } } })).toBe(0);

    const header = await importCsv(csv('sku,title', 'A,b'));
    expect(header.body.problems).toEqual([
      { line: 1, field: 'title', message: 'unknown column (known: sku, name, category, barcode, weight_grams, requires_shipping)' },
      { line: 1, field: 'name', message: 'required column is missing' },
    ]);
    expect((await importCsv('')).body.problems[0]).toMatchObject({ line: 1, field: 'file' });
    const json = await t.api.post('/api/v1/products/import').send({ sku: 'A' });
    expect(json.status).toBe(415);
  });

  test("a product's requiresShipping is the default of its order lines: a gift card line needs no parcel", async () => {
    const card = `GIFT-${uniq()}`;
    await t.api.post('/api/v1/products').send({ sku: card, name: 'Gift card', requiresShipping: false }).expect(201);
    const { shippingAddress: _none, ...payload } = orderPayload({ sku: card, unitPrice: '25.00' });
    const res = await t.api.post('/api/v1/orders').send(payload);
    expect(res.status).toBe(202);
    await eventually(async () => expect((await t.api.get(`/api/v1/orders/${res.body.orderId}`)).body.status).toBe('delivered'));
    const order = (await t.api.get(`/api/v1/orders/${res.body.orderId}`)).body;
    expect(order).toMatchObject({ shipments: [], holds: [] });
    expect(await t.hub.db.orderLine.findFirst({ where: { orderId: res.body.orderId }, select: { requiresShipping: true } })).toEqual({ requiresShipping: false });
  });
});

describe('locations', () => {
  test('create, list, PATCH; duplicate 409; bad fields 400', async () => {
    const id = `ST-${uniq()}`;
    const created = await t.api
      .post('/api/v1/locations')
      .send({ id, name: 'Corner store', kind: 'store', country: 'US', region: 'NY', servesPickup: true, address: { line1: '1 Main St', city: 'Albany', country: 'US' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id, kind: 'store', priority: 100, servesPickup: true, address: { line1: '1 Main St', city: 'Albany', country: 'US' } });
    expect((await t.api.post('/api/v1/locations').send({ id, name: 'again', country: 'US' })).status).toBe(409);
    const bad = await t.api.post('/api/v1/locations').send({ id: 'x y', name: 'n', country: 'usa', kind: 'shed' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['body.country', 'body.id', 'body.kind']);
    const patched = await t.api.patch(`/api/v1/locations/${id}`).send({ priority: 5, address: null });
    expect(patched.body).toMatchObject({ priority: 5, address: null });
    const list = (await t.api.get('/api/v1/locations')).body.items.map((l: { id: string }) => l.id);
    expect(list).toEqual(expect.arrayContaining(['WH-EAST', 'WH-WEST', id]));
    expect((await t.api.patch('/api/v1/locations/NOPE-1').send({ priority: 1 })).status).toBe(404);
  });
});

describe("orders by the channel's own id", () => {
  test('GET /orders?channel=&externalId= finds that one order', async () => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const externalId = uniqueExternalId('WEB');
    const res = await t.api.post('/api/v1/orders').send(orderPayload({ sku, externalId }));
    const found = await t.api.get(`/api/v1/orders?channel=webstore&externalId=${externalId}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([res.body.orderId]);
    expect((await t.api.get(`/api/v1/orders?channel=amazon&externalId=${externalId}`)).body.items).toEqual([]);
    expect((await t.api.get('/api/v1/orders?externalId=has%20space')).status).toBe(400);
  });
});
