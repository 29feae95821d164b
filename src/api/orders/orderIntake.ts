import type { Db } from '../../db/prisma';
import { isUniqueViolation } from '../../db/directSql';
import { insertInto, jsonb } from '../../db/insertRows';
import type { OrderInput, OrderTotals } from '../../domain/order';
import { orderWorkflowId } from '../../domain/ids';
import { intakePriorityKey } from '../../domain/priority';
import { writeReceivedOrder } from '../../activities/orderStore';
import type { OrderWorkflowOptions } from '../../workflows/order/options';
import { currentTraceContext } from '../../observability/traceCarrier';

/**
 * Accepting an order: the order as received (its lines, customer and `received` event) and its
 * workflow start (a row of the order_starts outbox) in ONE statement (writeReceivedOrder's, after
 * its customer step), committed on its own: no BEGIN and COMMIT round trips. Once it commits the
 * order is durable and readable, and the starter (./orderStarter.ts) will start its workflow however long
 * Temporal takes, or after a crash of this process: an order is never answered 202 and then lost,
 * and never waits for the pipeline to be answered.
 *
 * The start keeps the task queue and workflow options of the accepting process, as a direct start
 * would have used them, so whichever process's starter runs it starts the same workflow.
 *
 * Returns false when the same channel order was committed first by a concurrent delivery (the
 * unique channel + externalId, or workflow ID): nothing of this one was written but its customer
 * step, which names the same person the first delivery did.
 */
export async function writeAcceptedOrder(db: Db, input: OrderInput, totals: OrderTotals, start: { taskQueue: string; orderOptions: OrderWorkflowOptions }): Promise<boolean> {
  const traceContext = currentTraceContext();
  const now = new Date();
  const orderStart = {
    order_id: input.orderId,
    workflow_id: orderWorkflowId(input.channel, input.externalId),
    priority_key: intakePriorityKey(input),
    input: jsonb(input),
    options: jsonb(start.orderOptions),
    task_queue: start.taskQueue,
    trace_context: traceContext ? jsonb(traceContext) : null,
    next_attempt_at: now,
    created_at: now,
  };
  try {
    await writeReceivedOrder(db, input, totals, [insertInto('order_starts', [orderStart])]);
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}
