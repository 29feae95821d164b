// What the hub sends eBay, checked against the schemas of eBay's published OpenAPI documents
// (test/fixtures/ebay/models, see test/fixtures/README.md), then sent through the client to the simulator.
import { bulkPriceQuantityRequests, issueRefundRequest, shippingFulfillmentRequest } from '../../../src/channels/ebay/outbound';
import { createEbayClient, EbayApiError } from '../../../src/channels/ebay/client';
import { startSimulators, type RunningSimulators } from '../../../src/simulators';
import { openApiProblems } from '../../support/openApiSchema';
import fulfillmentModel from '../../fixtures/ebay/models/sell_fulfillment_v1.schemas.json';
import inventoryModel from '../../fixtures/ebay/models/sell_inventory_v1.schemas.json';
import cancelRequested from '../../fixtures/ebay/cancel-requested.json';

const parcel = { carrier: 'UPS', trackingNumber: '1Z 999 AA1 0123456784', shippedAt: new Date('2026-11-30T10:00:00Z'), lines: [{ channelLineId: '10081234500004', quantity: 1 }] };
const model = fulfillmentModel as never;

describe('eBay outbound request shapes', () => {
  it('a parcel is a ShippingFulfillmentDetails naming eBay’s line item ids', () => {
    const body = shippingFulfillmentRequest(parcel);
    expect(openApiProblems(model, 'ShippingFulfillmentDetails', body, { closed: true })).toEqual([]);
    expect(body).toEqual({
      lineItems: [{ lineItemId: '10081234500004', quantity: 1 }],
      shippedDate: '2026-11-30T10:00:00.000Z',
      shippingCarrierCode: 'UPS',
      trackingNumber: '1Z999AA10123456784',
    });
  });

  it('a refund is an IssueRefundRequest, by line or for the order', () => {
    const byLine = issueRefundRequest('USD', 'cancel', { lines: [{ channelLineId: '10081234500004', amountMinor: 24985 }] }, 'cancelled in the hub');
    expect(openApiProblems(model, 'IssueRefundRequest', byLine, { closed: true })).toEqual([]);
    expect(byLine.refundItems).toEqual([{ lineItemId: '10081234500004', refundAmount: { value: '249.85', currency: 'USD' } }]);
    const whole = issueRefundRequest('USD', 'other', { orderAmountMinor: 100 });
    expect(openApiProblems(model, 'IssueRefundRequest', whole, { closed: true })).toEqual([]);
    expect(whole).toEqual({ reasonForRefund: 'OTHER', orderLevelRefundAmount: { value: '1.00', currency: 'USD' } });
  });

  it('stock is BulkPriceQuantity by SKU and/or offer, 25 requests a call', () => {
    const listings = Array.from({ length: 30 }, (_, i) => ({ channelSku: `SKU-${i}`, ...(i % 2 === 0 && { offerId: `${9000 + i}` }), quantity: i }));
    const batches = bulkPriceQuantityRequests([...listings, { quantity: 3 }]);
    expect(batches.map((b) => b.requests.length)).toEqual([25, 5]);
    for (const b of batches) expect(openApiProblems(inventoryModel as never, 'BulkPriceQuantity', b, { closed: true })).toEqual([]);
    expect(batches[0].requests[0]).toEqual({ sku: 'SKU-0', shipToLocationAvailability: { quantity: 0 }, offers: [{ offerId: '9000', availableQuantity: 0 }] });
  });

  it('the checker catches a wrong shape', () => {
    expect(
      openApiProblems(
        model,
        'ShippingFulfillmentDetails',
        { ...shippingFulfillmentRequest(parcel), carrier: 'UPS', lineItems: [{ lineItemId: 1, quantity: 1 }] },
        { closed: true },
      ),
    ).toEqual(['ShippingFulfillmentDetails.lineItems[0].lineItemId: expected string, got integer', 'ShippingFulfillmentDetails.carrier: not in the document']);
  });

  describe('through the client to the simulator', () => {
    let sim: RunningSimulators;
    const credentials = { clientId: 'Sim-App-PRD-1', clientSecret: 'PRD-secret', refreshToken: 'v^1.1#outbound-seller' };
    beforeAll(async () => {
      sim = await startSimulators({ port: 0 });
      await fetch(`${sim.url}/admin/ebay/orders?seller=${encodeURIComponent(credentials.refreshToken)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(cancelRequested),
      });
    });
    afterAll(() => sim.stop());
    const client = () => createEbayClient({ endpoints: { apiUrl: sim.url, tokenUrl: `${sim.url}/identity/v1/oauth2/token` }, credentials, refreshBeforeMs: 1000 });
    const journal = async (operation: string) => (await (await fetch(`${sim.url}/admin/ebay/journal?operation=${operation}`)).json()) as { status: number; body: unknown }[];

    it('ships, refunds and sets stock; eBay refuses a line that is not the order’s', async () => {
      const c = client();
      expect(await c.createShippingFulfillment(cancelRequested.orderId, shippingFulfillmentRequest(parcel))).toMatch(/^SIM/);
      await c.issueRefund(cancelRequested.orderId, issueRefundRequest('USD', 'other', { lines: [{ channelLineId: '10081234500004', amountMinor: 1000 }] }));
      const [batch] = bulkPriceQuantityRequests([{ channelSku: 'EBAY-SAMPLE-4', quantity: 7 }]);
      expect((await c.bulkUpdatePriceQuantity(batch)).responses).toEqual([{ sku: 'EBAY-SAMPLE-4', statusCode: 200 }]);
      expect((await journal('createShippingFulfillment')).map((e) => e.status)).toEqual([201]);
      expect((await journal('issueRefund')).map((e) => e.status)).toEqual([200]);
      const order = (await c.getOrder(cancelRequested.orderId)) as { orderFulfillmentStatus?: string; orderPaymentStatus?: string };
      expect(order).toMatchObject({ orderFulfillmentStatus: 'FULFILLED', orderPaymentStatus: 'PARTIALLY_REFUNDED' });
      await expect(
        c.createShippingFulfillment(cancelRequested.orderId, shippingFulfillmentRequest({ ...parcel, lines: [{ channelLineId: 'nope', quantity: 1 }] })),
      ).rejects.toThrow(/createShippingFulfillment: 400/);
    });

    it('refreshes the access token before it expires, and once more when eBay refuses it', async () => {
      await fetch(`${sim.url}/admin/ebay/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tokenTtlSeconds: 2 }) });
      const stats = async () => (await (await fetch(`${sim.url}/admin/ebay/stats`)).json()) as { tokensIssued: number; expiredTokenCalls: number };
      const c = client();
      const first = await c.accessToken(true);
      await new Promise((r) => setTimeout(r, 1100)); // within refreshBeforeMs of expiry
      const before = await stats();
      await c.getOrder(cancelRequested.orderId);
      expect(await c.accessToken()).not.toBe(first);
      expect((await stats()).expiredTokenCalls).toBe(before.expiredTokenCalls);
      // eBay revokes every token early: one 401, one fresh token, the call goes through.
      await fetch(`${sim.url}/admin/ebay/config`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tokenTtlSeconds: 7200, expireTokens: true }),
      });
      await expect(c.getOrder(cancelRequested.orderId)).resolves.toMatchObject({ orderId: cancelRequested.orderId });
      expect((await stats()).expiredTokenCalls).toBe(before.expiredTokenCalls + 1);
    });

    it('a 429 carries eBay’s Retry-After', async () => {
      await fetch(`${sim.url}/admin/ebay/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ throttle: 1 }) });
      const err = await client()
        .getOrder(cancelRequested.orderId)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EbayApiError);
      expect(err).toMatchObject({ status: 429, retryAfterMs: 1000 });
    });
  });
});
