/**
 * A return's ERP credit note: the received units' shares (as partialCreditNote writes a partial
 * cancel's), plus the shipping lines when this return gave the shipping back, so the note's total
 * is the refund to the minor unit. Recomputed from the stored receipt, never from live figures.
 */
import type { Db } from '../../db/prisma';
import { partialCreditNote, type ErpDocument } from '../../domain/erpDocuments';
import type { OrderInput } from '../../domain/order';
import { consumedUnits, refundForReturn, returnPolicyOf } from '../../domain/returns';
import { isExchange } from '../exchangeStock';
import { pricedOrderFromRows } from './pricedOrderFromRows';
import { cancelledUnits } from './returnReceipt';

export async function returnCreditNote(db: Db, orderId: string, returnId: string): Promise<ErpDocument> {
  const order = await db.order.findUniqueOrThrow({
    where: { id: orderId },
    include: { channel: true, lines: { orderBy: { lineNo: 'asc' } }, returns: { where: { receivedAt: { not: null } }, include: { lines: true }, orderBy: { receivedAt: 'asc' } } },
  });
  const priced = pricedOrderFromRows(order);
  const self = order.returns.find((r) => r.id === returnId);
  if (!self) throw new Error(`return ${returnId} is not received`);
  const cancelled = await cancelledUnits(db, orderId);
  // Returns received before this one, in the order they were received (the k-th unit takes the k-th share).
  const earlier = new Map<number, number>();
  for (const r of order.returns) {
    if (r.id === returnId || r.receivedAt! > self.receivedAt! || (r.receivedAt!.getTime() === self.receivedAt!.getTime() && r.id > returnId)) continue;
    for (const l of r.lines) earlier.set(l.lineNo, (earlier.get(l.lineNo) ?? 0) + l.receivedResellable + l.receivedDamaged);
  }
  const received = self.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.receivedResellable + l.receivedDamaged })).filter((l) => l.quantity > 0);
  // An exchange refunds nothing (returnReceipt.ts): the returned units paid for the replacement, so the
  // note books the units coming back and credits no money; crediting their share would take from the
  // ERP's revenue what the seller kept. One note per return either way, and its total is the refund.
  if (await isExchange(db, returnId)) return zeroCreditNote(order.currency, priced.taxesIncluded, received, order.lines);
  // The receipt decided whether this return gave the shipping back: the note includes it exactly then.
  const refund = refundForReturn(priced, consumedUnits(cancelled, earlier), received, {
    policy: returnPolicyOf(order.channel).returnShipping,
    shippingRefunded: !self.shippingRefunded,
  });
  const input = { currency: order.currency, shippingService: order.shippingService, shippingMinor: order.shippingMinor, pricing: priced, lines: order.lines } as unknown as Pick<
    OrderInput,
    'currency' | 'lines' | 'shippingService' | 'shippingMinor' | 'pricing'
  >;
  const note = partialCreditNote(input, refund);
  const shipping = refund.shipping.map((s, i) => ({ ...s, discounts: priced.shippingLines[i].discounts.map((d) => ({ ...d })) }));
  const add = (f: (s: (typeof shipping)[number]) => number) => shipping.reduce((n, s) => n + f(s), 0);
  return {
    ...note,
    shippingLines: shipping,
    discountsMinor: note.discountsMinor + add((s) => s.discountsMinor),
    shippingMinor: add((s) => s.priceMinor),
    taxMinor: note.taxMinor + add((s) => s.taxMinor),
    totalMinor: note.totalMinor + add((s) => s.totalMinor),
  };
}

/** The exchanged units, each line at zero: what came back, with no money against it. */
function zeroCreditNote(currency: string, taxesIncluded: boolean, received: { lineNo: number; quantity: number }[], lines: { lineNo: number; sku: string }[]): ErpDocument {
  const zero = { subtotalMinor: 0, discountsMinor: 0, taxMinor: 0, totalMinor: 0 };
  return {
    currency,
    taxesIncluded,
    lines: received.map((r) => ({
      lineNo: r.lineNo,
      units: r.quantity,
      sku: lines.find((l) => l.lineNo === r.lineNo)!.sku,
      unitPriceMinor: 0,
      discounts: [],
      taxLines: [],
      ...zero,
    })),
    shippingLines: [],
    shippingMinor: 0,
    ...zero,
  };
}
