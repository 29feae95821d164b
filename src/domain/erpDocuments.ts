/**
 * What the ERP's invoices (one per shipment) and credit notes carry (issue 13): lines with their
 * discounts and tax lines, shipping lines, and totals, in minor units (the ERP client writes them
 * as decimal strings). Pure, so the workflow computes them on replay.
 *
 * A line's money is split over the parcels that carry its units with the largest-remainder unit
 * shares of src/domain/pricing/unitShare.ts: the parcels in the order's shipment order take
 * consecutive units (the first parcel units 1..n, the next n+1..), so whatever order they are
 * dispatched in, the invoices of all parcels add up exactly to the order's lines, discounts and
 * tax. The shipping lines go whole on the first parcel's invoice.
 */
import type { AllocationLine, OrderInput, ShipmentState } from './order';
import { pricedOrderOf } from './orderMoney';
import { shippingRefund, unitsShare, type CancelRefund, type ShippingShare, type UnitShare } from './pricing';

export interface ErpDocumentLine extends UnitShare {
  sku: string;
  unitPriceMinor: number;
}

export interface ErpDocument {
  currency: string;
  taxesIncluded: boolean;
  lines: ErpDocumentLine[];
  shippingLines: (ShippingShare & { discounts: { code?: string; title?: string; amountMinor: number }[] })[];
  subtotalMinor: number;
  discountsMinor: number;
  shippingMinor: number;
  taxMinor: number;
  totalMinor: number;
}

type MoneyInput = Pick<OrderInput, 'currency' | 'lines' | 'shippingService' | 'shippingMinor' | 'pricing'>;

function document(input: MoneyInput, lines: ErpDocumentLine[], withShipping: boolean): ErpDocument {
  const order = pricedOrderOf(input);
  const shipping = withShipping
    ? shippingRefund(order, { allUnitsCancelled: true, anythingShipped: false, shippingRefunded: false }).map((s, i) => ({
        ...s,
        discounts: order.shippingLines[i].discounts.map((d) => ({ ...d })),
      }))
    : [];
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    currency: order.currency,
    taxesIncluded: order.taxesIncluded,
    lines,
    shippingLines: shipping,
    subtotalMinor: sum(lines.map((l) => l.subtotalMinor)),
    discountsMinor: sum(lines.map((l) => l.discountsMinor)) + sum(shipping.map((s) => s.discountsMinor)),
    shippingMinor: sum(shipping.map((s) => s.priceMinor)),
    taxMinor: sum(lines.map((l) => l.taxMinor)) + sum(shipping.map((s) => s.taxMinor)),
    totalMinor: sum(lines.map((l) => l.totalMinor)) + sum(shipping.map((s) => s.totalMinor)),
  };
}

/** The invoice of one parcel: its units' shares of each line; the shipping on the first parcel's. */
export function shipmentInvoice(input: MoneyInput, allocations: readonly AllocationLine[], shipments: readonly ShipmentState[], shipmentId: string): ErpDocument {
  const order = pricedOrderOf(input);
  const index = shipments.findIndex((s) => s.shipmentId === shipmentId);
  const locationOf = (i: number) => shipments[i].locationId;
  const unitsAt = (lineNo: number, locationId: string) => allocations.filter((a) => a.lineNo === lineNo && a.locationId === locationId).reduce((n, a) => n + a.quantity, 0);
  const lines: ErpDocumentLine[] = [];
  for (const [i, line] of order.lines.entries()) {
    const units = index < 0 ? 0 : unitsAt(line.lineNo, locationOf(index));
    if (units === 0) continue;
    let before = 0;
    for (let k = 0; k < index; k++) before += unitsAt(line.lineNo, locationOf(k));
    lines.push({ ...unitsShare(line, order.taxesIncluded, before, units), sku: input.lines[i].sku, unitPriceMinor: line.unitPriceMinor });
  }
  return document(input, lines, index === 0);
}

/** A credit note for the whole order (a full cancel): every line and the shipping. */
export function fullCreditNote(input: MoneyInput): ErpDocument {
  const order = pricedOrderOf(input);
  const lines = order.lines.map((line, i) => ({ ...unitsShare(line, order.taxesIncluded, 0, line.quantity), sku: input.lines[i].sku, unitPriceMinor: line.unitPriceMinor }));
  return document(input, lines, true);
}

/**
 * A partial cancel's credit note: exactly the unit shares its refund returned (the same
 * largest-remainder slices, refundForCancel), so the credit note and the refund are one figure.
 */
export function partialCreditNote(input: MoneyInput, refund: Pick<CancelRefund, 'lines'>): ErpDocument {
  const order = pricedOrderOf(input);
  const lines = refund.lines.map((share) => {
    const i = order.lines.findIndex((l) => l.lineNo === share.lineNo);
    return { ...share, sku: input.lines[i].sku, unitPriceMinor: order.lines[i].unitPriceMinor };
  });
  return document(input, lines, false);
}
