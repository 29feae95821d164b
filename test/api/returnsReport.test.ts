// Issue 18 "reports show return rate and refunds per channel and reason" (src/api/reports/returns.ts),
// against the test stack's PostgreSQL: a channel of its own, orders and returns written through the
// returns service's own openReturn, a received return's refund share set as the return workflow records it.
import { openReturn } from '../../src/api/returns/openReturn';
import { createReportService } from '../../src/api/reports/service';
import { createDb, type Db } from '../../src/db/prisma';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { createOpsChannel } from '../dashboard/seed';
import { requireEnv } from '../support/testHub';
import { seedDeliveredOrder } from '../returns/seedReturns';

let db: Db;
let channel: string;
beforeAll(async () => {
  db = createDb(requireEnv(STACK_ENV.databaseUrl), 4);
  channel = await createOpsChannel(db, 'retrep');
});
afterAll(() => db?.$disconnect());

const ask = async (orderId: string, quantity: number, reason: string) => {
  const opened = await openReturn(db, { orderId, lines: [{ lineId: 1, quantity, reason }], requestedBy: 'test', now: new Date() });
  if (!('returnId' in opened)) throw new Error('refused');
  return opened.returnId;
};

test('return rate per channel (expired returns do not count) and line refunds per channel and reason', async () => {
  const from = new Date(Date.now() - 1_000);
  const [a, b, c] = [await seedDeliveredOrder(db, channel, 3), await seedDeliveredOrder(db, channel, 1), await seedDeliveredOrder(db, channel, 2)];
  const small = await ask(a, 1, 'too_small');
  await ask(a, 1, 'damaged');
  await ask(b, 1, 'too_small');
  const expired = await ask(c, 2, 'too_small');
  await db.return.update({ where: { id: expired }, data: { status: 'expired' } });
  // The first return was received and earned 10.00, as the workflow records it.
  await db.returnLine.updateMany({ where: { returnId: small }, data: { receivedResellable: 1, refundMinor: 1000 } });
  await db.return.update({ where: { id: small }, data: { status: 'refunded', receivedAt: new Date(), refundMinor: 1000 } });

  const report = await createReportService(db).summary({ from, to: new Date(Date.now() + 1_000) });
  expect(report.returnRateByChannel.filter((r) => r.channel === channel)).toEqual([{ channel, orders: 3, ordersWithReturns: 2, rate: 2 / 3, unitsSold: 6, unitsReturned: 3 }]);
  expect(report.returnRefundsByChannelAndReason.filter((r) => r.channel === channel)).toEqual([
    { channel, reason: 'damaged', currency: 'USD', returns: 1, units: 1, refunds: '0.00' },
    { channel, reason: 'too_small', currency: 'USD', returns: 3, units: 4, refunds: '10.00' },
  ]);
});
