import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Client } from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { followupWork, type StockEvents } from '../../src/activities/backorderQueue';
import { drainFollowups } from '../../src/activities/stockFollowups';
import { createDb, type Db } from '../../src/db/prisma';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { createSku, stockAt } from '../support/fixtures';
import { requireEnv } from '../support/testHub';

// An inventory adjustment is one business event: whatever the client retries (a 5xx, a timeout,
// a key taken over after 60 s), its identity is stored with the ledger row and it applies once.
let db: Db;
beforeAll(() => {
  db = createDb(requireEnv(STACK_ENV.databaseUrl), 10);
});
afterAll(() => db?.$disconnect());

/**
 * Stock events that fail `failures` times for `sku` (Temporal unreachable after the commit), then
 * work. Only calls for `sku` count: a sweep also claims other tests' follow-ups once they are due
 * (this file's first test leaves one that is due 30 s later), and those must not use up the failures.
 */
function flakyEvents(failures: number, sku?: string) {
  const changed: string[][] = [];
  let left = failures;
  const events: StockEvents = {
    reserved: async () => undefined,
    changed: async (skus) => {
      if (sku !== undefined && skus.includes(sku) && left-- > 0) throw new Error('injected: Temporal unreachable after the commit');
      changed.push(skus);
    },
  };
  return { events, changed };
}

/** The API without authentication (scope "anonymous"); only the inventory routes are used. */
function api(events: StockEvents) {
  const app = createApp({ db, temporal: {} as Client, taskQueue: 'unused', orderOptions: { paymentTimeoutMs: 60_000, backorderTimeoutMs: 60_000 }, stockEvents: events });
  return () => request(app);
}

const adjustments = (sku: string) => db.stockLedgerEntry.findMany({ where: { sku, reason: { not: 'seed' } } });

test('a failure after the commit is not a 5xx, and the retry with the same Idempotency-Key applies nothing twice', async () => {
  const sku = await createSku(db, { 'WH-EAST': 5 });
  const { events, changed } = flakyEvents(1, sku);
  const post = api(events);
  const key = `adj-${randomUUID()}`;
  const body = { sku, locationId: 'WH-EAST', delta: 3, reason: 'receipt' };

  const first = await post().post('/api/v1/inventory/adjustments').set('Idempotency-Key', key).send(body);
  const retry = await post().post('/api/v1/inventory/adjustments').set('Idempotency-Key', key).send(body);

  expect(await stockAt(db, sku, 'WH-EAST')).toEqual({ onHand: 8, reserved: 0 });
  expect(await adjustments(sku)).toHaveLength(1);
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({ sku, totalOnHand: 8, adjustment: { delta: 3, replayed: false } });
  expect(retry.status).toBe(201);
  expect(retry.headers['idempotent-replayed']).toBe('true');
  // The failed nudge is not lost: it waits in the follow-up outbox (test below drains it).
  expect(changed).toEqual([]);
  expect(await db.stockFollowup.count({ where: { skus: { has: sku } } })).toBe(1);
});

test('a key taken over after its first request died past the commit answers 200 with the stock, not a second change', async () => {
  const sku = await createSku(db, { 'WH-WEST': 2 });
  const post = api(flakyEvents(0).events);
  const key = `adj-${randomUUID()}`;
  const body = { sku, locationId: 'WH-WEST', delta: 4, reason: 'receipt' };
  expect((await post().post('/api/v1/inventory/adjustments').set('Idempotency-Key', key).send(body)).status).toBe(201);
  // As if the process died after its commit, before the answer was stored: after 60 s the key is free.
  await db.idempotencyRecord.updateMany({ where: { key }, data: { statusCode: null, response: undefined, completedAt: null, createdAt: new Date(Date.now() - 120_000) } });

  const retry = await post().post('/api/v1/inventory/adjustments').set('Idempotency-Key', key).send(body);
  expect(await stockAt(db, sku, 'WH-WEST')).toEqual({ onHand: 6, reserved: 0 });
  expect(await adjustments(sku)).toHaveLength(1);
  expect(retry.status).toBe(200);
  expect(retry.body).toMatchObject({ sku, totalOnHand: 6, adjustment: { delta: 4, replayed: true } });

  // Its record gone (e.g. dropped after a 5xx), the key with another body is refused, naming the header.
  await db.idempotencyRecord.deleteMany({ where: { key } });
  const other = await post()
    .post('/api/v1/inventory/adjustments')
    .set('Idempotency-Key', key)
    .send({ ...body, delta: 5 });
  expect(other.status).toBe(422);
  expect(other.body).toMatchObject({ error: 'idempotency_key_mismatch', fields: [{ field: 'header.Idempotency-Key' }] });
  expect(await stockAt(db, sku, 'WH-WEST')).toEqual({ onHand: 6, reserved: 0 });
});

