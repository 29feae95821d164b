import request from 'supertest';
import { readSellable } from '../../src/db/sellableSnapshot';
import { createSku, eventually } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

let t: TestHub;
beforeAll(async () => {
  // A whole second of debounce: the burst below takes a few seconds on a busy 2-core machine.
  t = await startTestHub({ inventorySyncDebounceMs: 1000 });
});
afterAll(() => t?.stop());

const listing = async (channel: string, sku: string) => (await request(t.sim.url).get(`/channels/${channel}/inventory/${sku}`)).body;

test('after a burst of 50 stock changes every channel ends on its correct sellable quantity, from few pushes and never a stale one', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 20, 'WH-WEST': 20 });
  for (let i = 0; i < 50; i++) {
    const res = await t.api
      .post('/api/v1/inventory/adjustments')
      .send({ sku, locationId: i % 2 ? 'WH-EAST' : 'WH-WEST', delta: i % 3 === 0 ? -1 : 2, reason: i % 3 === 0 ? 'damage' : 'receipt' });
    expect(res.status).toBe(201);
  }
  const expected = await readSellable(t.hub.db, sku);
  // The seeded buffers differ per channel, so the figures differ too.
  expect(new Set(expected.channels.map((c) => c.quantity)).size).toBeGreaterThan(1);

  // The hub's own channel protocol only: a Shopify channel other test files created in the shared
  // database takes its stock through the Admin API (or is skipped without a token), not this simulator route.
  const generic = new Set((await t.hub.db.channel.findMany({ where: { platform: { not: 'shopify' } }, select: { id: true } })).map((c) => c.id));
  const pushed = expected.channels.filter((c) => generic.has(c.channel));
  await eventually(async () => {
    for (const { channel, quantity } of pushed) {
      expect({ channel, quantity: (await listing(channel, sku)).quantity }).toEqual({ channel, quantity });
    }
  }, 30_000);
  for (const { channel } of pushed) {
    const l = await listing(channel, sku);
    expect(l.pushes).toBeLessThan(20);
    expect(l.stalePushes).toBe(0);
  }
  const view = await t.api.get(`/api/v1/inventory/${sku}`);
  expect(view.body.channels).toEqual(expected.channels.map((c) => ({ channel: c.channel, sellable: c.quantity })));
});

test('channel buffers are readable and writable, and a change is pushed to the channel', async () => {
  // A channel of its own: buffers also cap reservations, so changing a shared one would reach
  // into the orders of test files running at the same time.
  const channel = `sync-${Date.now().toString(36)}`;
  await t.hub.db.channel.create({ data: { id: channel, name: 'Buffer test channel', kind: 'webstore' } });
  const sku = await createSku(t.hub.db, { 'WH-EAST': 10 });
  await t.api.post('/api/v1/inventory/adjustments').send({ sku, locationId: 'WH-EAST', delta: 1, reason: 'receipt' });
  await eventually(async () => expect((await listing(channel, sku)).quantity).toBe(11));

  const before = await t.api.get(`/api/v1/channels/${channel}/buffer`);
  expect(before.status).toBe(200);
  const put = await t.api.put(`/api/v1/channels/${channel}/buffer`).send({ safetyStock: 1, percent: 50, maxListed: null, locationIds: [] });
  expect(put.status).toBe(200);
  // The push follows the debounced stock event; under the full suite's load it took over the default 30 s once.
  await eventually(async () => expect((await listing(channel, sku)).quantity).toBe(5), 90_000); // (11 - 1) * 50%
  const bad = await t.api.put(`/api/v1/channels/${channel}/buffer`).send({ safetyStock: -1, percent: 150, maxListed: null, locationIds: ['NOWHERE'] });
  expect(bad.status).toBe(400);
  expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['body.percent', 'body.safetyStock']);
  const unknownLocation = await t.api.put(`/api/v1/channels/${channel}/buffer`).send({ safetyStock: 0, percent: 100, maxListed: null, locationIds: ['NOWHERE'] });
  expect(unknownLocation.status).toBe(400);
  expect(unknownLocation.body.fields[0].field).toBe('body.locationIds.0');
  expect((await t.api.get('/api/v1/channels/myspace/buffer')).status).toBe(404);
});
