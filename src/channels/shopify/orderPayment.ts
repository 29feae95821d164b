/**
 * What Shopify says of an order's money once it was placed: its financial_status as the hub's
 * payment, the refunds Shopify already made (recorded, never repeated), and the holds an operator
 * must see when Shopify's status needs a decision. Pure; never throws.
 */
import { own, type Obj } from '../common';
import { idText } from './losslessJson';
import { amount, formatMinor, minor, presentmentAmount, type Currencies } from './orderMoney';
import { ISO_DATETIME, list, text } from './payloadFields';

/** A hold the hub places once the order exists, with the note an operator reads. */
export interface MappedHold {
  reason: 'manual' | 'payment';
  note: string;
}

/** A refund Shopify made (already paid back to the customer): recorded, never repeated by the hub. */
export interface ShopifyRefund {
  id: string;
  /** Presentment currency, decimal string. */
  amount: string;
  at?: string;
}

/** Sum of the successful refund transactions of one refund (presentment currency). */
export function refundAmount(refund: Obj, currency: string): string | undefined {
  let total = 0;
  for (const t of list(own(refund, 'transactions'))) {
    if (own(t, 'kind') !== 'refund' || (own(t, 'status') !== undefined && own(t, 'status') !== 'success')) continue;
    const m = minor(amount(own(t, 'amount'), currency), currency);
    if (!Number.isNaN(m)) total += m;
  }
  return total > 0 ? formatMinor(total, currency) : undefined;
}

export function refundsOf(order: Obj, currency: string): ShopifyRefund[] {
  return list(own(order, 'refunds')).flatMap((r) => {
    const id = idText(own(r, 'id'));
    const amt = refundAmount(r, currency);
    if (!id || !amt) return [];
    const at = text(own(r, 'created_at'), 40);
    return [{ id, amount: amt, ...(at && ISO_DATETIME.test(at) && { at }) }];
  });
}

/**
 * financial_status -> the hub's payment (docs/shopify.md):
 * - pending: the hub waits for the money (orders/paid brings it);
 * - authorized: the checkout authorized it, the hub captures by the channel's capture policy;
 * - partially_paid: authorized, with what was captured (total_price - total_outstanding) as a capture;
 * - paid: Shopify captured everything;
 * - partially_refunded / refunded: paid, Shopify gave some or all back: the refunds are recorded
 *   (never repeated by the hub) and the order is held `manual` so an operator decides what still ships;
 * - voided (or any status on a cancelled order): nothing is held by anyone, so pending; the order is cancelled at once.
 */
export function paymentOf(status: string | undefined, o: Obj, c: Currencies, total: string | undefined, cancelled: boolean, holds: MappedHold[], refunds: ShopifyRefund[]) {
  const reference = idText(own(o, 'id')) ? `shopify:${idText(own(o, 'id'))}` : undefined;
  const gateway = Array.isArray(own(o, 'payment_gateway_names')) ? text((own(o, 'payment_gateway_names') as unknown[])[0], 64) : undefined;
  if (cancelled) return { status: 'pending' };
  switch (status) {
    case 'paid':
      return { status: 'paid', ...(reference && { reference }) };
    case 'authorized':
      return { status: 'authorized', ...(reference && { reference }) };
    case 'partially_paid': {
      const outstanding = presentmentAmount(o, 'total_outstanding', 'total_outstanding_set', c);
      const captured = total !== undefined && outstanding !== undefined ? minor(total, c.presentment) - minor(outstanding, c.presentment) : NaN;
      if (!(captured > 0)) return { status: 'authorized', ...(reference && { reference }) };
      return {
        status: 'partially_paid',
        ...(reference && { reference }),
        transactions: [{ kind: 'capture', amount: formatMinor(captured, c.presentment), ...(gateway && { gateway }) }],
      };
    }
    case 'partially_refunded':
    case 'refunded': {
      const given = refunds.map((r) => r.amount).join(' + ') || 'an amount not in the payload';
      holds.push({
        reason: 'manual',
        note: `Shopify reports the order ${status.replace('_', ' ')} (${given} ${c.presentment} returned) before the hub received it: check what still ships`,
      });
      return { status: 'paid', ...(reference && { reference }) };
    }
    case 'pending':
      return { status: 'pending' };
    default:
      holds.push({ reason: 'payment', note: `Shopify financial_status ${status === undefined ? 'missing' : `"${status}"`}: treated as pending` });
      return { status: 'pending' };
  }
}