test('a client adjustmentId applies once, even sent five times at once; reused for another adjustment it is a 409', async () => {
  const sku = await createSku(db, { 'WH-EAST': 10 });
  const post = api(flakyEvents(0).events);
  const adjustmentId = `count-${randomUUID()}`;
  const body = { sku, locationId: 'WH-EAST', delta: -2, reason: 'damage', note: 'forklift', adjustmentId };

  const answers = await Promise.all([1, 2, 3, 4, 5].map(() => post().post('/api/v1/inventory/adjustments').send(body)));
  expect(await stockAt(db, sku, 'WH-EAST')).toEqual({ onHand: 8, reserved: 0 });
  expect(await adjustments(sku)).toEqual([expect.objectContaining({ adjustmentId, onHandDelta: -2, reason: 'damage', note: 'forklift' })]);
  expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
  expect(answers.every((a) => a.body.totalOnHand === 8 && a.body.adjustment.adjustmentId === adjustmentId)).toBe(true);

  const reused = await post()
    .post('/api/v1/inventory/adjustments')
    .send({ ...body, note: 'another pallet' });
  expect(reused.status).toBe(409);
  expect(reused.body).toMatchObject({ error: 'adjustment_conflict', fields: [{ field: 'body.adjustmentId' }] });
  const elsewhere = await post()
    .post('/api/v1/inventory/adjustments')
    .send({ ...body, locationId: 'WH-WEST' });
  expect(elsewhere.status).toBe(409);
  expect(await adjustments(sku)).toHaveLength(1);
});

test('one adjustmentId sent at once for two locations (two different stock locks): the unique constraint lets one in', async () => {
  const sku = await createSku(db, { 'WH-EAST': 0, 'WH-WEST': 0 });
  const post = api(flakyEvents(0).events);
  const adjustmentId = `race-${randomUUID()}`;
  const answers = await Promise.all(
    ['WH-EAST', 'WH-WEST', 'WH-EAST', 'WH-WEST'].map((locationId) =>
      post().post('/api/v1/inventory/adjustments').send({ sku, locationId, delta: 3, reason: 'receipt', adjustmentId }),
    ),
  );
  expect(await adjustments(sku)).toHaveLength(1);
  const [applied] = await adjustments(sku);
  expect(answers.map((a) => a.status).sort()).toEqual([200, 201, 409, 409]);
  expect(answers.filter((a) => a.status === 409).map((a) => a.body.error)).toEqual(['adjustment_conflict', 'adjustment_conflict']);
  expect((await stockAt(db, sku, 'WH-EAST')).onHand + (await stockAt(db, sku, 'WH-WEST')).onHand).toBe(3);
  expect(applied.onHandDelta).toBe(3);
});

test('a repeated cycle count does not set the stock back after later moves', async () => {
  const sku = await createSku(db, { 'WH-EAST': 10 });
  const post = api(flakyEvents(0).events);
  const count = { sku, locationId: 'WH-EAST', countedOnHand: 7, reason: 'cycle_count', adjustmentId: `cc-${randomUUID()}` };
  expect((await post().post('/api/v1/inventory/adjustments').send(count)).status).toBe(201);
  expect((await post().post('/api/v1/inventory/adjustments').send({ sku, locationId: 'WH-EAST', delta: 5, reason: 'receipt' })).status).toBe(201);
  const again = await post().post('/api/v1/inventory/adjustments').send(count);
  expect(again.status).toBe(200);
  expect(await stockAt(db, sku, 'WH-EAST')).toEqual({ onHand: 12, reserved: 0 });
  // A count that matches is on record too (a zero move), so its identity is kept like any other.
  const confirm = { sku, locationId: 'WH-EAST', countedOnHand: 12, reason: 'cycle_count', adjustmentId: `cc-${randomUUID()}` };
  expect((await post().post('/api/v1/inventory/adjustments').send(confirm)).body.adjustment).toMatchObject({ delta: 0, replayed: false });
  expect((await post().post('/api/v1/inventory/adjustments').send(confirm)).body.adjustment).toMatchObject({ delta: 0, replayed: true });
});

test('a follow-up that failed after the commit stays in the outbox until the sweeper gets it through', async () => {
  const sku = await createSku(db, { 'WH-EAST': 1 });
  const { events, changed } = flakyEvents(2, sku);
  const post = api(events);
  expect((await post().post('/api/v1/inventory/adjustments').send({ sku, locationId: 'WH-EAST', delta: -1, reason: 'damage' })).status).toBe(201);
  const pending = () => db.stockFollowup.findMany({ where: { skus: { has: sku } } });
  expect(await pending()).toEqual([expect.objectContaining({ serveBackorders: false, attempts: 0, lastError: expect.stringContaining('injected') })]);
  // The answering request keeps it for a grace period; the sweeper takes it once it is due.
  const due = async () => db.stockFollowup.updateMany({ where: { skus: { has: sku } }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
  await due();
  await drainFollowups(db, followupWork(db, events)); // fails once more: still there, its next attempt pushed out
  expect(await pending()).toEqual([expect.objectContaining({ attempts: 1 })]);
  expect((await pending())[0].nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
  await due();
  await drainFollowups(db, followupWork(db, events));
  expect(await pending()).toEqual([]);
  expect(changed).toContainEqual([sku]);
});
