/**
 * How an order's workflow is started: its id from the channel and the channel's order id (so the
 * same channel order can never start twice), its summary for the Temporal UI and its first search
 * attributes. Shared by POST /orders (src/api/orders/service.ts) and an exchange's replacement
 * order (src/activities/replacementOrder.ts).
 */
import { orderWorkflowId } from '../domain/ids';
import { formatMoney } from '../domain/money';
import type { OrderInput } from '../domain/order';
import { orderTotalsOf } from '../domain/orderMoney';
import { initialPaymentStatus } from '../domain/payment';
import type { OrderWorkflowOptions } from '../workflows/order/options';
import { CustomerTierKey, ExternalOrderIdKey, OrderChannelKey, OrderStatusKey, OrderTotalMinorKey, PaymentStatusKey } from '../workflows/searchAttributes';

export function orderStartOptions(input: OrderInput, taskQueue: string, orderOptions: OrderWorkflowOptions) {
  const totals = orderTotalsOf(input);
  return {
    workflowId: orderWorkflowId(input.channel, input.externalId),
    taskQueue,
    args: [input, orderOptions] as [OrderInput, OrderWorkflowOptions],
    workflowIdConflictPolicy: 'USE_EXISTING' as const,
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
    staticSummary: `${input.channel} order ${input.externalId}: ${input.customer.name ?? 'no customer name'}, ${formatMoney(totals.totalMinor, input.currency)} ${input.currency}`,
    staticDetails: `Customer ${input.customer.email ?? 'without e-mail'} (${input.customer.tier}); ${input.lines.length} line(s); ${input.shippingService} to ${input.shippingAddress.country || 'no address'}`,
    typedSearchAttributes: [
      { key: OrderStatusKey, value: 'received' },
      { key: PaymentStatusKey, value: initialPaymentStatus(input.payment) },
      { key: OrderChannelKey, value: input.channel },
      { key: ExternalOrderIdKey, value: input.externalId },
      { key: CustomerTierKey, value: input.customer.tier },
      { key: OrderTotalMinorKey, value: totals.totalMinor },
    ],
  };
}
