import { randomUUID } from 'node:crypto';
import { createUnmappedLines } from '../../src/api/catalog/unmappedLines';
import { createSku, eventually, orderPayload, stockAt } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

// Issue 14: channels with their platform settings, listings (a channel's own ids for hub SKUs), and
// an order held unmapped_sku that a new listing or product releases by itself, on the real stack.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ carrierDispatchDelayMs: 100, carrierDeliveryDelayMs: 100 });
});
afterAll(() => t?.stop());

const code = () => `c${randomUUID().slice(0, 8)}`;
const fieldsOf = (res: { body: { fields?: { field: string }[] } }) => (res.body.fields ?? []).map((f) => f.field).sort();
type Order = {
  status: string;
  holds: { reason: string; releasedAt: string | null; releasedBy: string | null }[];
  lines: { lineNo: number; sku: string }[];
  timeline: { type: string }[];
};
const order = async (orderId: string): Promise<Order> => (await t.api.get(`/api/v1/orders/${orderId}`)).body;
const openHold = (o: Order, reason: string) => o.holds.find((h) => h.reason === reason && h.releasedAt === null);

describe('channels', () => {
  test('a Shopify channel: settings checked per platform (400 naming the field), stored, listed; no secret anywhere', async () => {
    const id = code();
    const bad = await t.api.post('/api/v1/channels').send({
      id,
      name: 'Shop',
      kind: 'webstore',
      platform: 'shopify',
      settings: { shopDomain: 'shop.example.com', apiVersion: '2025-13', locationIds: { 'WH-NOWHERE': '1' }, token: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['body.settings', 'body.settings.apiVersion', 'body.settings.shopDomain']);

    const unknownLocation = await t.api.post('/api/v1/channels').send({
      id,
      name: 'Shop',
      kind: 'webstore',
      platform: 'shopify',
      settings: { shopDomain: 'my-shop.myshopify.com', apiVersion: '2025-07', locationIds: { 'WH-NOWHERE': '1' } },
    });
    expect(fieldsOf(unknownLocation)).toEqual(['body.settings.locationIds.WH-NOWHERE']);

    const settings = { shopDomain: 'my-shop.myshopify.com', apiVersion: '2025-07', locationIds: { 'WH-EAST': '655441491' } };
    const created = await t.api.post('/api/v1/channels').send({
      id,
      name: 'Shop',
      kind: 'webstore',
      platform: 'shopify',
      capturePolicy: 'on_shipment',
      secretName: 'shop-main',
      settings,
      buffer: { safetyStock: 2, percent: 90, maxListed: null, locationIds: ['WH-EAST'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id,
      platform: 'shopify',
      capturePolicy: 'on_shipment',
      backorderPolicy: null,
      secretName: 'shop-main',
      settings,
      buffer: { safetyStock: 2, percent: 90, locationIds: ['WH-EAST'] },
    });
    expect((await t.api.post('/api/v1/channels').send({ id, name: 'again', kind: 'webstore' })).status).toBe(409);
    expect((await t.api.get(`/api/v1/channels/${id}`)).body).toEqual(created.body);
    const listed = (await t.as(t.keys.ops).get('/api/v1/channels')).body.items;
    expect(listed.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['webstore', 'amazon', 'ebay', 'pos', id]));
    expect(JSON.stringify(listed)).not.toMatch(/secret"\s*:\s*"(?!shop-main)/i);
    expect((await t.as(t.keys.ops).patch(`/api/v1/channels/${id}`).send({ name: 'x' })).status).toBe(403);
  });

  test('PATCH: a platform change checks the stored settings against the new platform; amazon and ebay settings', async () => {
    const id = code();
    await t.api.post('/api/v1/channels').send({ id, name: 'Market', kind: 'marketplace' }).expect(201);
    const moved = await t.api.patch(`/api/v1/channels/${id}`).send({ platform: 'amazon' });
    expect(moved.status).toBe(400);
    expect(fieldsOf(moved)).toEqual(['body.settings.marketplaceIds', 'body.settings.region', 'body.settings.sellerId']);
    const amazon = await t.api
      .patch(`/api/v1/channels/${id}`)
      .send({ platform: 'amazon', settings: { sellerId: 'A2EUQ1WTGCTBG2', marketplaceIds: ['ATVPDKIKX0DER'], region: 'na' } });
    expect(amazon.status).toBe(200);
    expect(amazon.body).toMatchObject({ platform: 'amazon', settings: { sellerId: 'A2EUQ1WTGCTBG2', region: 'na' } });
    const ebay = await t.api.patch(`/api/v1/channels/${id}`).send({ platform: 'ebay', settings: { marketplaceId: 'EBAY-US' } });
    expect(fieldsOf(ebay)).toEqual(['body.settings.marketplaceId']);
    const renamed = await t.api.patch(`/api/v1/channels/${id}`).send({ name: 'Renamed', backorderPolicy: 'cancel' });
    expect(renamed.body).toMatchObject({ name: 'Renamed', backorderPolicy: 'cancel', platform: 'amazon' });
    expect((await t.api.patch('/api/v1/channels/no-such').send({ name: 'x' })).status).toBe(404);
  });
});

describe('listings', () => {
  test('create, list by SKU, PATCH, DELETE; 64-bit ids as strings; duplicates 409 naming the field; rules 400', async () => {
    const sku = await createSku(t.hub.db, {});
    const variantId = '44610853298243' + String(Math.floor(Math.random() * 90000) + 10000); // beyond 2^53
    const created = await t.api
      .post('/api/v1/channels/webstore/listings')
      .send({ sku, variantId, inventoryItemId: '9007199254740993' + variantId.slice(-3), channelSku: `CH-${sku}` });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ channel: 'webstore', sku, variantId, asin: null });

    const dup = await t.api.post('/api/v1/channels/webstore/listings').send({ sku, variantId });
    expect(dup.status).toBe(409);
    expect(fieldsOf(dup)).toEqual(['body.variantId']);
    expect(fieldsOf(await t.api.post('/api/v1/channels/webstore/listings').send({ sku }))).toEqual(['body']);
    expect(fieldsOf(await t.api.post('/api/v1/channels/webstore/listings').send({ sku: 'NO-SUCH-SKU', offerId: '1' }))).toEqual(['body.sku']);
    expect(fieldsOf(await t.api.post('/api/v1/channels/webstore/listings').send({ sku, legacyVariationId: '7' }))).toEqual(['body', 'body.legacyVariationId']);
    expect(fieldsOf(await t.api.post('/api/v1/channels/webstore/listings').send({ sku, variantId: 12345 }))).toEqual(['body.variantId']);
    expect((await t.api.post('/api/v1/channels/no-such/listings').send({ sku, offerId: '1' })).status).toBe(404);

    // An eBay item without variations once per channel (the unique index cannot see null variations).
    const item = `${Date.now()}`;
    expect((await t.api.post('/api/v1/channels/ebay/listings').send({ sku, legacyItemId: item })).status).toBe(201);
    expect((await t.api.post('/api/v1/channels/ebay/listings').send({ sku, legacyItemId: item })).status).toBe(409);

    const listed = await t.as(t.keys.ops).get(`/api/v1/channels/webstore/listings?sku=${sku}`);
    expect(listed.body.items.map((l: { listingId: string }) => l.listingId)).toEqual([created.body.listingId]);
    const patched = await t.api.patch(`/api/v1/channels/webstore/listings/${created.body.listingId}`).send({ inventoryItemId: null, asin: 'B0TESTASIN' });
    expect(patched.body).toMatchObject({ inventoryItemId: null, asin: 'B0TESTASIN', variantId });
    expect(fieldsOf(await t.api.patch(`/api/v1/channels/webstore/listings/${created.body.listingId}`).send({ variantId: null, channelSku: null, asin: null }))).toEqual(['body']);
    expect((await t.api.delete(`/api/v1/channels/webstore/listings/${created.body.listingId}`)).status).toBe(204);
    expect((await t.api.delete(`/api/v1/channels/webstore/listings/${created.body.listingId}`)).status).toBe(404);
  });
});

describe('unmapped_sku released by itself', () => {
  test('an order line known only by a Shopify variant id: held; POST a listing for it -> the line takes the hub SKU, the hold is released, the order reserves and ships', async () => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const variantId = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
    const known = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const payload = orderPayload({ sku: known });
    const res = await t.api
      .post('/api/v1/orders')
      .send({ ...payload, lines: [...payload.lines, { listing: { variantId }, title: 'Mystery mug', quantity: 2, unitPrice: '3.00' }] });
    expect(res.status).toBe(202);
    const { orderId } = res.body;
    await eventually(async () => expect(openHold(await order(orderId), 'unmapped_sku')).toBeDefined());
    expect((await order(orderId)).lines[1]!.sku).toBe(`variant ${variantId}`);

    const listing = await t.api.post('/api/v1/channels/webstore/listings').send({ sku, variantId });
    expect(listing.status).toBe(201);
    // Well before the sweeper's first pass (30 s): the listing's own request mapped it.
    await eventually(async () => expect((await order(orderId)).status).toBe('delivered'), 15_000);
    const done = await order(orderId);
    expect(done.lines.map((l) => l.sku)).toEqual([known, sku]);
    expect(done.holds.find((h) => h.reason === 'unmapped_sku')).toMatchObject({ releasedBy: 'catalog' });
    expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 3, reserved: 0 });
    expect(await t.hub.db.orderLine.findFirst({ where: { orderId, lineNo: 2 }, select: { unmapped: true } })).toEqual({ unmapped: null });
  });

  test('two unknown lines: a product for one maps it (still held); the CSV import of the other releases the hold', async () => {
    const a = `NEW-${randomUUID().slice(0, 8)}`.toUpperCase();
    const b = `NEW-${randomUUID().slice(0, 8)}`.toUpperCase();
    const payload = orderPayload({ sku: a });
    const res = await t.api.post('/api/v1/orders').send({
      ...payload,
      lines: [
        { sku: a, quantity: 1, unitPrice: '5.00' },
        { sku: b, quantity: 1, unitPrice: '6.00', requiresShipping: false },
      ],
    });
    const { orderId } = res.body;
    await eventually(async () => expect(openHold(await order(orderId), 'unmapped_sku')).toBeDefined());

    await t.api.post('/api/v1/products').send({ sku: a, name: 'A' }).expect(201);
    await eventually(async () => expect((await order(orderId)).timeline.map((e) => e.type)).toContain('lines_mapped'));
    expect(openHold(await order(orderId), 'unmapped_sku')).toBeDefined();
    // The operator's release is still refused while b is unknown (and tries the mapping first).
    expect((await t.api.post(`/api/v1/orders/${orderId}/holds/unmapped_sku/release`).send({})).status).toBe(409);

    await t.hub.db.stockLevel.create({ data: { sku: a, locationId: 'WH-EAST', onHand: 3 } });
    await t.hub.db.stockLedgerEntry.create({ data: { sku: a, locationId: 'WH-EAST', onHandDelta: 3, reservedDelta: 0, reason: 'seed' } });
    await t.api.post('/api/v1/products/import').set('content-type', 'text/csv').send(`sku,name\n${b},B`).expect(200);
    await eventually(async () => expect((await order(orderId)).status).toBe('delivered'));
    // b said requiresShipping false itself: it stays a line without a parcel.
    expect(await t.hub.db.orderLine.findFirst({ where: { orderId, lineNo: 2 }, select: { sku: true, requiresShipping: true } })).toEqual({ sku: b, requiresShipping: false });
  });

  test('a mapping lost between the commit and the update (a listing written straight into the database) is made by the operator release, or the sweeper', async () => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const offerId = `${Date.now()}`;
    const payload = orderPayload({ sku, channel: 'ebay' });
    const res = await t.api.post('/api/v1/orders').send({ ...payload, lines: [{ listing: { offerId }, quantity: 1, unitPrice: '19.99' }] });
    const { orderId } = res.body;
    await eventually(async () => expect(openHold(await order(orderId), 'unmapped_sku')).toBeDefined());
    // As if the API stopped right after its commit: the listing exists, no update was sent.
    await t.hub.db.channelListing.create({ data: { channelId: 'ebay', sku, offerId } });
    const released = await t.api.post(`/api/v1/orders/${orderId}/holds/unmapped_sku/release`).send({ note: 'listing added' });
    expect(released.status).toBe(200);
    await eventually(async () => expect((await order(orderId)).status).toBe('delivered'));
    expect((await order(orderId)).lines[0]!.sku).toBe(sku);

    // The sweeper's pass (every 30 s in the hub) finds the same work without any request.
    const other = await t.api
      .post('/api/v1/orders')
      .send({ ...orderPayload({ sku, channel: 'ebay' }), lines: [{ listing: { offerId: `${offerId}9` }, quantity: 1, unitPrice: '19.99' }] });
    await eventually(async () => expect(openHold(await order(other.body.orderId), 'unmapped_sku')).toBeDefined());
    await t.hub.db.channelListing.create({ data: { channelId: 'ebay', sku, offerId: `${offerId}9` } });
    expect(await createUnmappedLines(t.hub.db, t.hub.temporal).pass()).toBeGreaterThanOrEqual(1);
    await eventually(async () => expect((await order(other.body.orderId)).status).toBe('delivered'));
  });
});
