import express, { Router, type Request, type Response } from 'express';
import type { AmazonOrderBundle, SpOrder } from '../../channels/amazon/types';
import type { AmazonSimState, IssuedToken } from './amazonState';
import { fail, spAuthorizer } from './authorize';
import type { SpOperation } from './usagePlans';

/** Without a Restricted Data Token, getOrders shows only where an order goes, not to whom (Amazon's documented PII masking). */
function withoutPii(order: SpOrder): SpOrder {
  const { BuyerInfo: _buyer, ShippingAddress: address, ...rest } = order;
  if (!address) return rest;
  const { City, StateOrRegion, PostalCode, CountryCode } = address;
  return { ...rest, ShippingAddress: { City, StateOrRegion, PostalCode, CountryCode } };
}

function withPii(bundle: AmazonOrderBundle): SpOrder {
  const { order, address, buyerInfo } = bundle;
  return {
    ...order,
    ...(address?.ShippingAddress && { ShippingAddress: address.ShippingAddress }),
    ...(buyerInfo && { BuyerInfo: { BuyerEmail: buyerInfo.BuyerEmail, BuyerName: buyerInfo.BuyerName } }),
  };
}

interface PageKey {
  /** The query (without NextToken) the token continues, and the last order of the page before (keyset paging: an order updated meanwhile drops out without shifting the others). */
  query: Record<string, string>;
  after: [string, string];
}

const listParam = (v: unknown): string[] => (typeof v === 'string' ? v.split(',').filter(Boolean) : Array.isArray(v) ? v.map(String) : []);

/**
 * Orders v0 (getOrders, getOrder, getOrderItems, getOrderAddress, getOrderBuyerInfo, confirmShipment), Tokens
 * 2021-03-01 (createRestrictedDataToken), Listings Items 2021-08-01 (patchListingsItem) and Login
 * with Amazon's token endpoint, answering in the published shapes (`payload` envelope, ErrorList).
 */
