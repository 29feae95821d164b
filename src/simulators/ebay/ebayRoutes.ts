import express, { Router, type Request, type Response } from 'express';
import type { EbayOrder } from '../../channels/ebay/types';
import type { EbayApi, EbaySimState, IssuedToken } from './ebayState';

/** eBay's error container ({errors: [ErrorDetailV3]}). */
function fail(res: Response, status: number, errorId: number, domain: string, message: string, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ errorId, domain, category: status >= 500 ? 'APPLICATION' : 'REQUEST', message, ...extra }] });
}

const REFUND_REASONS = ['BUYER_CANCEL', 'BUYER_RETURN', 'ITEM_NOT_RECEIVED', 'SELLER_WRONG_ITEM', 'SELLER_OUT_OF_STOCK', 'SELLER_FOUND_CHEAPER_PRICE', 'OTHER'];
const WINDOW = /^(creationdate|lastmodifieddate):\[([^\]]*?)\.\.([^\]]*)\]$/;

/** getOrders' filter: `lastmodifieddate:[from..to]` or `creationdate:[from..]` (either end may be open), comma-separated with others. */
function parseFilter(filter: string | undefined): { field: 'creationDate' | 'lastModifiedDate'; from?: number; to?: number } | string | undefined {
  if (!filter) return undefined;
  const windows = filter
    .split(',')
    .map((part) => WINDOW.exec(part.trim()))
    .filter((m) => m !== null);
  if (windows.length === 0) return undefined;
  const [, name, from, to] = windows[0]!;
  const fromMs = from ? Date.parse(from) : undefined;
  const toMs = to ? Date.parse(to) : undefined;
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return `the ${name} filter's timestamps must be ISO 8601 (YYYY-MM-DDThh:mm:ss.sssZ)`;
  return { field: name === 'creationdate' ? 'creationDate' : 'lastModifiedDate', from: fromMs, to: toMs };
}

/** What getOrders shows: the document says cancelRequests is always empty there (getOrder has them). */
function asListed(order: EbayOrder): EbayOrder {
  return order.cancelStatus ? { ...order, cancelStatus: { ...order.cancelStatus, cancelRequests: [] } } : order;
}

/**
 * The Sell Fulfillment API (getOrders, getOrder, createShippingFulfillment, getShippingFulfillments, issueRefund), the Sell
 * Inventory API's bulkUpdatePriceQuantity and the OAuth token endpoint (refresh_token grant), in
 * eBay's shapes. Every call: faults, then the user access token, then the user's daily call limit.
 */
