import { parseMoney } from '../../domain/money';
import type { OrderInput } from '../../domain/order';
import type { CreateOrderRequest } from './schemas';

/** The validated request, normalized: amounts in minor units, lines numbered from 1. */
export function toOrderInput(orderId: string, req: CreateOrderRequest, now: Date): OrderInput {
  return {
    orderId,
    channel: req.channel,
    externalId: req.externalId,
    customer: { ...req.customer, email: req.customer.email.toLowerCase() },
    currency: req.currency,
    lines: req.lines.map((l, i) => ({ lineNo: i + 1, sku: l.sku, quantity: l.quantity, unitPriceMinor: parseMoney(l.unitPrice, req.currency) })),
    shippingAddress: req.shippingAddress,
    ...(req.billingAddress && { billingCountry: req.billingAddress.country }),
    ...(req.fulfillment?.mode === 'pickup' && { fulfillment: { mode: 'pickup' as const, pickupLocationId: req.fulfillment.pickupLocationId! } }),
    shippingService: req.shippingService,
    shippingMinor: parseMoney(req.shippingPrice, req.currency),
    payment: req.payment,
    placedAt: req.placedAt ?? now.toISOString(),
  };
}