export function spApiRoutes(state: AmazonSimState): Router {
  const router = Router();

  router.post('/auth/o2/token', express.urlencoded({ extended: false }), (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    if (body.grant_type !== 'refresh_token' || !body.refresh_token || !body.client_id || !body.client_secret) {
      res.status(400).json({ error: 'invalid_request', error_description: 'grant_type=refresh_token, refresh_token, client_id and client_secret are required' });
      return;
    }
    const ttl = state.config.tokenTtlSeconds;
    const token = state.issue('Atza', { seller: body.refresh_token, expiresAtMs: Date.now() + ttl * 1000 });
    res.json({ access_token: token, refresh_token: body.refresh_token, token_type: 'bearer', expires_in: ttl });
  });

  const authorize = spAuthorizer(state);

  const opens = (token: IssuedToken, path: string, element?: string) =>
    token.restricted?.some((r) => r.path === path && (element === undefined || (r.dataElements ?? []).includes(element))) ?? false;

  router.get('/orders/v0/orders', (req, res) => {
    const token = authorize('getOrders', req, res);
    if (!token) return;
    let query = Object.fromEntries(Object.entries(req.query).filter(([k]) => k !== 'NextToken')) as Record<string, string>;
    let after: [string, string] | undefined;
    if (typeof req.query.NextToken === 'string') {
      try {
        const key = JSON.parse(Buffer.from(req.query.NextToken, 'base64url').toString()) as PageKey;
        ({ query, after } = key);
      } catch {
        fail(res, 400, 'InvalidInput', 'Invalid NextToken.');
        return;
      }
    }
    const marketplaces = listParam(query.MarketplaceIds);
    if (marketplaces.length === 0) return fail(res, 400, 'InvalidInput', 'MarketplaceIds is required.');
    const byCreated = query.CreatedAfter !== undefined;
    const byUpdated = query.LastUpdatedAfter !== undefined;
    if (byCreated === byUpdated) return fail(res, 400, 'InvalidInput', 'Exactly one of CreatedAfter and LastUpdatedAfter is required.');
    const from = Date.parse(byCreated ? query.CreatedAfter : query.LastUpdatedAfter);
    const untilText = byCreated ? query.CreatedBefore : query.LastUpdatedBefore;
    const until = untilText === undefined ? Infinity : Date.parse(untilText);
    if (Number.isNaN(from) || Number.isNaN(until)) return fail(res, 400, 'InvalidInput', 'Dates must be ISO 8601.');
    const statuses = listParam(query.OrderStatuses);
    const pageSize = Math.min(state.config.maxPageSize, Number(query.MaxResultsPerPage ?? 100) || 100);

    const keyOf = (o: SpOrder): [string, string] => [(byCreated ? o.PurchaseDate : o.LastUpdateDate) ?? '', o.AmazonOrderId];
    const matching = [...state.orders.values()]
      .filter(({ order: o }) => {
        const t = Date.parse(keyOf(o)[0]);
        return marketplaces.includes(o.MarketplaceId ?? '') && t >= from && t <= until && (statuses.length === 0 || statuses.includes(o.OrderStatus ?? ''));
      })
      .sort((a, b) => compare(keyOf(a.order), keyOf(b.order)))
      .filter(({ order: o }) => after === undefined || compare(keyOf(o), after) > 0);
    const page = matching.slice(0, pageSize);
    const pii = opens(token, '/orders/v0/orders', 'shippingAddress');
    const orders = page.map((b) => (pii ? withPii(b) : withoutPii(b.order)));
    const last = page[page.length - 1];
    const nextToken = matching.length > pageSize && last ? Buffer.from(JSON.stringify({ query, after: keyOf(last.order) } satisfies PageKey)).toString('base64url') : undefined;
    res.json({
      payload: {
        Orders: orders,
        ...(nextToken && { NextToken: nextToken }),
        ...(byCreated ? { CreatedBefore: new Date().toISOString() } : { LastUpdatedBefore: new Date().toISOString() }),
      },
    });
  });

  const findOrder = (req: Request, res: Response): AmazonOrderBundle | undefined => {
    const bundle = state.orders.get(String(req.params.orderId));
    if (!bundle) fail(res, 404, 'NotFound', `Order ${String(req.params.orderId)} not found.`);
    return bundle;
  };

  router.get('/orders/v0/orders/:orderId', (req, res) => {
    const token = authorize('getOrder', req, res);
    if (!token) return;
    const bundle = findOrder(req, res);
    if (!bundle) return;
    const pii = opens(token, '/orders/v0/orders/{orderId}', 'shippingAddress') || opens(token, `/orders/v0/orders/${bundle.order.AmazonOrderId}`, 'shippingAddress');
    res.json({ payload: pii ? withPii(bundle) : withoutPii(bundle.order) });
  });

  router.get('/orders/v0/orders/:orderId/orderItems', (req, res) => {
    if (!authorize('getOrderItems', req, res)) return;
    const bundle = findOrder(req, res);
    if (bundle) res.json({ payload: { AmazonOrderId: bundle.order.AmazonOrderId, OrderItems: bundle.items } });
  });

  const restrictedRoute = (suffix: 'address' | 'buyerInfo', operation: SpOperation, answer: (b: AmazonOrderBundle) => unknown) =>
    router.get(`/orders/v0/orders/:orderId/${suffix}`, (req, res) => {
      const token = authorize(operation, req, res);
      if (!token) return;
      if (
        !opens(token, `/orders/v0/orders/${String(req.params.orderId)}/${suffix}`) &&
        !opens(token, '/orders/v0/orders', suffix === 'address' ? 'shippingAddress' : 'buyerInfo')
      ) {
        fail(res, 403, 'Unauthorized', 'Access to requested resource is denied.', 'A Restricted Data Token is required for personal information.');
        return;
      }
      const bundle = findOrder(req, res);
      if (bundle) res.json({ payload: answer(bundle) });
    });
  restrictedRoute('address', 'getOrderAddress', (b) => ({
    AmazonOrderId: b.order.AmazonOrderId,
    ...(b.address?.ShippingAddress && { ShippingAddress: b.address.ShippingAddress }),
  }));
  restrictedRoute('buyerInfo', 'getOrderBuyerInfo', (b) => ({ AmazonOrderId: b.order.AmazonOrderId, ...b.buyerInfo }));

  router.post('/tokens/2021-03-01/restrictedDataToken', (req, res) => {
    const token = authorize('createRestrictedDataToken', req, res);
    if (!token) return;
    const resources = (req.body as { restrictedResources?: unknown })?.restrictedResources;
    if (!Array.isArray(resources) || resources.length === 0 || resources.length > 50) return fail(res, 400, 'InvalidInput', 'restrictedResources: 1 to 50 resources are required.');
    if (state.config.rdtDenied)
      return fail(res, 403, 'Unauthorized', 'Access to requested resource is denied.', 'The application is not authorized for personally identifiable information.');
    const restricted = resources.map((r: { method?: string; path?: string; dataElements?: string[] }) => ({ path: String(r.path), dataElements: r.dataElements }));
    const ttl = Math.min(3600, state.config.tokenTtlSeconds);
    const rdt = state.issue('Atz.sprdt', { seller: token.seller, expiresAtMs: Date.now() + ttl * 1000, restricted });
    res.json({ restrictedDataToken: rdt, expiresIn: ttl });
  });

  router.post('/orders/v0/orders/:orderId/shipmentConfirmation', (req, res) => {
    if (!authorize('confirmShipment', req, res)) return;
    const bundle = findOrder(req, res);
    if (!bundle) return;
    const problem = confirmShipmentProblem(req.body, bundle);
    if (problem) return fail(res, 400, 'InvalidInput', problem);
    state.shipmentConfirmations.push({ orderId: bundle.order.AmazonOrderId, body: req.body });
    markShipped(state, bundle, (req.body as { packageDetail: { orderItems: { orderItemId: string; quantity: number }[] } }).packageDetail.orderItems);
    res.status(204).end();
  });

  router.patch('/listings/2021-08-01/items/:sellerId/:sku', (req, res) => {
    if (!authorize('patchListingsItem', req, res)) return;
    const body = req.body as { productType?: unknown; patches?: unknown };
    const marketplaceIds = listParam(req.query.marketplaceIds);
    if (marketplaceIds.length === 0) return fail(res, 400, 'InvalidInput', 'marketplaceIds is required.');
    if (typeof body?.productType !== 'string' || !Array.isArray(body.patches) || body.patches.length === 0) {
      return fail(res, 400, 'InvalidInput', 'productType and at least one patch are required.');
    }
    state.listingPatches.push({ sellerId: String(req.params.sellerId), sku: String(req.params.sku), marketplaceIds, body });
    res.json({ sku: String(req.params.sku), status: 'ACCEPTED', submissionId: `sim-${state.listingPatches.length}`, issues: [] });
  });

  return router;
}

