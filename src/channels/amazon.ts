/**
 * Amazon-like marketplace order -> create-order request. Pure; never throws.
 * Marketplace orders are prepaid by Amazon, so payment is always "paid" with the AmazonOrderId as
 * reference. Only merchant-fulfilled (MFN) orders are ours to ship; AFN orders are refused.
 */
import { type AdapterResult, finish, shippingAddressOf, fmt, isObj, own, Reader, rootOrProblem } from './common';
import type { ShippingService } from '../domain/order';

const LEVELS: Record<string, ShippingService> = {
  Standard: 'standard',
  Expedited: 'expedited',
  SecondDay: 'expedited',
  NextDay: 'next_day',
};

export function adaptAmazon(payload: unknown): AdapterResult {
  const r = rootOrProblem(payload);
  if (!(r instanceof Reader)) return r;

  const fc = r.top('FulfillmentChannel');
  if (fc === 'AFN') {
    r.problem('FulfillmentChannel', 'AFN orders are fulfilled by Amazon and must not be imported for shipping');
  } else if (fc !== 'MFN') {
    r.problem('FulfillmentChannel', 'must be "MFN" (merchant-fulfilled)');
  }
  const status = r.top('OrderStatus');
  if (status === 'Canceled') r.problem('OrderStatus', 'canceled orders are not imported');

  const externalId = r.id(r.top('AmazonOrderId'), 'AmazonOrderId');
  const placedAt = r.timestamp(r.top('PurchaseDate'), 'PurchaseDate');
  const total = r.obj(r.top('OrderTotal'), 'OrderTotal');
  const currency = total && r.currency(own(total, 'CurrencyCode'), 'OrderTotal.CurrencyCode');

  const isPrime = r.top('IsPrime');
  if (isPrime !== undefined && typeof isPrime !== 'boolean') r.problem('IsPrime', 'must be true or false');
  const level = r.top('ShipServiceLevel');
  let service: ShippingService | undefined;
  if (typeof level === 'string' && Object.prototype.hasOwnProperty.call(LEVELS, level)) service = LEVELS[level];
  else r.problem('ShipServiceLevel', 'must be one of Standard, Expedited, SecondDay, NextDay');
  if (isPrime === true) service = 'next_day';

  const addr = r.obj(r.top('ShippingAddress'), 'ShippingAddress');
  const addrName = addr && r.text(own(addr, 'Name'), 'ShippingAddress.Name');
  const line1 = addr && r.text(own(addr, 'AddressLine1'), 'ShippingAddress.AddressLine1');
  const line2 = addr && r.text(own(addr, 'AddressLine2'), 'ShippingAddress.AddressLine2', false);
  const city = addr && r.text(own(addr, 'City'), 'ShippingAddress.City', true, 100);
  const region = addr && r.text(own(addr, 'StateOrRegion'), 'ShippingAddress.StateOrRegion', false, 100);
  const postalCode = addr && r.text(own(addr, 'PostalCode'), 'ShippingAddress.PostalCode', true, 20);
  const country = addr && r.country(own(addr, 'CountryCode'), 'ShippingAddress.CountryCode');

  const buyer = r.obj(r.top('BuyerInfo'), 'BuyerInfo');
  // Amazon masks or withholds the buyer's e-mail at times: accepted without one.
  const email = buyer && r.email(own(buyer, 'BuyerEmail'), 'BuyerInfo.BuyerEmail', false);
  // BuyerName is often withheld by Amazon; the recipient's name is the best fallback.
  const buyerName = buyer && r.text(own(buyer, 'BuyerName'), 'BuyerInfo.BuyerName', false);
  const customerName = buyerName ?? addrName;

  const items = r.list(r.top('OrderItems'), 'OrderItems') ?? [];
  let shippingMinor = 0;
  const lines = items.map((item, i) => {
    const p = `OrderItems.${i}`;
    if (!isObj(item)) return r.problem(p, 'must be an object');
    const sku = r.sku(own(item, 'SellerSKU'), `${p}.SellerSKU`);
    const quantity = r.quantity(own(item, 'QuantityOrdered'), `${p}.QuantityOrdered`);
    const price = r.obj(own(item, 'ItemPrice'), `${p}.ItemPrice`);
    let unitMinor: number | undefined;
    if (price) {
      r.sameCurrency(own(price, 'CurrencyCode'), `${p}.ItemPrice.CurrencyCode`, currency, false);
      const lineMinor = r.money(own(price, 'Amount'), `${p}.ItemPrice.Amount`, currency);
      unitMinor = r.unitFromTotal(lineMinor, quantity, `${p}.ItemPrice.Amount`);
    }
    const ship = r.obj(own(item, 'ShippingPrice'), `${p}.ShippingPrice`, false);
    if (ship) {
      r.sameCurrency(own(ship, 'CurrencyCode'), `${p}.ShippingPrice.CurrencyCode`, currency, false);
      shippingMinor += r.money(own(ship, 'Amount'), `${p}.ShippingPrice.Amount`, currency) ?? 0;
    }
    return { sku: sku!, quantity: quantity!, unitPrice: fmt(unitMinor, currency)! };
  });
  r.withinLimit(shippingMinor, 'OrderItems');

  return finish(
    r,
    () => ({
      channel: 'amazon',
      externalId: externalId!,
      customer: { ...(email ? { email } : {}), ...(customerName ? { name: customerName } : {}), tier: 'standard' },
      currency: currency!,
      lines: lines.map((l) => l!),
      shippingAddress: shippingAddressOf({ name: addrName, line1, line2, city, region, postalCode, country }),
      shippingService: service!,
      shippingPrice: fmt(shippingMinor, currency)!,
      payment: { status: 'paid', reference: externalId! },
      ...(placedAt ? { placedAt } : {}),
    }),
    'ship',
  );
}
