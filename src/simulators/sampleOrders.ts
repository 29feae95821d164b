import { randomUUID } from 'node:crypto';
import type { OrderInput } from '../domain/order';

/** A normalized order for one SKU, for tests, benchmarks and demos that start orders directly. */
export function sampleOrderInput(sku: string, overrides: Partial<OrderInput> & { quantity?: number; unitPriceMinor?: number } = {}): OrderInput {
  const { quantity = 1, unitPriceMinor = 1000, ...rest } = overrides;
  return {
    orderId: randomUUID(),
    channel: 'webstore',
    externalId: `SAMPLE-${randomUUID()}`,
    customer: { email: 'sample@example.com', name: 'Sam Ple', tier: 'standard' },
    currency: 'USD',
    lines: [{ lineNo: 1, sku, quantity, unitPriceMinor }],
    shippingAddress: { name: 'Sam Ple', line1: '1 Loop Rd', city: 'Reno', region: 'NV', postalCode: '89501', country: 'US' },
    shippingService: 'standard',
    shippingMinor: 0,
    payment: { status: 'paid' },
    placedAt: new Date().toISOString(),
    ...rest,
  };
}
