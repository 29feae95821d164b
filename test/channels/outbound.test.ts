import { cancellationRequest, dialectOf, refundRequest, shipmentConfirmation } from '../../src/channels/outbound';
import { amazon, ebay, shopify } from '../../src/simulators/channelDialects';

const shipment = { shipmentId: 'shp-1', items: [{ sku: 'TEE-BLK-M', quantity: 2 }], carrier: 'simcarrier', trackingNumber: 'SIM123' };
const shippedAt = new Date('2024-05-16T10:00:00Z');
const notice = (channel: string, externalId = 'EXT/1') => ({ channel, externalId, orderId: 'ord-1', shipment, shippedAt });

test('channels map to dialects; unknown ones keep the generic format', () => {
  expect(['webstore', 'amazon', 'ebay', 'pos', 'etsy', '__proto__'].map(dialectOf)).toEqual(['shopify', 'amazon', 'ebay', 'pos', 'generic', 'generic']);
});

describe('shipment confirmation', () => {
  test('Amazon-like confirmShipment', () => {
    const r = shipmentConfirmation(notice('amazon', '113-1'))!;
    expect(r.path).toBe('/amazon/orders/113-1/shipment-confirmation');
    expect(r.body).toEqual({
      AmazonOrderId: '113-1',
      PackageDetail: {
        PackageReferenceId: 'shp-1',
        CarrierCode: 'Other',
        CarrierName: 'simcarrier',
        TrackingNumber: 'SIM123',
        ShipDate: '2024-05-16T10:00:00.000Z',
        OrderItems: [{ SellerSKU: 'TEE-BLK-M', Quantity: 2 }],
      },
    });
    expect(() => amazon.shipmentConfirmation(r.body, '113-1')).not.toThrow();
    const ups = shipmentConfirmation({ ...notice('amazon', '113-1'), shipment: { ...shipment, carrier: 'ups' } })!;
    expect(ups.body.PackageDetail).toMatchObject({ CarrierCode: 'UPS' });
    expect(ups.body.PackageDetail).not.toHaveProperty('CarrierName');
  });

  test('Shopify-like fulfillment', () => {
    const r = shipmentConfirmation(notice('webstore', '5839'))!;
    expect(r.path).toBe('/webstore/admin/orders/5839/fulfillments.json');
    expect(r.body).toEqual({
      fulfillment: {
        notify_customer: true,
        tracking_info: { number: 'SIM123', company: 'simcarrier' },
        line_items_by_fulfillment_order: [{ fulfillment_order_id: '5839', fulfillment_order_line_items: [{ sku: 'TEE-BLK-M', quantity: 2 }] }],
      },
    });
    expect(() => shopify.fulfillment(r.body)).not.toThrow();
  });

  test('eBay-like shipping_fulfillment', () => {
    const r = shipmentConfirmation(notice('ebay', '12-1'))!;
    expect(r.path).toBe('/ebay/order/12-1/shipping_fulfillment');
    expect(r.body).toEqual({
      lineItems: [{ sku: 'TEE-BLK-M', quantity: 2 }],
      shippedDate: '2024-05-16T10:00:00.000Z',
      shippingCarrierCode: 'simcarrier',
      trackingNumber: 'SIM123',
    });
    expect(() => ebay.shippingFulfillment(r.body)).not.toThrow();
  });

  test('point of sale: none; other channels: the generic body, path parts encoded', () => {
    expect(shipmentConfirmation(notice('pos'))).toBeNull();
    const r = shipmentConfirmation(notice('etsy', 'EXT/1'))!;
    expect(r.path).toBe('/etsy/orders/EXT%2F1/fulfillments');
    expect(r.body).toEqual({ orderId: 'ord-1', trackingNumber: 'SIM123', carrier: 'simcarrier', lines: shipment.items });
  });
});

describe('refunds and cancellations', () => {
  const refund = (channel: string, reason = 'insufficient_stock') => refundRequest({ channel, externalId: 'X1', orderId: 'ord-1', amountMinor: 4497, currency: 'USD', reason });
  const cancel = (channel: string, reason = 'insufficient_stock') => cancellationRequest({ channel, externalId: 'X1', orderId: 'ord-1', reason });

  test('money is a decimal string in every dialect', () => {
    expect(refund('amazon').body).toEqual({
      AmazonOrderId: 'X1',
      AdjustmentReason: 'NoInventory',
      AdjustedAmount: { CurrencyCode: 'USD', Amount: '44.97' },
      SellerNote: 'insufficient_stock',
    });
    expect(refund('webstore').body).toEqual({ refund: { currency: 'USD', notify: true, note: 'insufficient_stock', transactions: [{ kind: 'refund', amount: '44.97' }] } });
    expect(refund('ebay', 'customer changed their mind').body).toEqual({
      reasonForRefund: 'BUYER_CANCEL',
      comment: 'customer changed their mind',
      orderLevelRefundAmount: { value: '44.97', currency: 'USD' },
    });
    expect(refund('pos')).toMatchObject({ path: '/pos/orders/X1/refunds', body: { orderId: 'ord-1', amount: '44.97', currency: 'USD' } });
    expect(() => amazon.adjustment(refund('amazon').body, 'X1')).not.toThrow();
    expect(() => shopify.refund(refund('webstore').body)).not.toThrow();
    expect(() => ebay.issueRefund(refund('ebay').body)).not.toThrow();
  });

  test("cancel reasons in each channel's vocabulary", () => {
    expect(cancel('amazon', 'payment_timeout')).toMatchObject({ path: '/amazon/orders/X1/cancellation', body: { CancelReason: 'GeneralAdjustment' } });
    expect(cancel('webstore', 'payment_failed')).toMatchObject({ path: '/webstore/admin/orders/X1/cancel.json', body: { reason: 'declined', email: true } });
    expect(cancel('webstore', 'backorder_timeout').body.reason).toBe('inventory');
    expect(cancel('ebay', 'address undeliverable')).toMatchObject({ path: '/ebay/order/X1/cancellation', body: { legacyOrderId: 'X1', cancelReason: 'ADDRESS_ISSUES' } });
    expect(cancel('etsy')).toEqual({ dialect: 'generic', path: '/etsy/orders/X1/cancellations', body: { orderId: 'ord-1', reason: 'insufficient_stock' } });
    for (const reason of ['insufficient_stock', 'payment_timeout', 'customer request', 'fraud', 'whatever']) {
      expect(() => amazon.cancellation(cancel('amazon', reason).body, 'X1')).not.toThrow();
      expect(() => shopify.cancel(cancel('webstore', reason).body)).not.toThrow();
      expect(() => ebay.cancellation(cancel('ebay', reason).body, 'X1')).not.toThrow();
    }
  });

  test('the simulator refuses a wrong shape with 400 naming the field', () => {
    expect(() => amazon.shipmentConfirmation({ AmazonOrderId: 'X1', PackageDetail: {} }, 'X1')).toThrow(
      expect.objectContaining({ status: 400, message: 'PackageDetail.PackageReferenceId must be a non-empty string' }),
    );
    expect(() => shopify.fulfillment({ orderId: 'x' })).toThrow(expect.objectContaining({ status: 400, message: 'fulfillment must be an object' }));
    expect(() => ebay.shippingFulfillment({ lineItems: [{ sku: 'A', quantity: 0 }] })).toThrow(
      expect.objectContaining({ status: 400, message: 'lineItems[0].quantity must be a positive integer' }),
    );
    expect(() => amazon.cancellation({ AmazonOrderId: 'other', CancelReason: 'NoInventory' }, 'X1')).toThrow(expect.objectContaining({ status: 400 }));
  });
});
