/** eBay-like order -> create-order request. Pure; never throws. Line costs are line totals. */
import { type AdapterResult, finish, shippingAddressOf, fmt, isObj, own, Reader, rootOrProblem, serviceFromCode } from './common';

export function adaptEbay(payload: unknown): AdapterResult {
  const r = rootOrProblem(payload);
  if (!(r instanceof Reader)) return r;

  const externalId = r.id(r.top('orderId'), 'orderId');
  const placedAt = r.timestamp(r.top('creationDate'), 'creationDate');
  const payStatus = r.top('orderPaymentStatus');
  if (typeof payStatus !== 'string') r.problem('orderPaymentStatus', 'is required');
  const paid = payStatus === 'PAID';

  const pricing = r.obj(r.top('pricingSummary'), 'pricingSummary');
  const delivery = pricing && r.obj(own(pricing, 'deliveryCost'), 'pricingSummary.deliveryCost');
  const currency = delivery && r.currency(own(delivery, 'currency'), 'pricingSummary.deliveryCost.currency');
  const shippingMinor = delivery && r.money(own(delivery, 'value'), 'pricingSummary.deliveryCost.value', currency);

  const buyer = r.obj(r.top('buyer'), 'buyer');
  const username = buyer && r.id(own(buyer, 'username'), 'buyer.username', false);
  const reg = buyer && r.obj(own(buyer, 'buyerRegistrationAddress'), 'buyer.buyerRegistrationAddress');
  const email = reg && r.email(own(reg, 'email'), 'buyer.buyerRegistrationAddress.email', false);
  const customerName = reg && r.text(own(reg, 'fullName'), 'buyer.buyerRegistrationAddress.fullName', false);

  const steps = r.list(r.top('fulfillmentStartInstructions'), 'fulfillmentStartInstructions') ?? [];
  if (steps.length > 1) r.problem('fulfillmentStartInstructions', 'orders shipping to more than one address are not supported');
  const first = steps[0];
  const step = first === undefined ? undefined : r.obj(first, 'fulfillmentStartInstructions.0');
  const sp = 'fulfillmentStartInstructions.0.shippingStep';
  const shippingStep = step && r.obj(own(step, 'shippingStep'), sp);
  const code = shippingStep && r.text(own(shippingStep, 'shippingServiceCode'), `${sp}.shippingServiceCode`, false);
  const shipTo = shippingStep && r.obj(own(shippingStep, 'shipTo'), `${sp}.shipTo`);
  const addrName = shipTo && r.text(own(shipTo, 'fullName'), `${sp}.shipTo.fullName`);
  const ap = `${sp}.shipTo.contactAddress`;
  const addr = shipTo && r.obj(own(shipTo, 'contactAddress'), ap);
  const line1 = addr && r.text(own(addr, 'addressLine1'), `${ap}.addressLine1`);
  const line2 = addr && r.text(own(addr, 'addressLine2'), `${ap}.addressLine2`, false);
  const city = addr && r.text(own(addr, 'city'), `${ap}.city`, true, 100);
  const region = addr && r.text(own(addr, 'stateOrProvince'), `${ap}.stateOrProvince`, false, 100);
  const postalCode = addr && r.text(own(addr, 'postalCode'), `${ap}.postalCode`, true, 20);
  const country = addr && r.country(own(addr, 'countryCode'), `${ap}.countryCode`);

  const items = r.list(r.top('lineItems'), 'lineItems') ?? [];
  const lines = items.map((item, i) => {
    const p = `lineItems.${i}`;
    if (!isObj(item)) return r.problem(p, 'must be an object');
    const sku = r.sku(own(item, 'sku'), `${p}.sku`);
    const quantity = r.quantity(own(item, 'quantity'), `${p}.quantity`);
    const cost = r.obj(own(item, 'lineItemCost'), `${p}.lineItemCost`);
    let unitMinor: number | undefined;
    if (cost) {
      r.sameCurrency(own(cost, 'currency'), `${p}.lineItemCost.currency`, currency);
      const lineMinor = r.money(own(cost, 'value'), `${p}.lineItemCost.value`, currency);
      unitMinor = r.unitFromTotal(lineMinor, quantity, `${p}.lineItemCost.value`);
    }
    return { sku: sku!, quantity: quantity!, unitPrice: fmt(unitMinor, currency)! };
  });

  return finish(
    r,
    () => ({
      channel: 'ebay',
      externalId: externalId!,
      customer: { ...(username ? { id: username } : {}), ...(email ? { email } : {}), ...(customerName ? { name: customerName } : {}), tier: 'standard' },
      currency: currency!,
      lines: lines.map((l) => l!),
      shippingAddress: shippingAddressOf({ name: addrName, line1, line2, city, region, postalCode, country }),
      shippingService: serviceFromCode(code),
      shippingPrice: fmt(shippingMinor, currency)!,
      payment: paid ? { status: 'paid', reference: externalId! } : { status: 'pending' },
      ...(placedAt ? { placedAt } : {}),
    }),
    'ship',
  );
}