export function ebayApiRoutes(state: EbaySimState): Router {
  const router = Router();

  router.post('/identity/v1/oauth2/token', express.urlencoded({ extended: false }), (req, res) => {
    state.count('token');
    const body = req.body as Record<string, string | undefined>;
    const basic = req.get('authorization') ?? '';
    if (!/^Basic [A-Za-z0-9+/=]+$/.test(basic) || !Buffer.from(basic.slice(6), 'base64').toString().includes(':')) {
      res.status(401).json({ error: 'invalid_client', error_description: 'client authentication failed' });
      return;
    }
    if (body.grant_type !== 'refresh_token' || !body.refresh_token) {
      res.status(400).json({ error: 'invalid_request', error_description: 'grant_type=refresh_token and refresh_token are required' });
      return;
    }
    const { token, ttl } = state.issueToken(body.refresh_token);
    res.json({ access_token: token, expires_in: ttl, token_type: 'User Access Token' });
  });

  const authorize = (api: EbayApi, operation: string, req: Request, res: Response): IssuedToken | undefined => {
    state.count(operation);
    if (state.pending503 > 0) {
      state.pending503--;
      state.stats.injected503++;
      fail(res, 503, 2003, 'ACCESS', 'There was a problem with an eBay internal system or process. Contact eBay developer support for assistance.');
      return undefined;
    }
    if (state.pending429 > 0) {
      state.pending429--;
      state.stats.injected429++;
      res.set('Retry-After', '1');
      fail(res, 429, 2001, 'ACCESS', 'Too many requests. The request limit has been reached for the resource.');
      return undefined;
    }
    const header = req.get('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? state.tokens.get(header.slice(7)) : undefined;
    if (!token || token.expiresAtMs <= Date.now()) {
      if (token) state.stats.expiredTokenCalls++;
      fail(res, 401, 1001, 'OAuth', 'Invalid access token', { longMessage: 'Invalid access token. Check the value of the Authorization HTTP request header.' });
      return undefined;
    }
    if (!state.take(token.user, api)) {
      state.stats.overLimit++;
      res.set('Retry-After', String(state.retryAfterSeconds(api)));
      fail(res, 429, 2001, 'ACCESS', 'Too many requests. The request limit has been reached for the resource.');
      return undefined;
    }
    return token;
  };

  router.get('/sell/fulfillment/v1/order', (req, res) => {
    const token = authorize('fulfillment', 'getOrders', req, res);
    if (!token) return;
    const q = req.query as Record<string, string | undefined>;
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    const offset = q.offset === undefined ? 0 : Number(q.offset);
    if (!Number.isInteger(limit) || limit < 1 || limit > state.config.maxLimit)
      return void fail(res, 400, 30700, 'API_FULFILLMENT', `The limit must be between 1 and ${state.config.maxLimit}.`);
    if (!Number.isInteger(offset) || offset < 0) return void fail(res, 400, 30700, 'API_FULFILLMENT', 'The offset must be a whole number of at least 0.');
    let orders: EbayOrder[];
    if (q.orderIds) {
      orders = q.orderIds
        .split(',')
        .map((id) => state.orderOf(token.user, id.trim()))
        .filter((o): o is EbayOrder => o !== undefined);
    } else {
      const window = parseFilter(q.filter);
      if (typeof window === 'string') return void fail(res, 400, 30800, 'API_FULFILLMENT', window);
      orders = state.ordersOf(token.user).filter((o) => {
        if (!window) return true;
        const at = Date.parse(o[window.field] ?? '');
        return (window.from === undefined || at >= window.from) && (window.to === undefined || at <= window.to);
      });
      orders.sort((a, b) => Date.parse(a.lastModifiedDate ?? '') - Date.parse(b.lastModifiedDate ?? '') || a.orderId.localeCompare(b.orderId));
    }
    const base = `${req.protocol}://${req.get('host')}/sell/fulfillment/v1/order`;
    const link = (o: number) => {
      const params = new URLSearchParams({ ...(q.filter && { filter: q.filter }), ...(q.orderIds && { orderIds: q.orderIds }), limit: String(limit), offset: String(o) });
      return `${base}?${params.toString()}`;
    };
    const page = orders.slice(offset, offset + limit);
    state.record({ operation: 'getOrders', status: 200, body: { filter: q.filter, limit, offset, returned: page.length, total: orders.length } });
    res.json({
      href: link(offset),
      total: orders.length,
      limit,
      offset,
      ...(offset + limit < orders.length && { next: link(offset + limit) }),
      ...(offset > 0 && { prev: link(Math.max(0, offset - limit)) }),
      orders: page.map(asListed),
    });
  });

  router.get('/sell/fulfillment/v1/order/:orderId', (req, res) => {
    const token = authorize('fulfillment', 'getOrder', req, res);
    if (!token) return;
    const order = state.orderOf(token.user, req.params.orderId);
    if (!order) return void fail(res, 404, 32100, 'API_FULFILLMENT', 'Order not found.');
    res.json(order);
  });

  router.post('/sell/fulfillment/v1/order/:orderId/shipping_fulfillment', (req, res) => {
    const token = authorize('fulfillment', 'createShippingFulfillment', req, res);
    if (!token) return;
    const order = state.orderOf(token.user, req.params.orderId);
    if (!order) return void fail(res, 404, 32100, 'API_FULFILLMENT', 'Order not found.');
    const body = req.body as { lineItems?: { lineItemId?: unknown; quantity?: unknown }[]; shippingCarrierCode?: unknown; trackingNumber?: unknown; shippedDate?: unknown };
    const problem = fulfillmentProblem(order, body);
    if (problem) {
      state.record({ operation: 'createShippingFulfillment', status: 400, orderId: order.orderId, body });
      return void fail(res, 400, 32400, 'API_FULFILLMENT', problem);
    }
    for (const ref of body.lineItems!) {
      const line = order.lineItems!.find((l) => l.lineItemId === ref.lineItemId)!;
      line.lineItemFulfillmentStatus = 'FULFILLED';
    }
    const allShipped = order.lineItems!.every((l) => l.lineItemFulfillmentStatus === 'FULFILLED');
    order.orderFulfillmentStatus = allShipped ? 'FULFILLED' : 'IN_PROGRESS';
    state.touch(order);
    const fulfillmentId = state.nextFulfillmentId();
    const shippedDate = typeof body.shippedDate === 'string' ? body.shippedDate : new Date().toISOString();
    const stored = {
      fulfillmentId,
      lineItems: body.lineItems!,
      shipmentTrackingNumber: String(body.trackingNumber),
      shippedDate,
      shippingCarrierCode: String(body.shippingCarrierCode),
    };
    state.fulfillments.set(order.orderId, [...(state.fulfillments.get(order.orderId) ?? []), stored]);
    state.record({ operation: 'createShippingFulfillment', status: 201, orderId: order.orderId, body });
    res.status(201).location(`/sell/fulfillment/v1/order/${order.orderId}/shipping_fulfillment/${fulfillmentId}`).json({});
  });

  // getShippingFulfillments: what a client reads before shipping again (eBay takes no idempotency key).
  router.get('/sell/fulfillment/v1/order/:orderId/shipping_fulfillment', (req, res) => {
    const token = authorize('fulfillment', 'getShippingFulfillments', req, res);
    if (!token) return;
    const order = state.orderOf(token.user, req.params.orderId);
    if (!order) return void fail(res, 404, 32100, 'API_FULFILLMENT', 'Order not found.');
    const fulfillments = state.fulfillments.get(order.orderId) ?? [];
    res.json({ fulfillments, total: fulfillments.length });
  });

  router.post('/sell/fulfillment/v1/order/:orderId/issue_refund', (req, res) => {
    const token = authorize('fulfillment', 'issueRefund', req, res);
    if (!token) return;
    const order = state.orderOf(token.user, req.params.orderId);
    if (!order) return void fail(res, 404, 32100, 'API_FULFILLMENT', 'Order not found.');
    const body = req.body as {
      reasonForRefund?: unknown;
      comment?: unknown;
      refundItems?: { lineItemId?: unknown; refundAmount?: { value?: unknown; currency?: unknown } }[];
      orderLevelRefundAmount?: { value?: unknown; currency?: unknown };
    };
    const problem = refundProblem(order, body);
    if (problem) {
      state.record({ operation: 'issueRefund', status: 400, orderId: order.orderId, body });
      return void fail(res, 400, 32800, 'API_FULFILLMENT', problem);
    }
    const amounts = body.orderLevelRefundAmount ? [body.orderLevelRefundAmount] : body.refundItems!.map((r) => r.refundAmount!);
    const cents = amounts.reduce((s, a) => s + Math.round(Number(a.value) * 100), 0);
    const currency = String(amounts[0]!.currency);
    const refundId = state.nextRefundId();
    const summary = (order.paymentSummary ??= {});
    summary.refunds = [
      ...(summary.refunds ?? []),
      { refundId, refundDate: new Date().toISOString(), refundStatus: 'PENDING', amount: { value: (cents / 100).toFixed(2), currency } },
    ];
    const refunded = summary.refunds.reduce((s, r) => s + Math.round(Number(r.amount?.value ?? 0) * 100), 0);
    const paid = Math.round(Number(order.pricingSummary?.total?.value ?? 0) * 100);
    order.orderPaymentStatus = refunded >= paid ? 'FULLY_REFUNDED' : 'PARTIALLY_REFUNDED';
    state.touch(order);
    state.record({ operation: 'issueRefund', status: 200, orderId: order.orderId, body });
    res.json({ refundId, refundStatus: 'PENDING' });
  });

  router.post('/sell/inventory/v1/bulk_update_price_quantity', (req, res) => {
    if (!authorize('inventory', 'bulkUpdatePriceQuantity', req, res)) return;
    const body = req.body as { requests?: { sku?: unknown; offers?: { offerId?: unknown; availableQuantity?: unknown }[]; shipToLocationAvailability?: { quantity?: unknown } }[] };
    const requests = body?.requests;
    if (!Array.isArray(requests) || requests.length === 0 || requests.length > 25) {
      state.record({ operation: 'bulkUpdatePriceQuantity', status: 400, body });
      return void fail(res, 400, 25709, 'API_INVENTORY', 'requests must hold 1 to 25 entries.');
    }
    const responses = requests.map((r) => {
      const ok =
        (typeof r.sku === 'string' || (Array.isArray(r.offers) && r.offers.length > 0)) &&
        (r.offers ?? []).every((o) => typeof o.offerId === 'string' && Number.isInteger(o.availableQuantity) && (o.availableQuantity as number) >= 0) &&
        (r.shipToLocationAvailability === undefined || (Number.isInteger(r.shipToLocationAvailability.quantity) && (r.shipToLocationAvailability.quantity as number) >= 0));
      return { ...(typeof r.sku === 'string' && { sku: r.sku }), ...(r.offers?.[0] && { offerId: r.offers[0].offerId }), statusCode: ok ? 200 : 400 };
    });
    state.record({ operation: 'bulkUpdatePriceQuantity', status: 200, body });
    res.json({ responses });
  });

  return router;
}

function fulfillmentProblem(
  order: EbayOrder,
  body: { lineItems?: { lineItemId?: unknown; quantity?: unknown }[]; shippingCarrierCode?: unknown; trackingNumber?: unknown; shippedDate?: unknown },
): string | undefined {
  if (!Array.isArray(body.lineItems) || body.lineItems.length === 0) return 'lineItems must name at least one line item.';
  for (const ref of body.lineItems) {
    const line = order.lineItems?.find((l) => l.lineItemId === ref.lineItemId);
    if (!line) return `lineItemId ${String(ref.lineItemId)} is not a line item of order ${order.orderId}.`;
    if (!Number.isInteger(ref.quantity) || (ref.quantity as number) < 1 || (ref.quantity as number) > (line.quantity ?? 1))
      return `quantity of line item ${line.lineItemId} must be 1 to ${line.quantity ?? 1}.`;
  }
  if (typeof body.shippingCarrierCode !== 'string' || body.shippingCarrierCode === '') return 'shippingCarrierCode is required.';
  if (typeof body.trackingNumber !== 'string' || !/^[A-Za-z0-9]+$/.test(body.trackingNumber)) return 'trackingNumber is required (letters and digits only).';
  if (body.shippedDate !== undefined && (typeof body.shippedDate !== 'string' || Number.isNaN(Date.parse(body.shippedDate)))) return 'shippedDate must be an ISO 8601 time.';
  return undefined;
}

function refundProblem(
  order: EbayOrder,
  body: {
    reasonForRefund?: unknown;
    refundItems?: { lineItemId?: unknown; refundAmount?: { value?: unknown; currency?: unknown } }[];
    orderLevelRefundAmount?: { value?: unknown; currency?: unknown };
  },
): string | undefined {
  if (typeof body.reasonForRefund !== 'string' || !REFUND_REASONS.includes(body.reasonForRefund)) return `reasonForRefund must be one of ${REFUND_REASONS.join(', ')}.`;
  if ((body.refundItems === undefined) === (body.orderLevelRefundAmount === undefined)) return 'give refundItems or orderLevelRefundAmount (one of them).';
  const currency = order.pricingSummary?.total?.currency;
  const amountProblem = (a: { value?: unknown; currency?: unknown } | undefined, where: string) =>
    !a || typeof a.value !== 'string' || !/^\d+(\.\d{1,2})?$/.test(a.value) || a.currency !== currency ? `${where} must be {value: "12.34", currency: "${currency}"}.` : undefined;
  if (body.orderLevelRefundAmount) return amountProblem(body.orderLevelRefundAmount, 'orderLevelRefundAmount');
  if (!Array.isArray(body.refundItems) || body.refundItems.length === 0) return 'refundItems must name at least one line item.';
  for (const item of body.refundItems) {
    if (!order.lineItems?.some((l) => l.lineItemId === item.lineItemId)) return `lineItemId ${String(item.lineItemId)} is not a line item of order ${order.orderId}.`;
    const p = amountProblem(item.refundAmount, 'refundAmount');
    if (p) return p;
  }
  return undefined;
}
