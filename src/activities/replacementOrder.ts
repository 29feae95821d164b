/**
 * An exchange's replacement order (issue 18, docs/returns.md "Exchanges"): the return workflow calls
 * startReplacementOrder once the return is received (or at once, per the channel's exchangeShipsAt).
 * Exactly once, whatever is retried or killed in between:
 * 1. One transaction records the order (id derived from the return id, channel `exchange`, external
 *    id `exchange-<returnId>`), hands it the units held since the request, and links it on the
 *    return. A retry finds the order recorded and only re-reads it (orders are unique per channel and
 *    external id as well).
 * 2. Then its workflow is started under the id that channel order always gets; a running one is
 *    used as it is and a finished one refuses a second start (WorkflowExecutionAlreadyStarted).
 * A crash between 1 and 2 leaves a recorded order without a workflow only until the activity's
 * retry starts it; the order workflow's own recordOrder then changes nothing.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/prisma';
import type { Address, ShippingService } from '../domain/order';
import { orderTotalsOf } from '../domain/orderMoney';
import { exchangeExternalId } from '../domain/ids';
import { EXCHANGE_CHANNEL, replacementOrderInput } from '../domain/returns/exchange';
import { intakePriorityKey } from '../domain/priority';
import { orderWorkflowStart } from '../temporal/orderStart';
import type { OrderWorkflowOptions } from '../workflows/order/options';
import { followupWork, type StockEvents } from './backorderQueue';
import { handOverHolds, releaseHolds, replacementOrderId } from './exchangeStock';
import { writeReceivedOrder } from './orderStore';
import { followUp } from './stockFollowups';
import { lockStock, type Tx } from './stockLedger';

/** What starts an order workflow: the hub's client, its task queue and the options every new order gets. */
export interface OrderStarter {
  temporal: Client;
  taskQueue: string;
  orderOptions: OrderWorkflowOptions;
}

export interface ExchangeDeps {
  db: Db;
  stockEvents: StockEvents;
  starter?: OrderStarter;
}

export type ReplacementStart = { started: true; orderId: string; workflowId: string } | { started: false; reason: string };

/** Locks the replacements' stock rows, then the return's row: the lock order every stock move keeps. */
async function lockExchange(tx: Tx, returnId: string) {
  const skus = (await tx.returnReplacement.findMany({ where: { returnId }, select: { sku: true } })).map((r) => r.sku);
  await lockStock(tx, skus);
  await tx.$queryRaw`SELECT id FROM returns WHERE id = ${returnId} FOR UPDATE`;
  return tx.return.findUnique({ where: { id: returnId }, include: { replacements: { orderBy: { lineNo: 'asc' } }, order: { include: { customer: true } } } });
}

/** Step 1: the order row with its lines and held units, in one transaction; the input its workflow starts with. */
export async function recordReplacementOrder(db: Db, returnId: string) {
  return db.$transaction(async (tx) => {
    const ret = await lockExchange(tx, returnId);
    if (!ret) return { problem: `no return ${returnId}` };
    if (ret.replacements.length === 0) return { problem: `return ${returnId} is not an exchange` };
    if (ret.replacements.some((r) => r.state === 'released')) return { problem: `return ${returnId}'s replacement stock was released (the return expired)` };
    const orderId = replacementOrderId(returnId);
    const recorded = await tx.order.findUnique({ where: { id: orderId }, select: { placedAt: true } });
    const input = replacementOrderInput({
      returnId,
      orderId,
      externalId: exchangeExternalId(returnId),
      currency: ret.currency,
      customer: ret.order.customer,
      shippingAddress: ret.order.shippingAddress as unknown as Address,
      shippingService: ret.order.shippingService as ShippingService,
      replacements: ret.replacements,
      // A retry rebuilds the same input: the first attempt's time, read back from the order.
      placedAt: recorded?.placedAt ?? new Date(),
    });
    if (!recorded) {
      // Made with the first exchange, not by a migration: the demo seed fills only a database without channels.
      // ON CONFLICT DO NOTHING: two first exchanges at once both pass.
      await tx.channel.createMany({ data: [{ id: EXCHANGE_CHANNEL, name: 'Exchange replacements (hub-made)', kind: 'webstore' }], skipDuplicates: true });
      await writeReceivedOrder(tx, input, orderTotalsOf(input));
      await handOverHolds(tx, returnId, orderId);
      await tx.return.update({ where: { id: returnId }, data: { exchangeOrderId: orderId } });
    }
    return { input };
  });
}

export function createExchangeActivities(deps: ExchangeDeps) {
  return {
    /** Records and starts the replacement order of an exchange; safe to call any number of times. */
    async startReplacementOrder(returnId: string): Promise<ReplacementStart> {
      const starter = deps.starter;
      if (!starter) throw ApplicationFailure.nonRetryable('this worker was built without an order starter (ActivityDeps.orderStarter)', 'NoOrderStarter');
      const recorded = await recordReplacementOrder(deps.db, returnId);
      if (!recorded.input) return { started: false, reason: recorded.problem };
      const start = orderWorkflowStart(recorded.input, starter.taskQueue, starter.orderOptions, intakePriorityKey(recorded.input));
      try {
        await starter.temporal.workflow.start('orderWorkflow', start);
      } catch (err) {
        // Started before and finished since: that start was this replacement's one.
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      return { started: true, orderId: recorded.input.orderId, workflowId: start.workflowId };
    },

    /**
     * The return expired (or was given up) before its replacement started: the held units go back,
     * and waiting orders are served with them. Once the replacement order exists its own workflow
     * owns the units, so this changes nothing then; a repeat changes nothing either.
     */
    async releaseExchangeStock(returnId: string): Promise<{ released: boolean }> {
      const followup = await deps.db.$transaction(async (tx) => {
        const ret = await lockExchange(tx, returnId);
        if (!ret || ret.exchangeOrderId) return { released: false };
        return { released: true, followup: await releaseHolds(tx, returnId, replacementOrderId(returnId)) };
      });
      if (followup.followup) await followUp(deps.db, followupWork(deps.db, deps.stockEvents), followup.followup);
      return { released: followup.released };
    },
  };
}

export type ExchangeActivities = ReturnType<typeof createExchangeActivities>;