function compare(a: [string, string], b: [string, string]): number {
  return a[0] === b[0] ? a[1].localeCompare(b[1]) : Date.parse(a[0]) - Date.parse(b[0]) || a[0].localeCompare(b[0]);
}

/** The model's ConfirmShipmentRequest: marketplaceId, packageDetail with packageReferenceId, carrierCode, trackingNumber, shipDate and orderItems of this order. */
function confirmShipmentProblem(body: unknown, bundle: AmazonOrderBundle): string | undefined {
  const b = body as { marketplaceId?: unknown; packageDetail?: Record<string, unknown> };
  if (typeof b?.marketplaceId !== 'string') return 'marketplaceId is required.';
  const p = b.packageDetail;
  if (!p) return 'packageDetail is required.';
  for (const field of ['packageReferenceId', 'carrierCode', 'trackingNumber', 'shipDate']) if (typeof p[field] !== 'string') return `packageDetail.${field} is required.`;
  if (!/^[1-9]\d*$/.test(p.packageReferenceId as string)) return 'packageDetail.packageReferenceId: only positive numeric values are supported.';
  if (p.carrierCode === 'Other' && typeof p.carrierName !== 'string') return 'packageDetail.carrierName is required when carrierCode is Other.';
  if (bundle.order.FulfillmentChannel === 'AFN') return 'The order is fulfilled by Amazon.';
  if (bundle.order.OrderStatus === 'Canceled') return 'The order is canceled.';
  if (!Array.isArray(p.orderItems) || p.orderItems.length === 0) return 'packageDetail.orderItems is required.';
  for (const ref of p.orderItems as { orderItemId?: unknown; quantity?: unknown }[]) {
    const item = bundle.items.find((i) => i.OrderItemId === String(ref.orderItemId));
    if (!item) return `orderItemId ${String(ref.orderItemId)} is not an item of this order.`;
    const unshipped = item.QuantityOrdered - (item.QuantityShipped ?? 0);
    if (!Number.isInteger(ref.quantity) || (ref.quantity as number) < 1 || (ref.quantity as number) > unshipped)
      return `quantity of orderItemId ${item.OrderItemId} must be 1 to ${unshipped} (the units not shipped yet).`;
  }
  return undefined;
}

/** Amazon's view after a confirmation: the items' QuantityShipped, the order PartiallyShipped or Shipped, LastUpdateDate moved. */
function markShipped(state: AmazonSimState, bundle: AmazonOrderBundle, refs: { orderItemId: string; quantity: number }[]): void {
  const items = bundle.items.map((i) => {
    const shipped = refs.filter((r) => r.orderItemId === i.OrderItemId).reduce((s, r) => s + r.quantity, 0);
    return shipped ? { ...i, QuantityShipped: (i.QuantityShipped ?? 0) + shipped } : i;
  });
  const all = items.every((i) => (i.QuantityShipped ?? 0) >= i.QuantityOrdered);
  state.upsert({ ...bundle, items, order: { ...bundle.order, OrderStatus: all ? 'Shipped' : 'PartiallyShipped' } });
}
