import type { Db } from '../../db/prisma';
import { Prisma } from '../../generated/prisma/client';
import type { OrderInput, OrderTotals } from '../../domain/order';
import { orderWorkflowId } from '../../domain/ids';
import { intakePriorityKey } from '../../domain/priority';
import { writeReceivedOrder } from '../../activities/orderStore';
import type { OrderWorkflowOptions } from '../../workflows/order/options';
import { currentTraceContext } from '../../observability/traceCarrier';

/**
 * Accepting an order: the order as received (its lines, customer and `received` event) and its
 * workflow start (a row of the order_starts outbox) in ONE transaction. Once it commits the order
 * is durable and readable, and the starter (./orderStarter.ts) will start its workflow however long
 * Temporal takes, or after a crash of this process: an order is never answered 202 and then lost,
 * and never waits for the pipeline to be answered.
 *
 * The start keeps the task queue and workflow options of the accepting process, as a direct start
 * would have used them, so whichever process's starter runs it starts the same workflow.
 *
 * Returns false when the same channel order was committed first by a concurrent delivery (the
 * unique channel + externalId, or workflow ID): nothing of this one was written.
 */
/**
 * Prisma's default waits 2 s for a connection before failing the transaction: a burst that finds the
 * pool busy with the workers' activities would answer 500. A connection is waited for as long as the
 * pool itself allows (src/db/prisma.ts), and the few statements get as long to finish.
 */
const ACCEPT_TX = { maxWait: 10_000, timeout: 10_000 };

export async function writeAcceptedOrder(db: Db, input: OrderInput, totals: OrderTotals, start: { taskQueue: string; orderOptions: OrderWorkflowOptions }): Promise<boolean> {
  const traceContext = currentTraceContext();
  try {
    await db.$transaction(async (tx) => {
      await writeReceivedOrder(tx, input, totals);
      await tx.orderStart.create({
        data: {
          orderId: input.orderId,
          workflowId: orderWorkflowId(input.channel, input.externalId),
          priorityKey: intakePriorityKey(input),
          input: input as unknown as Prisma.InputJsonObject,
          options: start.orderOptions as unknown as Prisma.InputJsonObject,
          taskQueue: start.taskQueue,
          ...(traceContext && { traceContext }),
        },
      });
    }, ACCEPT_TX);
    return true;
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return false;
    throw err;
  }
}
