import { compareQueue } from '../../src/domain/fulfillmentQueue';
import { startTestHub, type TestHub } from '../support/testHub';
import { createOpsChannel, minutesAgo, minutesFromNow, seedHold, seedOrder } from '../dashboard/seed';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t?.stop());

describe('GET /api/v1/fulfillment/queue', () => {
  let channel: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const db = t.hub.db;
    channel = await createOpsChannel(db, 'opsq');
    const seed = async (name: string, o: Parameters<typeof seedOrder>[2]) => {
      ids[name] = (await seedOrder(db, channel, { externalId: `${channel}-${name}`, ...o })).id;
    };
    await seed('normalOld', { createdAt: minutesAgo(30) });
    await seed('normalNew', { createdAt: minutesAgo(5) });
    await seed('normalShipBy', { createdAt: minutesAgo(1), shipBy: minutesFromNow(60) });
    await seed('urgentLate', { priorityClass: 'urgent', priorityScore: 100, shipBy: minutesAgo(10), tags: ['vip'] });
    await seed('urgentTop', { priorityClass: 'urgent', priorityScore: 150, parcels: [{ locationId: 'WH-EAST', status: 'label_created' }] });
    await seed('highPartial', {
      priorityClass: 'high',
      status: 'partially_shipped',
      priorityScore: 50,
      shipBy: minutesAgo(1),
      parcels: [
        { locationId: 'WH-EAST', status: 'in_transit' },
        { locationId: 'WH-WEST', status: 'label_created' },
      ],
    });
    await seed('low', { priorityClass: 'low', priorityScore: 1000, totalMinor: 123456 });
    await seed('releasedHold', { priorityClass: 'high', priorityScore: 10 });
    await seedHold(db, ids.releasedHold, 'address', { placedAt: minutesAgo(20), releasedAt: minutesAgo(2), releasedBy: 'ops' });
    // Not ready to ship: never in the queue.
    await seed('openHold', { priorityClass: 'urgent', priorityScore: 999 });
    await seedHold(db, ids.openHold, 'fraud_review');
    await seed('onHold', { status: 'on_hold', priorityClass: 'urgent' });
    await seed('shipped', { status: 'shipped', shipBy: minutesAgo(60) });
    await seed('awaiting', { status: 'awaiting_payment' });
    await seed('delivered', { status: 'delivered' });
  });

  const EXPECTED = ['urgentTop', 'urgentLate', 'highPartial', 'releasedHold', 'normalShipBy', 'normalOld', 'normalNew', 'low'];

  it('lists ready orders without open holds, in priority order, with a late flag', async () => {
    const res = await t.api.get('/api/v1/fulfillment/queue').query({ channel });
    expect(res.status).toBe(200);
    const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
    expect(res.body.items.map((i: { orderId: string }) => names[i.orderId])).toEqual(EXPECTED);
    const late = res.body.items.filter((i: { late: boolean }) => i.late).map((i: { orderId: string }) => names[i.orderId]);
    expect(late).toEqual(['urgentLate', 'highPartial']);
  });

  it('agrees with the pure comparator', async () => {
    const res = await t.api.get('/api/v1/fulfillment/queue').query({ channel });
    const rows = await t.hub.db.order.findMany({ where: { id: { in: res.body.items.map((i: { orderId: string }) => i.orderId) } } });
    expect(res.body.items.map((i: { orderId: string }) => i.orderId)).toEqual([...rows].sort(compareQueue).map((r) => r.id));
  });

  it('answers each item in the documented shape', async () => {
    const res = await t.api.get('/api/v1/fulfillment/queue').query({ channel });
    const top = res.body.items[0];
    expect(top).toEqual({
      orderId: ids.urgentTop,
      workflowId: `order:${channel}:${channel}-urgentTop`,
      channel,
      externalId: `${channel}-urgentTop`,
      customerName: 'Ada Lovelace',
      status: 'fulfilling',
      priorityClass: 'urgent',
      priorityScore: 150,
      shipBy: null,
      late: false,
      total: '24.99',
      currency: 'USD',
      placedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      tags: [],
      parcels: [{ shipmentId: `${ids.urgentTop}-WH-EAST`, locationId: 'WH-EAST', status: 'label_created' }],
    });
    const urgentLate = res.body.items[1];
    expect(urgentLate).toMatchObject({ tags: ['vip'], late: true, shipBy: expect.stringMatching(/Z$/) });
    expect(res.body.items.at(-1)).toMatchObject({ total: '1234.56', priorityClass: 'low' });
    expect(res.body.items[2].parcels.map((p: { locationId: string }) => p.locationId)).toEqual(['WH-EAST', 'WH-WEST']);
  });

  it('cuts the list at limit and refuses limits outside 1..500, naming the field', async () => {
    const res = await t.api.get('/api/v1/fulfillment/queue').query({ channel, limit: 2 });
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0].orderId).toBe(ids.urgentTop);
    for (const limit of ['0', '501', 'ten']) {
      const bad = await t.api.get('/api/v1/fulfillment/queue').query({ channel, limit });
      expect(bad.status).toBe(400);
      expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['query.limit']);
    }
  });

  it('answers an empty list for a channel without ready orders', async () => {
    const res = await t.api.get('/api/v1/fulfillment/queue').query({ channel: `${channel}-none` });
    expect(res.body).toEqual({ items: [] });
  });
});

