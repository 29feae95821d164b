/**
 * Amazon's side of the marketplace poller (src/workflows/marketplace): the generic activities
 * (loadCursor, fetchPage, importOrders, saveCursor, setPaused) implemented with the SP-API. They
 * run on the channel platform's own task queue, so eBay's have the same names on another queue.
 */
import { Context } from '@temporalio/activity';
import { createOrderSchema } from '../../api/orders/schemas';
import { HttpError } from '../../api/httpError';
import type { OrderService } from '../../api/orders/service';
import type { Db } from '../../db/prisma';
import { logger } from '../../observability/logger';
import type {
  FetchOrdersRequest,
  FetchOrdersResult,
  FetchPageRequest,
  FetchPageResult,
  ImportOrdersRequest,
  ImportOrdersResult,
  ListedOrder,
  MarketplaceActivities,
} from '../../workflows/marketplace/types';
import { pollerCursorActivities } from '../pollerCursor';
import { decideAmazonOrder } from './mapOrder';
import { RateGate, RateWait } from './rateGate';
import { AMAZON_USAGE_PLANS } from './usagePlans';
import { createSpApiClient, SpApiError } from './spApiClient';
import type { SpOrder } from './types';
import { amazonEndpoints, type AmazonConnectorOptions } from './options';

export type { AmazonConnectorOptions } from './options';

export { AMAZON_USAGE_PLANS, scaleUsagePlans } from './usagePlans';

interface AmazonSettings {
  sellerId?: string;
  marketplaceIds?: string[];
  region?: string;
}

interface PageToken {
  next: string;
  passCursor: string;
}

