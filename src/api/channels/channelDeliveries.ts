// Reading the kept webhook deliveries (channel_deliveries). Its own module so that the order service
// can show an order's raw payload without importing the webhook service, which creates orders through it.
import type { Db } from '../../db/prisma';

/** The native payload of the delivery that created the order (the first one kept), or null. */
export async function rawPayloadOf(db: Db, orderId: string): Promise<unknown> {
  const first = await db.channelDelivery.findFirst({ where: { orderId }, orderBy: [{ created: 'desc' }, { id: 'asc' }], select: { payload: true } });
  return first?.payload ?? null;
}
