/**
 * Shape checks for the channel dialects the hub speaks (src/channels/outbound.ts), as a real
 * marketplace would do them: a wrong shape is a 400 naming the field. Each returns nothing and
 * throws a Rejection.
 */
import { Rejection, isJsonObject, type JsonObject } from './requestFields';

const bad = (field: string, problem: string) => new Rejection(400, { error: `${field} ${problem}` });

function str(o: JsonObject, key: string, path: string, allowEmpty = false): string {
  const v = o[key];
  if (typeof v !== 'string' || (!allowEmpty && v === '')) throw bad(`${path}${key}`, 'must be a non-empty string');
  return v;
}
function obj(o: JsonObject, key: string, path: string): JsonObject {
  const v = o[key];
  if (!isJsonObject(v)) throw bad(`${path}${key}`, 'must be an object');
  return v;
}
function list(o: JsonObject, key: string, path: string): JsonObject[] {
  const v = o[key];
  if (!Array.isArray(v) || v.length === 0) throw bad(`${path}${key}`, 'must be a non-empty array');
  return v.map((item, i) => {
    if (!isJsonObject(item)) throw bad(`${path}${key}[${i}]`, 'must be an object');
    return item;
  });
}
function positiveInt(o: JsonObject, key: string, path: string): void {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw bad(`${path}${key}`, 'must be a positive integer');
}
function decimal(o: JsonObject, key: string, path: string): void {
  if (!/^\d+(\.\d+)?$/.test(str(o, key, path))) throw bad(`${path}${key}`, 'must be a decimal string like "41.98"');
}
function isoDate(o: JsonObject, key: string, path: string): void {
  if (Number.isNaN(Date.parse(str(o, key, path)))) throw bad(`${path}${key}`, 'must be an ISO 8601 date-time');
}
function oneOf(o: JsonObject, key: string, path: string, values: string[]): void {
  if (!values.includes(str(o, key, path))) throw bad(`${path}${key}`, `must be one of ${values.join(', ')}`);
}
/** A non-empty list of {sku, quantity} items under the dialect's own names. */
function items(o: JsonObject, key: string, skuKey: string, quantityKey: string, path = ''): void {
  list(o, key, path).forEach((item, i) => {
    str(item, skuKey, `${path}${key}[${i}].`);
    positiveInt(item, quantityKey, `${path}${key}[${i}].`);
  });
}
function sameOrderId(o: JsonObject, key: string, externalId: string): void {
  if (str(o, key, '') !== externalId) throw bad(key, 'must be the order ID in the path');
}

export const amazon = {
  shipmentConfirmation(body: JsonObject, externalId: string): void {
    sameOrderId(body, 'AmazonOrderId', externalId);
    const pkg = obj(body, 'PackageDetail', '');
    const p = 'PackageDetail.';
    str(pkg, 'PackageReferenceId', p);
    str(pkg, 'CarrierCode', p);
    if (pkg.CarrierCode === 'Other') str(pkg, 'CarrierName', p);
    str(pkg, 'TrackingNumber', p);
    isoDate(pkg, 'ShipDate', p);
    list(pkg, 'OrderItems', p).forEach((item, i) => {
      str(item, 'SellerSKU', `${p}OrderItems[${i}].`);
      positiveInt(item, 'Quantity', `${p}OrderItems[${i}].`);
    });
  },
  adjustment(body: JsonObject, externalId: string): void {
    sameOrderId(body, 'AmazonOrderId', externalId);
    oneOf(body, 'AdjustmentReason', '', ['NoInventory', 'CustomerCancel', 'GeneralAdjustment', 'CustomerReturn']);
    const amount = obj(body, 'AdjustedAmount', '');
    str(amount, 'CurrencyCode', 'AdjustedAmount.');
    decimal(amount, 'Amount', 'AdjustedAmount.');
  },
  cancellation(body: JsonObject, externalId: string): void {
    sameOrderId(body, 'AmazonOrderId', externalId);
    oneOf(body, 'CancelReason', '', ['NoInventory', 'ShippingAddressUndeliverable', 'BuyerCanceled', 'GeneralAdjustment']);
    // Some items only (a partial cancel).
    if (body.OrderItems !== undefined) items(body, 'OrderItems', 'SellerSKU', 'Quantity');
  },
};

export const shopify = {
  fulfillment(body: JsonObject): void {
    const f = obj(body, 'fulfillment', '');
    const tracking = obj(f, 'tracking_info', 'fulfillment.');
    str(tracking, 'number', 'fulfillment.tracking_info.');
    str(tracking, 'company', 'fulfillment.tracking_info.');
    list(f, 'line_items_by_fulfillment_order', 'fulfillment.').forEach((fo, i) => {
      const p = `fulfillment.line_items_by_fulfillment_order[${i}].`;
      str(fo, 'fulfillment_order_id', p);
      list(fo, 'fulfillment_order_line_items', p).forEach((li, j) => {
        str(li, 'sku', `${p}fulfillment_order_line_items[${j}].`);
        positiveInt(li, 'quantity', `${p}fulfillment_order_line_items[${j}].`);
      });
    });
  },
  refund(body: JsonObject): void {
    const r = obj(body, 'refund', '');
    // Line items cancelled without money (a partial cancel; the money is its own refund).
    if (r.refund_line_items !== undefined && Array.isArray(r.transactions) && r.transactions.length === 0) {
      items(r, 'refund_line_items', 'sku', 'quantity', 'refund.');
      list(r, 'refund_line_items', 'refund.').forEach((li, i) => oneOf(li, 'restock_type', `refund.refund_line_items[${i}].`, ['cancel', 'return', 'no_restock']));
      return;
    }
    str(r, 'currency', 'refund.');
    list(r, 'transactions', 'refund.').forEach((t, i) => {
      oneOf(t, 'kind', `refund.transactions[${i}].`, ['refund']);
      decimal(t, 'amount', `refund.transactions[${i}].`);
    });
  },
  cancel(body: JsonObject): void {
    oneOf(body, 'reason', '', ['customer', 'fraud', 'inventory', 'declined', 'other']);
  },
};

export const ebay = {
  shippingFulfillment(body: JsonObject): void {
    list(body, 'lineItems', '').forEach((li, i) => {
      str(li, 'sku', `lineItems[${i}].`);
      positiveInt(li, 'quantity', `lineItems[${i}].`);
    });
    isoDate(body, 'shippedDate', '');
    str(body, 'shippingCarrierCode', '');
    str(body, 'trackingNumber', '');
  },
  issueRefund(body: JsonObject): void {
    oneOf(body, 'reasonForRefund', '', ['BUYER_CANCEL', 'OUT_OF_STOCK', 'OTHER_ADJUSTMENT', 'BUYER_RETURN']);
    const amount = obj(body, 'orderLevelRefundAmount', '');
    decimal(amount, 'value', 'orderLevelRefundAmount.');
    str(amount, 'currency', 'orderLevelRefundAmount.');
  },
  cancellation(body: JsonObject, externalId: string): void {
    sameOrderId(body, 'legacyOrderId', externalId);
    oneOf(body, 'cancelReason', '', ['OUT_OF_STOCK_OR_CANNOT_FULFILL', 'ADDRESS_ISSUES', 'BUYER_ASKED_CANCEL', 'OTHER_SELLER_CANCEL_REASON']);
    if (body.lineItems !== undefined) items(body, 'lineItems', 'sku', 'quantity');
  },
};