export function createAmazonPollerActivities(db: Db, orders: Pick<OrderService, 'createOrder' | 'cancelOrder'>, opts: AmazonConnectorOptions): MarketplaceActivities {
  const plans = opts.usagePlans ?? AMAZON_USAGE_PLANS;
  const lookBackMs = opts.lookBackMs ?? 7 * 86_400_000;
  const overlapMs = opts.overlapMs ?? 5 * 60_000;
  const settleMs = opts.settleMs ?? 2 * 60_000;
  const pageSize = opts.pageSize ?? 100;

  async function clientFor(channelId: string, rate: ImportOrdersRequest['rate']) {
    const channel = await db.channel.findUnique({ where: { id: channelId } });
    if (!channel || channel.platform !== 'amazon') throw new Error(`channel ${channelId} is not an amazon channel`);
    const settings = (channel.settings ?? {}) as AmazonSettings;
    const credentials = opts.credentials(channel);
    if (!credentials) throw new Error(`no Login with Amazon credentials for channel ${channelId} (secret ${channel.secretName ?? channelId})`);
    const endpoints = amazonEndpoints(opts, settings.region);
    const gate = new RateGate(structuredClone(plans), rate, activityAttempt() > 1);
    return { gate, settings, client: createSpApiClient({ channelId, endpoints, credentials, gate }) };
  }

  /** A usage plan ran out, or Amazon throttled us anyway: how long the workflow waits. */
  function waitFor(err: unknown, gate: RateGate): number | undefined {
    if (err instanceof RateWait) return err.waitMs;
    if (err instanceof SpApiError && err.status === 429) {
      gate.drain(err.operation);
      return Math.ceil(1000 / (plans[err.operation]?.rate ?? 1));
    }
    return undefined;
  }

  return {
    ...pollerCursorActivities(db),

    async fetchPage({ channelId, cursor, pageToken, rate }: FetchPageRequest): Promise<FetchPageResult> {
      const { gate, settings, client } = await clientFor(channelId, rate);
      const marketplaces = settings.marketplaceIds ?? [];
      if (marketplaces.length === 0) throw new Error(`channel ${channelId} has no marketplaceIds in its settings`);
      let query: URLSearchParams;
      let passCursor: string;
      if (pageToken) {
        const token = JSON.parse(pageToken) as PageToken;
        passCursor = token.passCursor;
        query = new URLSearchParams({ NextToken: token.next, MarketplaceIds: marketplaces.join(',') });
      } else {
        const now = Date.now();
        passCursor = new Date(now - settleMs).toISOString();
        query = new URLSearchParams({ MarketplaceIds: marketplaces.join(','), MaxResultsPerPage: String(pageSize) });
        if (cursor === null) {
          query.set('CreatedAfter', new Date(now - lookBackMs).toISOString());
          query.set('CreatedBefore', passCursor);
        } else {
          query.set('LastUpdatedAfter', new Date(Date.parse(cursor) - overlapMs).toISOString());
          query.set('LastUpdatedBefore', passCursor);
        }
      }
      try {
        const page = await client.getOrders(query);
        // Pages come in the order of the filter's time (PurchaseDate in a first pass, LastUpdateDate after): the last order is how far the pass got.
        const last = page.orders[page.orders.length - 1];
        const position = last && (cursor === null ? last.PurchaseDate : last.LastUpdateDate);
        return {
          ...(position && { position }),
          orders: page.orders.map((o) => ({ id: o.AmazonOrderId, data: o })),
          nextPageToken: page.nextToken ? JSON.stringify({ next: page.nextToken, passCursor } satisfies PageToken) : null,
          passCursor,
          rate: gate.snapshot(),
        };
      } catch (err) {
        const waitMs = waitFor(err, gate);
        if (waitMs === undefined) throw err;
        return { waitMs, rate: gate.snapshot() };
      }
    },

    async importOrders({ channelId, orders: listed, rate }: ImportOrdersRequest): Promise<ImportOrdersResult> {
      const { gate, client } = await clientFor(channelId, rate);
      const result: ImportOrdersResult = { remaining: [], imported: 0, unchanged: 0, cancelled: 0, waiting: 0, refused: 0, rate: {} };
      for (let i = 0; i < listed.length; i++) {
        try {
          // A worker shutting down cancels us: stop between orders, the retry continues the page.
          Context.current().cancellationSignal.throwIfAborted();
          await importOne(channelId, listed[i], client, result);
          Context.current().heartbeat(i);
        } catch (err) {
          const waitMs = waitFor(err, gate);
          if (waitMs === undefined) throw err;
          return { ...result, remaining: listed.slice(i), waitMs, rate: gate.snapshot() };
        }
      }
      return { ...result, rate: gate.snapshot() };
    },

    /** Orders a notification named, by getOrder (its own usage plan, not getOrders' one request a minute). */
    async fetchOrders({ channelId, ids, rate }: FetchOrdersRequest): Promise<FetchOrdersResult> {
      const { gate, client } = await clientFor(channelId, rate);
      const orders: ListedOrder[] = [];
      const missing: string[] = [];
      for (let i = 0; i < ids.length; i++) {
        try {
          const order = await client.getOrder(ids[i]);
          if (order) orders.push({ id: order.AmazonOrderId, data: order });
          else missing.push(ids[i]);
        } catch (err) {
          const waitMs = waitFor(err, gate);
          if (waitMs === undefined) throw err;
          if (orders.length === 0 && missing.length === 0) return { waitMs, rate: gate.snapshot() };
          return { orders, missing, remaining: ids.slice(i), rate: gate.snapshot() };
        }
      }
      return { orders, missing, remaining: [], rate: gate.snapshot() };
    },
  };

  async function importOne(channelId: string, listed: ListedOrder, client: ReturnType<typeof createSpApiClient>, result: ImportOrdersResult): Promise<void> {
    const order = listed.data as SpOrder;
    const existing = await db.order.findUnique({ where: { channelId_externalId: { channelId, externalId: order.AmazonOrderId } }, select: { id: true, status: true } });
    const status = decideAmazonOrder(channelId, { order, items: [] }, existing !== null);
    if (existing) {
      if (status.kind === 'cancel' && existing.status !== 'cancelled') await cancel(existing.id, order.AmazonOrderId, result);
      else result.unchanged++;
      return;
    }
    if (status.kind !== 'import') {
      if (status.kind === 'wait') result.waiting++;
      return;
    }
    // Only a new order costs a getOrderItems call: one seen before (the overlap) is answered above.
    const items = await client.getOrderItems(order.AmazonOrderId);
    const decision = decideAmazonOrder(channelId, { order, items }, false);
    if (decision.kind !== 'import') return;
    const parsed = createOrderSchema.safeParse(decision.request);
    if (!parsed.success) {
      // Amazon sent something the hub cannot take: logged loudly, never retried for ever.
      result.refused++;
      logger.error({ channelId, amazonOrderId: order.AmazonOrderId, issues: parsed.error.issues.slice(0, 5) }, 'amazon order refused by validation');
      return;
    }
    try {
      const created = await orders.createOrder(parsed.data);
      if (created.created) result.imported++;
      else result.unchanged++;
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      result.refused++;
      logger.error({ channelId, amazonOrderId: order.AmazonOrderId, err: err.message }, 'amazon order refused');
    }
  }

  async function cancel(orderId: string, amazonOrderId: string, result: ImportOrdersResult): Promise<void> {
    try {
      await orders.cancelOrder(orderId, { reason: 'cancelled on Amazon (OrderStatus Canceled)' }, 'amazon');
      result.cancelled++;
    } catch (err) {
      // Already shipped or cancelled: nothing for the poller to do; the order's own timeline says why.
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      result.unchanged++;
      logger.warn({ amazonOrderId, orderId, err: err.message }, 'amazon cancellation not applied');
    }
  }
}

function activityAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}
