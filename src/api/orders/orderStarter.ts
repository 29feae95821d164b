/**
 * The starter: starts the workflows of accepted orders from the order_starts outbox
 * (./orderIntake.ts writes a row with each order, in the same transaction).
 *
 * - `drain` claims due rows, the most urgent first (priority key, then arrival), with FOR UPDATE
 *   SKIP LOCKED and their next attempt pushed out before anything is started: several processes
 *   drain at once without taking the same row, and a process that dies mid-way only delays its rows.
 * - Each claimed row is started with the workflow ID of its channel order; a running workflow
 *   (USE_EXISTING) or a closed one (WorkflowExecutionAlreadyStartedError) means it started before:
 *   either way the row is done and deleted. Anything else (Temporal down, a timeout) leaves the row
 *   for a later attempt, with a backoff capped at a minute: an accepted order is retried for ever.
 * - The API kicks the runner after each commit; the sweeper (startOrderStartSweeper) kicks it every
 *   second for what a crash, an outage or a failed attempt left behind.
 * - `startNow(orderId)`: an operator's update may reach an order the starter has not started yet
 *   (a payment right after the 202): the service starts that one at once and sends the update.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { Prisma } from '../../generated/prisma/client';
import { directSql } from '../../db/directSql';
import type { Db } from '../../db/prisma';
import type { OrderInput } from '../../domain/order';
import { logger } from '../../observability/logger';
import type { OrderWorkflowOptions } from '../../workflows/order/options';
import { orderWorkflowStart } from '../../temporal/orderStart';
import { withTraceContext } from '../../observability/traceCarrier';
import { drainRunner, startSweeper, type DrainRunner } from '../../infra/drainRunner';

/** Rows claimed per round, and started at once: enough to keep Temporal busy, few enough to keep the priority order. */
const BATCH = 20;
const MAX_BACKOFF_MS = 60_000;
/** How long a claimed row is left to its claimant before another process may take it (doubled per attempt). */
const FIRST_LEASE_MS = 5_000;

const log = logger.child({ component: 'order-starter' });

interface ClaimedStart {
  order_id: string;
  priority_key: number;
  input: OrderInput;
  options: OrderWorkflowOptions;
  task_queue: string;
  trace_context: Record<string, string> | null;
  attempts: number;
}

export interface OrderStarterDeps {
  db: Db;
  temporal: Client;
}

export type OrderStarter = ReturnType<typeof createOrderStarter>;

export function createOrderStarter({ db, temporal }: OrderStarterDeps) {
  /** Starts one claimed row's workflow; the row is deleted once the workflow runs (or ran). */
  async function start(row: ClaimedStart): Promise<boolean> {
    try {
      await withTraceContext(row.trace_context, () => temporal.workflow.start('orderWorkflow', orderWorkflowStart(row.input, row.task_queue, row.options, row.priority_key)));
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        log.warn({ err, orderId: row.order_id, attempts: row.attempts }, 'starting an accepted order failed; retried later');
        await db.orderStart.updateMany({ where: { orderId: row.order_id }, data: { lastError: String((err as Error)?.message ?? err).slice(0, 1000) } }).catch(() => undefined);
        return false;
      }
    }
    await directSql(db, Prisma.sql`DELETE FROM order_starts WHERE order_id = ${row.order_id}`);
    return true;
  }

  /** Claims and starts the due rows, most urgent first; returns how many were started. */
  async function drain(): Promise<number> {
    const due = await directSql<ClaimedStart>(
      db,
      Prisma.sql`
      UPDATE order_starts SET attempts = attempts + 1,
        next_attempt_at = now() + LEAST(${MAX_BACKOFF_MS}::float8, ${FIRST_LEASE_MS}::float8 * power(2, LEAST(attempts, 16))) * interval '1 millisecond'
      WHERE order_id IN (
        SELECT order_id FROM order_starts WHERE next_attempt_at <= now()
        ORDER BY priority_key, created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING order_id, priority_key, input, options, task_queue, trace_context, attempts`,
    );
    due.sort((a, b) => a.priority_key - b.priority_key);
    const started = await Promise.all(due.map(start));
    return started.filter(Boolean).length;
  }

  const runner = drainRunner(drain, (err) => log.warn({ err }, 'draining the order starts failed; the sweeper retries'));
  return {
    drain,
    /** Runs drain until nothing is due, one run at a time in this process; a kick during a run asks for one more. */
    kick: runner.kick,
    idle: runner.idle,
    /** Starts this order's workflow now if its start is still pending; false when there was none to start. */
    async startNow(orderId: string): Promise<boolean> {
      const [row] = await directSql<ClaimedStart>(
        db,
        Prisma.sql`SELECT order_id, priority_key, input, options, task_queue, trace_context, attempts FROM order_starts WHERE order_id = ${orderId}`,
      );
      return row ? start(row) : false;
    },
  };
}

/** Kicks the starter every `intervalMs` in this process (what a crash, an outage or a failed attempt left behind); returns its stop. */
export function startOrderStartSweeper(starter: DrainRunner, intervalMs = 1_000): () => Promise<void> {
  return startSweeper(starter, intervalMs);
}
