/** Shopify-like webstore webhook -> create-order request. Pure; never throws. */
import { type AdapterResult, fastest, finish, shippingAddressOf, fmt, isObj, own, Reader, rootOrProblem, serviceFromCode } from './common';
import type { ShippingService } from '../domain/order';

function fullName(first: unknown, last: unknown): string | undefined {
  const parts = [first, last].filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim());
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function hasVipTag(tags: unknown): boolean {
  // Shopify sends tags as "vip, wholesale"; accept an array too.
  const list = typeof tags === 'string' ? tags.split(',') : Array.isArray(tags) ? tags : [];
  return list.some((t) => typeof t === 'string' && t.trim().toLowerCase() === 'vip');
}

export function adaptWebstore(payload: unknown): AdapterResult {
  const r = rootOrProblem(payload);
  if (!(r instanceof Reader)) return r;

  const externalId = r.id(r.top('id'), 'id');
  const currency = r.currency(r.top('currency'), 'currency');
  const placedAt = r.timestamp(r.top('created_at'), 'created_at');
  const financial = r.top('financial_status');
  if (typeof financial !== 'string') r.problem('financial_status', 'is required');
  // Shopify's `authorized`: the checkout authorized the money and the hub captures it (the
  // channel's capture policy); `partially_paid`: what is still outstanding is authorized.
  const paid = financial === 'paid';
  const authorized = financial === 'authorized';
  // Read only for partially_paid: what was captured is total_price less total_outstanding (without them: pending, as before).
  const partial = financial === 'partially_paid';
  const total = partial ? r.money(r.top('total_price'), 'total_price', currency, false) : undefined;
  const outstanding = partial ? r.money(r.top('total_outstanding'), 'total_outstanding', currency, false) : undefined;
  const partlyPaid = total !== undefined && outstanding !== undefined && outstanding > 0 && outstanding < total;

  const customer = r.obj(r.top('customer'), 'customer', false);
  const topEmail = r.top('email');
  // A guest or point-of-sale order may carry no e-mail: accepted, never invented.
  const email = r.email(topEmail ?? (customer && own(customer, 'email')), topEmail != null ? 'email' : 'customer.email', false);
  const customerId = customer ? r.id(own(customer, 'id'), 'customer.id', false) : undefined;
  const tier = customer && hasVipTag(own(customer, 'tags')) ? 'vip' : 'standard';

  const addr = r.obj(r.top('shipping_address'), 'shipping_address');
  const addrName = addr ? fullName(own(addr, 'first_name'), own(addr, 'last_name')) : undefined;
  const customerName = (customer && fullName(own(customer, 'first_name'), own(customer, 'last_name'))) ?? addrName;
  if (addr && addrName === undefined) r.problem('shipping_address.first_name', 'a recipient name is required');
  const line1 = addr && r.text(own(addr, 'address1'), 'shipping_address.address1');
  const line2 = addr && r.text(own(addr, 'address2'), 'shipping_address.address2', false);
  const city = addr && r.text(own(addr, 'city'), 'shipping_address.city', true, 100);
  const region = addr && r.text(own(addr, 'province_code'), 'shipping_address.province_code', false, 100);
  const postalCode = addr && r.text(own(addr, 'zip'), 'shipping_address.zip', true, 20);
  const country = addr && r.country(own(addr, 'country_code'), 'shipping_address.country_code');

  const items = r.list(r.top('line_items'), 'line_items') ?? [];
  const lines = items.map((item, i) => {
    const p = `line_items.${i}`;
    if (!isObj(item)) return r.problem(p, 'must be an object');
    const sku = r.sku(own(item, 'sku'), `${p}.sku`);
    const quantity = r.quantity(own(item, 'quantity'), `${p}.quantity`);
    const unitPrice = fmt(r.money(own(item, 'price'), `${p}.price`, currency), currency);
    return { sku: sku!, quantity: quantity!, unitPrice: unitPrice! };
  });

  const shippingLines = r.list(r.top('shipping_lines'), 'shipping_lines', false) ?? [];
  const services: ShippingService[] = [];
  let shippingMinor = 0;
  shippingLines.forEach((sl, i) => {
    const p = `shipping_lines.${i}`;
    if (!isObj(sl)) return r.problem(p, 'must be an object');
    const code = own(sl, 'code');
    services.push(serviceFromCode(typeof code === 'string' ? code : undefined));
    shippingMinor += r.money(own(sl, 'price'), `${p}.price`, currency) ?? 0;
  });
  r.withinLimit(shippingMinor, 'shipping_lines');

  return finish(
    r,
    () => ({
      channel: 'webstore',
      externalId: externalId!,
      customer: { ...(customerId ? { id: customerId } : {}), ...(email !== undefined && { email }), ...(customerName !== undefined && { name: customerName }), tier },
      currency: currency!,
      lines: lines.map((l) => l!),
      shippingAddress: shippingAddressOf({ name: addrName, line1, line2, city, region, postalCode, country }),
      shippingService: fastest(services),
      shippingPrice: fmt(shippingMinor, currency)!,
      payment: paid
        ? { status: 'paid' as const }
        : authorized
          ? { status: 'authorized' as const }
          : partlyPaid
            ? { status: 'partially_paid' as const, transactions: [{ kind: 'capture' as const, amount: fmt(total! - outstanding!, currency)! }] }
            : { status: 'pending' as const },
      ...(placedAt ? { placedAt } : {}),
    }),
    'ship',
  );
}
