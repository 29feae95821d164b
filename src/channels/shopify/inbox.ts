/**
 * The durable inbox of Shopify deliveries (table channel_webhook_inbox). Shopify retries a
 * delivery not answered 2xx within 5 s and removes a subscription that keeps failing, so the route
 * only verifies, stores and answers; the work happens here, apart from the request:
 *
 * - `store` inserts the delivery; its webhook id (and event id per topic) is unique, so a
 *   redelivery inserts nothing and is answered 200 as a duplicate;
 * - `drain` claims due deliveries (FOR UPDATE SKIP LOCKED, pushing their next attempt out first,
 *   so a process that dies mid-way only delays them) and processes them. A delivery is claimable
 *   only when no earlier delivery of the same order is still waiting, so one order's deliveries are
 *   applied in the order they arrived, by one process at a time;
 * - a failure is retried with a backoff; after MAX_ATTEMPTS it stays `failed` with its error for
 *   an operator (docs/shopify.md), and later deliveries of that order go on.
 *
 * The route kicks `drain` right after answering; the sweeper (startInboxSweeper) runs it every few
 * seconds for what a crash or a failure left behind.
 */
import type { Db } from '../../db/prisma';
import type { Prisma } from '../../generated/prisma/client';
import { logger } from '../../observability/logger';
import { drainRunner, startSweeper, type DrainRunner } from '../../infra/drainRunner';

const BATCH = 20;
export const MAX_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 10 * 60_000;

const log = logger.child({ component: 'shopify-inbox' });

export interface InboxDelivery {
  channelId: string;
  webhookId: string;
  eventId?: string;
  topic: string;
  shopDomain: string;
  apiVersion?: string;
  resourceId?: string;
  payload: unknown;
}

export interface ClaimedDelivery {
  id: bigint;
  channelId: string;
  topic: string;
  payload: unknown;
  attempts: number;
}

/** What processing one delivery did: `ignored` for a topic the hub does not act on or a stale update. */
export interface ProcessOutcome {
  status: 'processed' | 'ignored';
  outcome: string;
  orderId?: string;
}

/** Thrown for a delivery that can never succeed (a payload that is not an order): failed at once, not retried. */
export class PermanentDeliveryError extends Error {}

export type ProcessDelivery = (d: ClaimedDelivery) => Promise<ProcessOutcome>;

/** Stores a verified delivery. false: the same delivery (webhook id, or event id for this topic) is already in. */
export async function storeDelivery(db: Db, d: InboxDelivery): Promise<boolean> {
  const { count } = await db.channelWebhookInbox.createMany({
    data: [
      {
        channelId: d.channelId,
        webhookId: d.webhookId,
        eventId: d.eventId ?? null,
        topic: d.topic,
        shopDomain: d.shopDomain,
        apiVersion: d.apiVersion ?? null,
        resourceId: d.resourceId ?? null,
        payload: d.payload as Prisma.InputJsonValue,
      },
    ],
    skipDuplicates: true,
  });
  return count === 1;
}

/** Claims and processes the due deliveries; returns how many were settled (processed or ignored). Several processes may drain at once. */
export async function drainInbox(db: Db, process: ProcessDelivery): Promise<number> {
  const due = await db.$queryRaw<{ id: bigint; channel_id: string; topic: string; payload: unknown; attempts: number }[]>`
    UPDATE channel_webhook_inbox SET attempts = attempts + 1,
      next_attempt_at = now() + LEAST(${MAX_BACKOFF_MS}::float8, 2000 * power(2, LEAST(attempts, 16))) * interval '1 millisecond'
    WHERE id IN (
      SELECT i.id FROM channel_webhook_inbox i
      WHERE i.status = 'received' AND i.next_attempt_at <= now()
        AND NOT EXISTS (SELECT 1 FROM channel_webhook_inbox e WHERE e.channel_id = i.channel_id AND e.resource_id = i.resource_id AND e.status = 'received' AND e.id < i.id)
      ORDER BY i.id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
    RETURNING id, channel_id, topic, payload, attempts`;
  let settled = 0;
  for (const row of due.sort((a, b) => Number(a.id - b.id))) {
    const delivery = { id: row.id, channelId: row.channel_id, topic: row.topic, payload: row.payload, attempts: row.attempts };
    try {
      const result = await process(delivery);
      await db.channelWebhookInbox.update({
        where: { id: row.id },
        data: { status: result.status, outcome: result.outcome.slice(0, 1000), orderId: result.orderId ?? null, processedAt: new Date(), lastError: null },
      });
      settled++;
    } catch (err) {
      const message = String((err as Error)?.message ?? err).slice(0, 1000);
      const failed = err instanceof PermanentDeliveryError || row.attempts >= MAX_ATTEMPTS;
      log.warn(
        { err, deliveryId: String(row.id), topic: row.topic, channel: row.channel_id, attempts: row.attempts, failed },
        failed ? 'Shopify delivery failed for good: an operator must look at it' : 'Shopify delivery failed; retried later',
      );
      await db.channelWebhookInbox
        .update({ where: { id: row.id }, data: { lastError: message, ...(failed && { status: 'failed', processedAt: new Date() }) } })
        .catch(() => undefined);
    }
  }
  return settled;
}

/** Drains the inbox until nothing is due (src/infra/drainRunner.ts): the route kicks it after each stored delivery. */
export function inboxRunner(db: Db, process: ProcessDelivery): DrainRunner {
  return drainRunner(
    () => drainInbox(db, process),
    (err) => log.warn({ err }, 'Shopify inbox drain failed; the sweeper retries'),
  );
}

/** Drains the inbox every `intervalMs` in this process (what a crash or a failure left); returns its stop. */
export function startInboxSweeper(runner: DrainRunner, intervalMs = 5_000): () => Promise<void> {
  return startSweeper(runner, intervalMs);
}
