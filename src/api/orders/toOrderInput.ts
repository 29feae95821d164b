import { describeListingRef, type ListingRef } from '../../domain/listings';
import { parseMoney } from '../../domain/money';
import type { Address, OrderInput } from '../../domain/order';
import { isAuthorizedPayment, type CapturePolicy, type ChannelPayment } from '../../domain/payment';
import { pricedTotalsOf } from '../../domain/orderMoney';
import { requestMoney } from './pricedRequest';
import type { CreateOrderRequest } from './schemas';

/**
 * The channel's address with every field it left out as an empty string: the `addressComplete`
 * fact sees the gap and the rules hold the order on `address` when it must ship.
 */
function addressOf(given: CreateOrderRequest['shippingAddress']): Address {
  const a: Partial<NonNullable<CreateOrderRequest['shippingAddress']>> = given ?? {};
  return {
    name: a.name ?? '',
    line1: a.line1 ?? '',
    ...(a.line2 !== undefined && { line2: a.line2 }),
    city: a.city ?? '',
    ...(a.region !== undefined && { region: a.region }),
    ...(a.postalCode !== undefined && { postalCode: a.postalCode }),
    country: a.country ?? '',
  };
}

/**
 * The validated request, normalized: amounts in minor units, lines numbered from 1, the money as a PricedOrder.
 * `lineSkus`: per line, the hub SKU it resolved to (src/db/listings.ts), or null: the line holds
 * the order (`unmapped_sku`). Without it every line is taken to be the hub SKU it names.
 * `productShipping`: per resolved line, its product's requiresShipping, taken when the line does not say.
 * `capturePolicy`: the channel's, for an authorized payment.
 */
export function toOrderInput(
  orderId: string,
  req: CreateOrderRequest,
  now: Date,
  { lineSkus, productShipping, capturePolicy }: { lineSkus?: readonly (string | null)[]; productShipping?: readonly (boolean | undefined)[]; capturePolicy?: CapturePolicy } = {},
): OrderInput {
  const { email, name, ...customer } = req.customer;
  const { pricing, channelTotals } = requestMoney(req);
  const shippingService = req.shippingService ?? 'standard';
  const resolved = (i: number) => (lineSkus ? lineSkus[i] : req.lines[i]!.sku) ?? null;
  const lines = req.lines.map((l, i) => ({
    lineNo: i + 1,
    // An unresolved line keeps what the channel called it, for the hold's note and the operator.
    sku: resolved(i) ?? channelNameOf(l),
    quantity: l.quantity,
    unitPriceMinor: pricing.lines[i]!.unitPriceMinor,
    // The line's own word, else its product's (absent stays absent: true, and histories keep their shape).
    ...((l.requiresShipping ?? productShipping?.[i]) === false && { requiresShipping: false }),
  }));
  const simple = { currency: req.currency, lines, shippingService, pricing };
  // With the channel's ids of each, so the catalog can resolve them later (src/api/catalog/unmappedLines.ts).
  const unmappedLines = lines
    .map((l, i) => ({ l, given: req.lines[i]! }))
    .filter((_, i) => resolved(i) === null)
    .map(({ l, given }) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      listing: lineListingRef(given),
      ...(given.requiresShipping !== undefined && { requiresShipping: given.requiresShipping }),
    }));
  return {
    orderId,
    channel: req.channel,
    externalId: req.externalId,
    // Absent stays absent: the hub never invents an e-mail or a name.
    customer: { ...customer, ...(email !== undefined && { email: email.toLowerCase() }), ...(name !== undefined && { name }) },
    ...simple,
    // The shipping lines' prices before discounts, as the simple shape's shippingPrice was.
    shippingMinor: pricedTotalsOf({ ...simple, shippingMinor: 0 }).shippingMinor,
    ...(unmappedLines.length > 0 && { unmappedLines }),
    shippingAddress: addressOf(req.shippingAddress),
    ...(req.billingAddress && { billingCountry: req.billingAddress.country }),
    ...(req.isPrime !== undefined && { isPrime: req.isPrime }),
    ...(req.fulfillment?.mode === 'pickup' && { fulfillment: { mode: 'pickup' as const, pickupLocationId: req.fulfillment.pickupLocationId! } }),
    ...(channelTotals && { channelTotals }),
    payment: toPayment(req, capturePolicy),
    placedAt: req.placedAt ?? now.toISOString(),
  };
}

/** Paid and pending orders keep today's shape exactly; an authorized one carries its transactions and the channel's capture policy. */
function toPayment(req: CreateOrderRequest, capturePolicy: CapturePolicy | undefined): ChannelPayment {
  const { status, reference, transactions } = req.payment;
  const payment: ChannelPayment = { status, ...(reference !== undefined && { reference }) };
  if (transactions) {
    payment.transactions = transactions.map((t) => ({
      kind: t.kind,
      amountMinor: parseMoney(t.amount, req.currency),
      ...(t.gateway !== undefined && { gateway: t.gateway }),
      ...(t.reference !== undefined && { reference: t.reference }),
    }));
  }
  if (isAuthorizedPayment(payment)) payment.capturePolicy = capturePolicy ?? 'on_order';
  return payment;
}

/** The channel's ids of a line as resolution reads them: its sku is its channel SKU unless the listing names one. */
export function lineListingRef(line: CreateOrderRequest['lines'][number]): ListingRef {
  const channelSku = line.listing?.channelSku ?? line.sku;
  return { ...line.listing, ...(channelSku !== undefined && { channelSku }) };
}

/** What an unresolved line is called: the channel's SKU, else its most specific listing id, else its title. */
function channelNameOf(line: CreateOrderRequest['lines'][number]): string {
  const sku = line.sku ?? line.listing?.channelSku;
  if (sku) return sku;
  const ref = describeListingRef(line.listing ?? {});
  return line.listing && ref !== 'no SKU or listing id' ? ref : (line.title ?? ref);
}
