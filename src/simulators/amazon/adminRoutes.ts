import { Router } from 'express';
import type { AmazonOrderBundle } from '../../channels/amazon/types';
import type { AmazonSimState } from './amazonState';
import { DOCUMENTED_USAGE_PLANS, SP_OPERATIONS, type SpOperation, type UsagePlan } from './usagePlans';

/**
 * Test and demo controls: seed an order in the SP-API's own shapes, set usage plans and faults,
 * read the counters (overLimit must stay 0 for a client that honours the usage plans).
 */
export function amazonAdminRoutes(state: AmazonSimState): Router {
  const router = Router();

  router.post('/admin/amazon/orders', (req, res) => {
    const body = req.body as Partial<AmazonOrderBundle>;
    if (typeof body?.order?.AmazonOrderId !== 'string' || !Array.isArray(body.items)) {
      res.status(400).json({ error: 'body must be {order, items, address?, buyerInfo?}: order.AmazonOrderId and items are required' });
      return;
    }
    state.upsert(body as AmazonOrderBundle);
    res.status(201).json({ AmazonOrderId: body.order.AmazonOrderId, LastUpdateDate: state.orders.get(body.order.AmazonOrderId)!.order.LastUpdateDate });
  });

  router.post('/admin/amazon/config', (req, res) => {
    const body = req.body as {
      usagePlans?: Partial<Record<SpOperation, UsagePlan>>;
      /** Amazon's documented plans, every rate times this (the hub's AMAZON_USAGE_PLAN_SCALE must be the same). */
      usagePlanScale?: number;
      tokenTtlSeconds?: number;
      maxPageSize?: number;
      rdtDenied?: boolean;
      throttle?: number;
      outage?: number;
      expireTokens?: boolean;
    };
    if (body.usagePlanScale !== undefined) {
      if (!(typeof body.usagePlanScale === 'number' && body.usagePlanScale > 0)) return void res.status(400).json({ error: 'usagePlanScale must be a number above 0' });
      const scale = body.usagePlanScale;
      state.buckets.setPlans(Object.fromEntries(SP_OPERATIONS.map((op) => [op, { ...DOCUMENTED_USAGE_PLANS[op], rate: DOCUMENTED_USAGE_PLANS[op].rate * scale }])));
    }
    if (body.usagePlans) {
      const unknown = Object.keys(body.usagePlans).filter((k) => !(SP_OPERATIONS as readonly string[]).includes(k));
      if (unknown.length > 0) return void res.status(400).json({ error: `unknown operations: ${unknown.join(', ')}` });
      state.buckets.setPlans(body.usagePlans);
    }
    if (body.tokenTtlSeconds !== undefined) state.config.tokenTtlSeconds = body.tokenTtlSeconds;
    if (body.maxPageSize !== undefined) state.config.maxPageSize = body.maxPageSize;
    if (body.rdtDenied !== undefined) state.config.rdtDenied = body.rdtDenied;
    if (body.throttle !== undefined) state.pending429 = body.throttle;
    if (body.outage !== undefined) state.pending503 = body.outage;
    if (body.expireTokens) state.expireAllTokens();
    res.json({ config: state.config, usagePlans: Object.fromEntries(SP_OPERATIONS.map((op) => [op, state.buckets.plan(op)])) });
  });

  router.get('/admin/amazon/stats', (_req, res) => {
    res.json({ ...state.stats, orders: state.orders.size, shipmentConfirmations: state.shipmentConfirmations, listingPatches: state.listingPatches, feeds: state.feeds });
  });

  return router;
}
