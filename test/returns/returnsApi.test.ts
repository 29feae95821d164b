// The returns API over HTTP (no auth, like the inventory tests): 201 then the stored return, 409s
// naming the field, the same Idempotency-Key answered once, keyset pages, the order listing its
// returns, and two concurrent requests for the last unit.
import request from 'supertest';
import type { Client } from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { createDb, type Db } from '../../src/db/prisma';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { createOpsChannel } from '../dashboard/seed';
import { requireEnv } from '../support/testHub';
import { seedDeliveredOrder } from './seedReturns';

let db: Db;
let channel: string;
let api: () => request.Agent;
beforeAll(async () => {
  db = createDb(requireEnv(STACK_ENV.databaseUrl), 10);
  channel = await createOpsChannel(db, 'retapi');
  const app = createApp({
    db,
    temporal: {} as Client,
    taskQueue: 'unused',
    orderOptions: { paymentTimeoutMs: 60_000, backorderTimeoutMs: 60_000 },
    stockEvents: { reserved: async () => undefined, changed: async () => undefined },
  });
  api = () => request.agent(app);
});
afterAll(() => db?.$disconnect());

const open = (orderId: string, body: unknown, key?: string) => {
  const r = api().post(`/api/v1/orders/${orderId}/returns`);
  return (key ? r.set('Idempotency-Key', key) : r).send(body as object);
};

describe('returns API', () => {
  it('POST opens a return (201), GET shows it, the order lists it; the same Idempotency-Key answers once', async () => {
    const orderId = await seedDeliveredOrder(db, channel, 3);
    const body = { lines: [{ lineId: 1, quantity: 1, reason: 'too_small' }], note: 'box dented' };
    const first = await open(orderId, body, `k-${orderId}`);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ returnId: expect.stringMatching(/^ret_/), status: 'requested' });
    const again = await open(orderId, body, `k-${orderId}`);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.returnId).toBe(first.body.returnId);
    expect(await db.return.count({ where: { orderId } })).toBe(1);

    const shown = await api().get(`/api/v1/returns/${first.body.returnId}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      returnId: first.body.returnId,
      orderId,
      channel,
      status: 'requested',
      note: 'box dented',
      refund: '0.00',
      lines: [{ lineNo: 1, sku: 'RET-MUG', quantity: 1, reason: 'too_small' }],
    });
    const order = await api().get(`/api/v1/orders/${orderId}`);
    expect(order.status).toBe(200);
    expect(order.body.returns).toEqual([expect.objectContaining({ returnId: first.body.returnId, status: 'requested' })]);
  });

  it('409s name the field: over-return (body.lines.0.quantity) and a closed window (body.lines.0); 400 for an unknown line; 404 for an unknown order', async () => {
    const orderId = await seedDeliveredOrder(db, channel, 2);
    const over = await open(orderId, { lines: [{ sku: 'RET-MUG', quantity: 3 }] });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ error: 'return_refused', fields: [{ field: 'body.lines.0.quantity', message: expect.stringContaining('has 2 unit(s) left to return') }] });
    const unknown = await open(orderId, { lines: [{ lineId: 7, quantity: 1 }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toEqual([{ field: 'body.lines.0.lineId', message: 'the order has no line 7' }]);
    const both = await open(orderId, { lines: [{ lineId: 1, sku: 'RET-MUG', quantity: 1 }] });
    expect(both.status).toBe(400);
    const late = await open(await seedDeliveredOrder(db, channel, 1, 40), { lines: [{ lineId: 1, quantity: 1 }] });
    expect(late.status).toBe(409);
    expect(late.body.fields).toEqual([{ field: 'body.lines.0', message: expect.stringContaining('30-day return window closed') }]);
    expect((await open('00000000-0000-4000-8000-000000000000', { lines: [{ lineId: 1, quantity: 1 }] })).status).toBe(404);
  });

  it('two concurrent POSTs for the last unit: one 201, one 409', async () => {
    const orderId = await seedDeliveredOrder(db, channel, 1);
    const results = await Promise.all([open(orderId, { lines: [{ lineId: 1, quantity: 1 }] }), open(orderId, { lines: [{ lineId: 1, quantity: 1 }] })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('GET /api/v1/returns filters by status and channel, newest first, in keyset pages', async () => {
    const own = await createOpsChannel(db, 'retlist');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await open(await seedDeliveredOrder(db, own, 1), { lines: [{ lineId: 1, quantity: 1 }] })).body.returnId);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await api()
        .get('/api/v1/returns')
        .query({ status: 'requested', channel: own, limit: 2, ...(cursor && { cursor }) });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((r: { returnId: string }) => r.returnId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect((await api().get('/api/v1/returns').query({ status: 'bogus' })).status).toBe(400);
    expect((await api().get('/api/v1/returns/ret_nope')).status).toBe(400);
    expect((await api().get(`/api/v1/returns/ret_${'0'.repeat(26)}`)).status).toBe(404);
  });

  it("a channel's return policy: the defaults, a PUT that the next return is judged by, 400 naming a bad field, 404 for an unknown channel", async () => {
    const own = await createOpsChannel(db, 'retpol');
    const path = `/api/v1/channels/${own}/return-policy`;
    expect((await api().get(path)).body).toEqual({ channel: own, returnWindowDays: 30, returnShipping: 'with_last_unit', exchangeShipsAt: 'on_receipt' });
    const orderId = await seedDeliveredOrder(db, own, 1, 10);
    const set = await api().put(path).send({ returnWindowDays: 7, returnShipping: 'never', exchangeShipsAt: 'at_once' });
    expect(set.status).toBe(200);
    expect((await api().get(path)).body).toMatchObject({ returnWindowDays: 7, returnShipping: 'never' });
    expect((await open(orderId, { lines: [{ lineId: 1, quantity: 1 }] })).status).toBe(409);
    const bad = await api().put(path).send({ returnWindowDays: -1, returnShipping: 'never', exchangeShipsAt: 'at_once' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'body.returnWindowDays' })]);
    expect((await api().get('/api/v1/channels/no-such-channel/return-policy')).status).toBe(404);
  });
});
