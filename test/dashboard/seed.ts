// Operations states written straight into the read model: the queue and hold endpoints only read
// these tables, and rows set by hand give exact priorities, ship-by times and ages.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/prisma';
import { orderWorkflowId, shipmentId } from '../../src/domain/ids';

/** A channel of the test's own, so concurrently running files never see each other's rows. */
export async function createOpsChannel(db: Db, prefix = 'ops'): Promise<string> {
  const id = `${prefix}-${randomUUID().slice(0, 8)}`;
  await db.channel.create({ data: { id, name: `Test channel ${id}`, kind: 'webstore' } });
  return id;
}

export interface SeedOrder {
  externalId?: string;
  customerName?: string;
  status?: string;
  priorityClass?: string;
  priorityScore?: number;
  shipBy?: Date | null;
  createdAt?: Date;
  totalMinor?: number;
  currency?: string;
  tags?: string[];
  parcels?: { locationId: string; status: string }[];
}

export async function seedOrder(db: Db, channel: string, o: SeedOrder = {}) {
  const id = randomUUID();
  const externalId = o.externalId ?? `OPS-${id.slice(0, 8)}`;
  const customer = await db.customer.create({ data: { email: `${id}@example.com`, name: o.customerName ?? 'Ada Lovelace' } });
  const total = o.totalMinor ?? 2499;
  const order = await db.order.create({
    data: {
      id,
      workflowId: orderWorkflowId(channel, externalId),
      channelId: channel,
      externalId,
      customerId: customer.id,
      status: o.status ?? 'fulfilling',
      paymentStatus: 'paid',
      fulfillmentStatus: o.parcels?.length ? 'label_created' : 'reserved',
      currency: o.currency ?? 'USD',
      subtotalMinor: total,
      shippingMinor: 0,
      totalMinor: total,
      shippingService: 'standard',
      shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Newark', postalCode: '07102', country: 'US' },
      placedAt: o.createdAt ?? new Date(),
      priorityClass: o.priorityClass ?? 'normal',
      priorityScore: o.priorityScore ?? 0,
      shipBy: o.shipBy ?? null,
      tags: o.tags ?? [],
      ...(o.createdAt && { createdAt: o.createdAt }),
    },
  });
  for (const p of o.parcels ?? []) {
    await db.shipment.create({ data: { id: shipmentId(id, p.locationId), orderId: id, locationId: p.locationId, carrier: 'sim', service: 'standard', status: p.status } });
  }
  return order;
}

export interface SeedHold {
  placedAt?: Date;
  releasedAt?: Date;
  releasedBy?: string;
  escalatedAt?: Date;
  note?: string;
  placedBy?: string;
}

export async function seedHold(db: Db, orderId: string, reason: string, h: SeedHold = {}) {
  return db.orderHold.create({
    data: {
      orderId,
      reason,
      note: h.note ?? null,
      placedBy: h.placedBy ?? 'rule:test',
      placedAt: h.placedAt ?? new Date(),
      releasedAt: h.releasedAt ?? null,
      releasedBy: h.releasedBy ?? null,
      escalatedAt: h.escalatedAt ?? null,
    },
  });
}

export const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
export const minutesFromNow = (n: number) => new Date(Date.now() + n * 60_000);
