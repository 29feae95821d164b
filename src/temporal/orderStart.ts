import type { WorkflowStartOptions } from '@temporalio/client';
import type { OrderInput } from '../domain/order';
import { orderWorkflowId } from '../domain/ids';
import { formatMoney } from '../domain/money';
import { orderTotalsOf } from '../domain/orderMoney';
import { initialPaymentStatus } from '../domain/payment';
import type { OrderWorkflowOptions } from '../workflows/order/options';
import { CustomerTierKey, ExternalOrderIdKey, OrderChannelKey, OrderStatusKey, OrderTotalMinorKey, PaymentStatusKey } from '../workflows/searchAttributes';

/**
 * How an order's workflow is started, from the stored OrderInput alone: by the starter of accepted
 * orders (src/api/orders/orderStarter.ts) and for an exchange's replacement order
 * (src/activities/replacementOrder.ts). Its ID is the channel order's, so a second start of the same
 * order can never run a second workflow: USE_EXISTING answers a running one, REJECT_DUPLICATE
 * refuses to run a closed one again (WorkflowExecutionAlreadyStartedError, which means done).
 * The search attributes are the ones the workflow's publisher later updates (publish.ts only
 * upserts keys the start set), so they must stay these.
 */
export function orderWorkflowStart(
  input: OrderInput,
  taskQueue: string,
  orderOptions: OrderWorkflowOptions,
  priorityKey: number,
): WorkflowStartOptions & { workflowId: string; args: [OrderInput, OrderWorkflowOptions] } {
  const totals = orderTotalsOf(input);
  return {
    workflowId: orderWorkflowId(input.channel, input.externalId),
    taskQueue,
    args: [input, orderOptions] as [OrderInput, OrderWorkflowOptions],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    // Workflow (and inherited activity) tasks of express and VIP orders are served first under a backlog.
    priority: { priorityKey },
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
