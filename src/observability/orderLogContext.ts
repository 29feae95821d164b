import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/**
 * Order IDs for log lines. Activities get the order ID in their arguments (an order input with
 * `orderId`, or the ID itself), so an activity interceptor adds it to that activity's log lines
 * and remembers it per workflow ID. Workflow log lines only carry the workflow ID
 * (`order:<channel>:<externalId>`); the Temporal logger looks the order ID up here. Bounded, and
 * per process: a workflow whose activities ran on another worker simply logs without it.
 */
const MAX_REMEMBERED = 10_000;
const orderIdByWorkflowId = new Map<string, string>();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function orderIdFromArgs(args: readonly unknown[]): string | undefined {
  for (const arg of args) {
    const candidate = (arg as { orderId?: unknown } | null)?.orderId;
    if (typeof candidate === 'string') return candidate;
  }
  return args.find((a): a is string => typeof a === 'string' && UUID.test(a));
}

export function rememberOrderId(workflowId: string, orderId: string): void {
  if (orderIdByWorkflowId.get(workflowId) === orderId) return;
  orderIdByWorkflowId.delete(workflowId);
  orderIdByWorkflowId.set(workflowId, orderId);
  if (orderIdByWorkflowId.size > MAX_REMEMBERED) {
    orderIdByWorkflowId.delete(orderIdByWorkflowId.keys().next().value!);
  }
}

export function orderIdForWorkflow(workflowId: string): string | undefined {
  return orderIdByWorkflowId.get(workflowId);
}

/** Adds `orderId` to every log line of an activity that was given one. */
export const orderLogAttributes: ActivityInterceptorsFactory = (ctx) => {
  let orderId: string | undefined;
  return {
    inbound: {
      execute(input, next) {
        orderId = orderIdFromArgs(input.args);
        const workflowId = ctx.info.workflowExecution?.workflowId;
        if (orderId && workflowId) rememberOrderId(workflowId, orderId);
        return next(input);
      },
    },
    outbound: {
      getLogAttributes(attrs, next) {
        return next(orderId ? { ...attrs, orderId } : attrs);
      },
    },
  };
};
