// Opening returns against the real PostgreSQL of the test stack: the lock on the order's row makes
// two requests for the last units queue (one accepted, one 409), and order_lines.returned (kept by
// the migration's triggers, bounded by a CHECK) follows asks, receipts and expiry.
import { randomUUID } from 'node:crypto';
import { openReturn } from '../../src/api/returns/openReturn';
import { createDb, type Db } from '../../src/db/prisma';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { createOpsChannel } from '../dashboard/seed';
import { requireEnv } from '../support/testHub';
import { seedDeliveredOrder } from './seedReturns';

let db: Db;
let channel: string;
beforeAll(async () => {
  db = createDb(requireEnv(STACK_ENV.databaseUrl), 10);
  channel = await createOpsChannel(db, 'ret');
});
afterAll(() => db?.$disconnect());

const deliveredOrder = (quantity: number, daysAgo?: number) => seedDeliveredOrder(db, channel, quantity, daysAgo);

const returnedUnits = async (orderId: string) => (await db.orderLine.findUniqueOrThrow({ where: { id: `${orderId}:1` } })).returned;
const ask = (orderId: string, quantity: number, now = new Date()) => openReturn(db, { orderId, lines: [{ lineId: 1, quantity, reason: 'too_small' }], requestedBy: 'test', now });

describe('opening a return', () => {
  it('writes the return and its lines; the line counts the units returns hold', async () => {
    const orderId = await deliveredOrder(3);
    const opened = await ask(orderId, 1);
    expect(opened).toMatchObject({ status: 'requested', lines: [{ lineNo: 1, sku: 'RET-MUG', quantity: 1 }] });
    if (!('returnId' in opened)) throw new Error('refused');
    expect(opened.returnId).toMatch(/^ret_[0-9a-z]{26}$/);
    const row = await db.return.findUniqueOrThrow({ where: { id: opened.returnId }, include: { lines: true } });
    expect(row).toMatchObject({ orderId, channelId: channel, status: 'requested', currency: 'USD', requestedBy: 'test' });
    expect(row.lines).toMatchObject([{ lineNo: 1, quantity: 1, reason: 'too_small' }]);
    expect(await returnedUnits(orderId)).toBe(1);
  });

  it('race: two returns of the last 2 units sent while the order is locked: one is accepted, one is a 409 naming the line', async () => {
    const orderId = await deliveredOrder(3);
    await ask(orderId, 1);
    // Hold the order's row so both requests are in flight and queue on the same lock.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM orders WHERE id = ${orderId} FOR UPDATE`;
        locked();
        await held;
      },
      { timeout: 20_000 },
    );
    await isLocked;
    const both = Promise.all([ask(orderId, 2), ask(orderId, 2)]);
    await new Promise((r) => setTimeout(r, 300));
    release();
    await holder;
    const results = await both;
    expect(results.filter((r) => 'returnId' in r)).toHaveLength(1);
    expect(results.filter((r) => !('returnId' in r))).toEqual([
      { kind: 'invalid_state', message: 'lines[0].quantity: lines[0].lineId 1 has 0 unit(s) left to return (shipped, not returned before), 2 asked' },
    ]);
    expect(await returnedUnits(orderId)).toBe(3);
  });

  it('after the window: 409 naming the line; an unknown order: not_found', async () => {
    const orderId = await deliveredOrder(1, 31);
    expect(await ask(orderId, 1)).toEqual({
      kind: 'invalid_state',
      message: expect.stringMatching(/^lines\[0\]: lineId 1 can no longer be returned: the 30-day return window closed at /),
    });
    await db.channel.update({ where: { id: channel }, data: { returnWindowDays: 45 } });
    try {
      expect(await ask(orderId, 1)).toMatchObject({ status: 'requested' });
    } finally {
      await db.channel.update({ where: { id: channel }, data: { returnWindowDays: 30 } });
    }
    expect(await ask(randomUUID(), 1)).toEqual({ kind: 'not_found' });
  });

  it('the line count follows receipt (what arrived) and expiry (nothing); the CHECK refuses an over-return written around the lock', async () => {
    const orderId = await deliveredOrder(3);
    const first = await ask(orderId, 2);
    const second = await ask(orderId, 1);
    if (!('returnId' in first) || !('returnId' in second)) throw new Error('refused');
    await db.returnLine.update({ where: { id: `${first.returnId}:1` }, data: { receivedResellable: 1 } });
    await db.return.update({ where: { id: first.returnId }, data: { status: 'received', receivedAt: new Date() } });
    expect(await returnedUnits(orderId)).toBe(2);
    await db.return.update({ where: { id: second.returnId }, data: { status: 'expired' } });
    expect(await returnedUnits(orderId)).toBe(1);
    expect(await ask(orderId, 2)).toMatchObject({ status: 'requested' });
    expect(await returnedUnits(orderId)).toBe(3);
    await expect(
      db.returnLine.create({ data: { id: `${second.returnId}:x`, returnId: second.returnId, orderLineId: `${orderId}:1`, lineNo: 2, sku: 'RET-MUG', quantity: 1 } }),
    ).resolves.toBeDefined();
    // The second return is expired: its new line holds nothing. Make it hold, and the CHECK refuses.
    await expect(db.return.update({ where: { id: second.returnId }, data: { status: 'requested' } })).rejects.toThrow(/order_line_returned_within_quantity/);
  });
});
