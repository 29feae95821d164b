/**
 * Starting a return's workflow (`return:<returnId>`) after the return's row committed, so a crash
 * between the two never loses it: the row is its own outbox entry (workflow_started_at null until the
 * start succeeded). The API starts it at once; the sweeper starts whatever a crash or a Temporal
 * outage left behind. Starting twice is harmless: the workflow id is the return's and a duplicate
 * start is refused (REJECT_DUPLICATE, even after the first run ended).
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { Db } from '../../db/prisma';
import { returnWorkflowId } from '../../domain/ids';
import { returnPolicyOf } from '../../domain/returns';
import { drainRunner, startSweeper } from '../../infra/drainRunner';
import { logger } from '../../observability/logger';
import type { OrderWorkflowOptions } from '../../workflows/order/options';
import type { ReturnWorkflowInput } from '../../workflows/returns/messages';
import type { returnWorkflow } from '../../workflows/returns/returnWorkflow';
import { ReturnOrderIdKey, ReturnStatusKey } from '../../workflows/searchAttributes';

export interface ReturnStarterDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** The partner placement new orders get (retries, task queues), reused for the return's partner calls. */
  orderOptions: Pick<OrderWorkflowOptions, 'partnerRetry' | 'partnerTaskQueues' | 'fulfillmentTaskQueue'>;
  /** RETURN_EXPIRY: how long a return waits for its parcel's first scan. */
  expiryMs: number;
}

/** The API's own start comes first; the sweeper leaves a fresh row alone this long. */
const OWNER_GRACE_MS = 10_000;
const log = logger.child({ component: 'return-starter' });

export type ReturnStarter = ReturnType<typeof createReturnStarter>;

export function createReturnStarter(deps: ReturnStarterDeps) {
  const { db, temporal } = deps;
  async function start(returnId: string): Promise<void> {
    const ret = await db.return.findUnique({ where: { id: returnId }, include: { lines: true, channel: true, _count: { select: { replacements: true } } } });
    if (!ret || ret.workflowStartedAt) return;
    const input: ReturnWorkflowInput = {
      returnId,
      orderId: ret.orderId,
      lines: ret.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity })),
      expiryMs: deps.expiryMs,
      ...(deps.orderOptions.partnerRetry && { partnerRetry: deps.orderOptions.partnerRetry }),
      ...(deps.orderOptions.partnerTaskQueues && { partnerTaskQueues: deps.orderOptions.partnerTaskQueues }),
      ...(deps.orderOptions.fulfillmentTaskQueue && { fulfillmentTaskQueue: deps.orderOptions.fulfillmentTaskQueue }),
      ...(ret._count.replacements > 0 && { exchange: { shipsAt: returnPolicyOf(ret.channel).exchangeShipsAt } }),
    };
    try {
      await temporal.workflow.start<typeof returnWorkflow>('returnWorkflow', {
        workflowId: returnWorkflowId(returnId),
        taskQueue: deps.taskQueue,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: ReturnStatusKey, value: ret.status },
          { key: ReturnOrderIdKey, value: ret.orderId },
        ],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    await db.return.updateMany({ where: { id: returnId, workflowStartedAt: null }, data: { workflowStartedAt: new Date() } });
  }

  /** Starts the returns still waiting for their workflow; returns how many it started. */
  async function sweep(limit = 50): Promise<number> {
    const due = await db.return.findMany({
      where: { workflowStartedAt: null, createdAt: { lt: new Date(Date.now() - OWNER_GRACE_MS) } },
      orderBy: { createdAt: 'asc' },
      take: limit,
      select: { id: true },
    });
    let started = 0;
    for (const { id } of due) {
      try {
        await start(id);
        started++;
      } catch (err) {
        log.warn({ err, returnId: id }, 'return workflow start failed; the next sweep tries again');
      }
    }
    return started;
  }

  /** After the commit: a failure is logged and left to the sweeper (the return exists; its workflow follows). */
  async function startAfterCommit(returnId: string): Promise<void> {
    await start(returnId).catch((err) => log.warn({ err, returnId }, 'return workflow start failed after the commit; the sweeper starts it'));
  }

  return { start, sweep, startAfterCommit };
}

/** Sweeps every `intervalMs` in this process (the loop the order starter and the Shopify inbox use too); returns its stop. */
export function startReturnSweeper(starter: ReturnStarter, intervalMs = 15_000): () => Promise<void> {
  return startSweeper(
    drainRunner(
      () => starter.sweep(),
      (err) => log.warn({ err }, 'return start sweep failed'),
    ),
    intervalMs,
  );
}
