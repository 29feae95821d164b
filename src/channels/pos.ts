/**
 * Point-of-sale sale -> create-order request. Pure; never throws.
 * A POS sale is paid at the till and the goods leave with the customer: the result carries
 * fulfillment "pickup" and pickupLocationId = storeId so nothing downstream books a shipment.
 */
import { type AdapterResult, finish, fmt, isObj, own, Reader, rootOrProblem } from './common';

export function adaptPos(payload: unknown): AdapterResult {
  const r = rootOrProblem(payload);
  if (!(r instanceof Reader)) return r;

  const saleId = r.id(r.top('saleId'), 'saleId');
  const storeId = r.id(r.top('storeId'), 'storeId');
  const placedAt = r.timestamp(r.top('completedAt'), 'completedAt');
  const currency = r.currency(r.top('currency'), 'currency');
  // Still checked when sent; the sale ships nowhere, so it makes no address.
  const storeCountry = r.top('storeCountry');
  if (storeCountry !== undefined) r.country(storeCountry, 'storeCountry');

  const customer = r.obj(r.top('customer'), 'customer', false);
  const email = customer ? r.email(own(customer, 'email'), 'customer.email', false) : undefined;
  const name = customer ? r.text(own(customer, 'name'), 'customer.name', false) : undefined;

  const items = r.list(r.top('items'), 'items') ?? [];
  let totalMinor = 0;
  const lines = items.map((item, i) => {
    const p = `items.${i}`;
    if (!isObj(item)) return r.problem(p, 'must be an object');
    const sku = r.sku(own(item, 'sku'), `${p}.sku`);
    const quantity = r.quantity(own(item, 'qty'), `${p}.qty`);
    const unitMinor = r.money(own(item, 'unitPrice'), `${p}.unitPrice`, currency);
    if (unitMinor !== undefined && quantity !== undefined) totalMinor += unitMinor * quantity;
    return { sku: sku!, quantity: quantity!, unitPrice: fmt(unitMinor, currency)! };
  });
  r.withinLimit(totalMinor, 'items');

  // The sale is complete, so the tenders must cover it (cash may exceed it: change is given).
  const tenders = r.list(r.top('tenders'), 'tenders') ?? [];
  let tenderedMinor = 0;
  let tendersValid = true;
  tenders.forEach((t, i) => {
    const p = `tenders.${i}`;
    if (!isObj(t)) {
      tendersValid = false;
      return r.problem(p, 'must be an object');
    }
    if (r.text(own(t, 'type'), `${p}.type`, true, 50) === undefined) tendersValid = false;
    const amount = r.money(own(t, 'amount'), `${p}.amount`, currency);
    if (amount === undefined) tendersValid = false;
    else tenderedMinor += amount;
  });
  if (tendersValid && tenders.length > 0 && r.problems.length === 0 && tenderedMinor < totalMinor) {
    r.problem('tenders', `tenders (${fmt(tenderedMinor, currency)}) do not cover the sale total (${fmt(totalMinor, currency)})`);
  }

  return finish(
    r,
    () => ({
      channel: 'pos',
      externalId: saleId!,
      // A till sale often has no customer: no e-mail or name is invented for it.
      customer: { ...(email ? { email } : {}), ...(name ? { name } : {}), tier: 'standard' },
      currency: currency!,
      lines: lines.map((l) => l!),
      // A sale at the till ships nowhere: no address (a pickup needs none).
      shippingService: 'standard',
      shippingPrice: fmt(0, currency)!,
      payment: { status: 'paid', reference: saleId! },
      ...(placedAt ? { placedAt } : {}),
    }),
    'pickup',
    { pickupLocationId: storeId! },
  );
}
