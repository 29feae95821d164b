import type { AxiosInstance } from 'axios';
import { formatMoney } from '../../domain/money';
import type { OrderInput, OrderTotals } from '../../domain/order';
import { callPartner } from './partnerHttp';

/** The CRM's contract: customers by e-mail, the orders they placed, and what happened to them. */
export function createCrmClient(http: AxiosInstance) {
  return {
    /** `name` absent: the CRM keeps the name it has. */
    upsertCustomer(customer: OrderInput['customer'] & { email: string }, idempotencyKey: string) {
      return callPartner<{ crmCustomerId: string }>(http, 'crm', {
        method: 'POST',
        path: '/customers',
        idempotencyKey,
        body: { email: customer.email, ...(customer.name !== undefined && { name: customer.name }), tier: customer.tier },
      });
    },
    recordOrder(order: OrderInput, totals: OrderTotals, idempotencyKey: string) {
      return callPartner<{ crmOrderRef: string }>(http, 'crm', {
        method: 'POST',
        path: '/orders',
        idempotencyKey,
        body: {
          orderId: order.orderId,
          ...(order.customer.email !== undefined && { email: order.customer.email }),
          total: formatMoney(totals.totalMinor, order.currency),
          currency: order.currency,
          channel: order.channel,
        },
      });
    },
    recordOrderEvent(orderId: string, type: string, reason: string | undefined, idempotencyKey: string) {
      return callPartner<{ ok: boolean }>(http, 'crm', {
        method: 'POST',
        path: `/orders/${encodeURIComponent(orderId)}/events`,
        idempotencyKey,
        body: { type, reason },
      });
    },
  };
}
