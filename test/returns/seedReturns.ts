// A delivered order written straight into the read model (as test/dashboard/seed.ts does): the
// returns API reads only the tables, so a row set by hand gives an exact delivery date.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/prisma';
import { orderWorkflowId } from '../../src/domain/ids';

export const DAY = 86_400_000;

/** A delivered order of one line of `quantity` units, shipped from "east" `daysAgo` days ago. */
export async function seedDeliveredOrder(db: Db, channel: string, quantity: number, daysAgo = 2): Promise<string> {
  const id = randomUUID();
  const externalId = `RET-${id.slice(0, 8)}`;
  const customer = await db.customer.create({ data: { email: `${id}@example.com`, name: 'Ada Lovelace' } });
  const deliveredAt = new Date(Date.now() - daysAgo * DAY);
  await db.order.create({
    data: {
      id,
      workflowId: orderWorkflowId(channel, externalId),
      channelId: channel,
      externalId,
      customerId: customer.id,
      status: 'delivered',
      paymentStatus: 'paid',
      fulfillmentStatus: 'delivered',
      currency: 'USD',
      subtotalMinor: 1000 * quantity,
      shippingMinor: 0,
      totalMinor: 1000 * quantity,
      shippingService: 'standard',
      shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Newark', postalCode: '07102', country: 'US' },
      placedAt: new Date(deliveredAt.getTime() - DAY),
      deliveredAt,
      lines: { create: [{ id: `${id}:1`, lineNo: 1, sku: 'RET-MUG', quantity, unitPriceMinor: 1000, lineTotalMinor: 1000 * quantity }] },
      shipments: { create: [{ id: `${id}-east`, locationId: 'east', carrier: 'sim', service: 'standard', status: 'delivered', deliveredAt }] },
    },
  });
  await db.reservation.create({ data: { orderId: id, orderLineId: `${id}:1`, sku: 'RET-MUG', locationId: 'east', quantity, state: 'committed' } });
  return id;
}