describe('GET /api/v1/holds', () => {
  let channel: string;
  const holdIds: Record<string, string> = {};
  let orderId: string;

  beforeAll(async () => {
    const db = t.hub.db;
    channel = await createOpsChannel(db, 'opsh');
    const a = await seedOrder(db, channel, { status: 'on_hold' });
    const b = await seedOrder(db, channel, { status: 'on_hold' });
    orderId = a.id;
    holdIds.fraudOld = (await seedHold(db, a.id, 'fraud_review', { placedAt: minutesAgo(90), escalatedAt: minutesAgo(30), note: 'big order' })).id;
    holdIds.addressNew = (await seedHold(db, a.id, 'address', { placedAt: minutesAgo(3) })).id;
    holdIds.paymentMid = (await seedHold(db, b.id, 'payment', { placedAt: minutesAgo(45), placedBy: 'alice' })).id;
    holdIds.released = (await seedHold(db, b.id, 'manual', { placedAt: minutesAgo(120), releasedAt: minutesAgo(60), releasedBy: 'bob' })).id;
    holdIds.releasedLater = (await seedHold(db, b.id, 'inventory', { placedAt: minutesAgo(100), releasedAt: minutesAgo(10), releasedBy: 'carol' })).id;
  });

  const names = () => Object.fromEntries(Object.entries(holdIds).map(([name, id]) => [id, name]));
  const list = async (query: Record<string, string | number>) => {
    const res = await t.api.get('/api/v1/holds').query({ channel, ...query });
    expect(res.status).toBe(200);
    return res.body as { items: { holdId: string }[]; countsByReason: { reason: string; count: number }[] };
  };

  it('lists open holds by default, oldest first, with their order and age', async () => {
    const body = await list({});
    expect(body.items.map((h) => names()[h.holdId])).toEqual(['fraudOld', 'paymentMid', 'addressNew']);
    const [fraud] = body.items;
    expect(fraud).toEqual({
      holdId: holdIds.fraudOld,
      orderId,
      workflowId: `order:${channel}:${(await t.hub.db.order.findUniqueOrThrow({ where: { id: orderId } })).externalId}`,
      channel,
      externalId: expect.any(String),
      reason: 'fraud_review',
      note: 'big order',
      placedBy: 'rule:test',
      placedAt: expect.stringMatching(/Z$/),
      releasedAt: null,
      releasedBy: null,
      escalated: true,
      ageSeconds: expect.any(Number),
    });
    const age = (fraud as unknown as { ageSeconds: number }).ageSeconds;
    expect(Number.isInteger(age)).toBe(true);
    expect(age).toBeGreaterThanOrEqual(90 * 60 - 1);
    expect(age).toBeLessThan(90 * 60 + 60);
    expect(body.items.map((h) => (h as unknown as { escalated: boolean }).escalated)).toEqual([true, false, false]);
    expect(body.countsByReason).toEqual([
      { reason: 'address', count: 1 },
      { reason: 'fraud_review', count: 1 },
      { reason: 'payment', count: 1 },
    ]);
  });

  it('filters by reason and by state; released holds are aged until their release', async () => {
    expect((await list({ reason: 'payment' })).items.map((h) => names()[h.holdId])).toEqual(['paymentMid']);
    expect((await list({ reason: 'manual' })).items).toEqual([]);

    const released = await list({ state: 'released' });
    expect(released.items.map((h) => names()[h.holdId])).toEqual(['releasedLater', 'released']);
    expect(released.items[1]).toMatchObject({ releasedBy: 'bob', releasedAt: expect.stringMatching(/Z$/), ageSeconds: 3600 });
    expect(released.items[0]).toMatchObject({ releasedBy: 'carol', ageSeconds: 90 * 60 });

    const all = await list({ state: 'all' });
    expect(all.items.map((h) => names()[h.holdId])).toEqual(['released', 'releasedLater', 'fraudOld', 'paymentMid', 'addressNew']);
    expect((await list({ state: 'all', reason: 'manual' })).items.map((h) => names()[h.holdId])).toEqual(['released']);
    expect((await list({ state: 'all', limit: 2 })).items).toHaveLength(2);
    expect((await list({ state: 'all', limit: 2 })).countsByReason.reduce((n, c) => n + c.count, 0)).toBe(5);
  });

  it('refuses an unknown state or reason with 400 naming the field', async () => {
    const badState = await t.api.get('/api/v1/holds').query({ state: 'closed' });
    expect(badState.status).toBe(400);
    expect(badState.body).toMatchObject({ error: 'validation_failed', message: expect.stringContaining('query.state') });
    expect(badState.body.fields).toEqual([{ field: 'query.state', message: expect.any(String) }]);

    const badReason = await t.api.get('/api/v1/holds').query({ reason: 'vibes', limit: 0 });
    expect(badReason.status).toBe(400);
    expect(badReason.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['query.limit', 'query.reason']);
  });
});
