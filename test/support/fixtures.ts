import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/prisma';

let counter = 0;

/** A fresh SKU with the given stock per location, so tests never share inventory. */
export async function createSku(db: Db, stock: Record<string, number>): Promise<string> {
  const sku = `T-${Date.now().toString(36)}-${(counter++).toString(36)}-${randomUUID().slice(0, 6)}`.toUpperCase();
  await db.product.create({ data: { sku, name: `Test product ${sku}` } });
  for (const [locationId, onHand] of Object.entries(stock)) {
    await db.stockLevel.create({ data: { sku, locationId, onHand } });
    await db.stockLedgerEntry.create({ data: { sku, locationId, onHandDelta: onHand, reservedDelta: 0, reason: 'seed' } });
  }
  return sku;
}

export function uniqueExternalId(prefix = 'EXT'): string {
  return `${prefix}-${randomUUID()}`;
}

export interface OrderPayloadOptions {
  sku: string;
  quantity?: number;
  unitPrice?: string;
  paid?: boolean;
  channel?: string;
  externalId?: string;
  shippingPrice?: string;
}

export function orderPayload(o: OrderPayloadOptions) {
  return {
    channel: o.channel ?? 'webstore',
    externalId: o.externalId ?? uniqueExternalId(),
    customer: { email: 'grace@example.com', name: 'Grace Hopper', tier: 'standard' },
    currency: 'USD',
    lines: [{ sku: o.sku, quantity: o.quantity ?? 1, unitPrice: o.unitPrice ?? '19.99' }],
    shippingAddress: { name: 'Grace Hopper', line1: '1 Navy Way', city: 'Arlington', region: 'VA', postalCode: '22201', country: 'US' },
    shippingService: 'standard',
    shippingPrice: o.shippingPrice ?? '5.00',
    payment: o.paid === false ? { status: 'pending' } : { status: 'paid', reference: `pay-${randomUUID()}` },
  };
}

export async function stockAt(db: Db, sku: string, locationId: string) {
  const row = await db.stockLevel.findUniqueOrThrow({ where: { sku_locationId: { sku, locationId } } });
  return { onHand: row.onHand, reserved: row.reserved };
}

/** Polls until the check passes or the time is up; the last failure is the error. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
