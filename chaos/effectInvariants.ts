// The partner effects each order of a chaos run must show in the simulators' journal, and those it
// must not. Pure (journal records in, failures out), so test/chaos/effectInvariants.test.ts can
// prove on crafted journals that every rule fails when it should.
import { parseMoney } from '../src/domain/money';
import type { CallRecord } from '../src/simulators';
import type { PlacedOrder } from './driver';

/** `system.operation`, as the simulators journal it. */
type Effect = `${'erp' | 'crm' | 'carrier' | 'channel' | 'gateway'}.${string}`;

/** A delivered order: these once each (once per parcel where PER_PARCEL says so). */
const DELIVERED_EFFECTS: Effect[] = ['erp.createSalesOrder', 'crm.upsertCustomer', 'crm.recordOrder', 'carrier.createShipment', 'erp.createInvoice', 'channel.createFulfillment'];
const PER_PARCEL = new Set<Effect>(['carrier.createShipment', 'erp.createInvoice', 'channel.createFulfillment']);
/**
 * Compensations and cancel notices: a delivered order has none. (A relabel after an address
 * correction voids a label of a delivered order legitimately; no chaos scenario corrects addresses,
 * and the label count above would flag the second label anyway.)
 */
const NEVER_WHEN_DELIVERED: Effect[] = ['channel.createRefund', 'carrier.voidShipment', 'erp.createCreditNote', 'channel.cancelOrder'];
/** A cancelled order: the channel and the CRM told, once each; a prepaid one refunded through the channel. */
const CANCELLED_EFFECTS: Effect[] = ['channel.cancelOrder', 'crm.recordOrderEvent'];
/**
 * The payment gateway (issue 13). A prepaid order never calls it. An authorized order (captured at
 * shipment) captures once per parcel, its captures summing to its total, and is never refunded or
 * voided when delivered; cancelled before dispatch, it is voided once and nothing is captured or
 * refunded (through the gateway or the channel).
 */
const GATEWAY_EFFECTS: Effect[] = ['gateway.capture', 'gateway.void', 'gateway.refund'];
/** What a cancelled order did before is undone once each. */
const CANCELLED_PAIRS: [done: Effect, undo: Effect][] = [
  ['erp.createSalesOrder', 'erp.createCreditNote'],
  ['carrier.createShipment', 'carrier.voidShipment'],
];
const NEVER_WHEN_CANCELLED: Effect[] = ['erp.createInvoice', 'channel.createFulfillment'];
/** The CRM order record needs its customer: an order the CRM recorded was upserted as a customer first. */
const CRM_NEEDS_CUSTOMER: [Effect, Effect] = ['crm.recordOrder', 'crm.upsertCustomer'];

const MAX_LISTED = 20;

export interface EffectReport {
  failures: string[];
  figures: Record<string, number>;
}

/**
 * `calls`: the journal; `parcels`: each order's parcels that were not voided (from the database).
 * Each successful non-replayed call must happen once per idempotency key (`<orderId>:<step>`).
 */
export function checkEffects(orders: readonly PlacedOrder[], calls: readonly CallRecord[], parcels: ReadonlyMap<string, number>): EffectReport {
  const failures: string[] = [];
  let problems = 0;
  // Every effect problem counts; only the first MAX_LISTED are spelled out.
  const problem = (msg: string) => {
    problems += 1;
    if (problems <= MAX_LISTED) failures.push(msg);
  };
  const ids = new Set(orders.map((o) => o.orderId));
  const ofRun = calls.filter((c) => c.idempotencyKey && ids.has(orderOf(c)));
  const figures: Record<string, number> = {
    partnerCalls: ofRun.length,
    partnerFaults: ofRun.filter((c) => c.faulted).length,
    partnerDuplicatesAbsorbed: ofRun.filter((c) => c.duplicate).length,
    authorizedOrders: orders.filter((o) => o.payment).length,
    gatewayCaptures: ofRun.filter((c) => c.system === 'gateway' && c.operation === 'capture' && c.status < 300 && !c.duplicate).length,
    gatewayVoids: ofRun.filter((c) => c.system === 'gateway' && c.operation === 'void' && c.status < 300 && !c.duplicate).length,
    gatewayFaults: ofRun.filter((c) => c.system === 'gateway' && c.faulted).length,
  };
  // Attempts beyond the first per key: retries the partners saw (faults, timeouts, restarts).
  const attemptsPerKey = new Map<string, number>();
  for (const c of ofRun) attemptsPerKey.set(`${effectOf(c)} ${c.idempotencyKey}`, (attemptsPerKey.get(`${effectOf(c)} ${c.idempotencyKey}`) ?? 0) + 1);
  figures.partnerRetries = [...attemptsPerKey.values()].reduce((n, a) => n + a - 1, 0);
  figures.partnerMaxAttemptsPerKey = Math.max(0, ...attemptsPerKey.values());

  // orderId -> "system.operation key" -> successes
  const effects = new Map<string, Map<string, number>>();
  // orderId -> the amounts its successful first-time captures took (minor units)
  const captured = new Map<string, number[]>();
  for (const c of ofRun.filter((c) => c.system === 'gateway' && c.operation === 'capture' && c.status < 300 && !c.duplicate)) {
    captured.set(orderOf(c), [...(captured.get(orderOf(c)) ?? []), parseMoney(String((c.body as { amount?: unknown }).amount), 'USD')]);
  }
  for (const c of ofRun.filter((c) => c.status < 300 && !c.duplicate)) {
    const m = effects.get(orderOf(c)) ?? new Map<string, number>();
    const k = `${effectOf(c)} ${c.idempotencyKey}`;
    m.set(k, (m.get(k) ?? 0) + 1);
    effects.set(orderOf(c), m);
  }
  for (const o of orders) {
    // A returned order was delivered first: its order effects are a delivered one's (its returns' own calls are judged per return).
    const delivered = o.expected !== 'cancelled';
    const m = effects.get(o.orderId) ?? new Map<string, number>();
    for (const [k, n] of m) if (n !== 1) problem(`order ${o.orderId}: ${k} succeeded ${n} times`);
    const keysOf = (effect: Effect) => [...m.keys()].filter((k) => k.startsWith(`${effect} `)).length;
    const expectOnce = (effect: Effect, want: number) => {
      const keys = keysOf(effect);
      if (keys !== want || want === 0) problem(`${o.expected} order ${o.orderId}: ${effect} done under ${keys} keys, expected ${want || '≥1'}`);
    };
    const never = (effect: Effect) => keysOf(effect) > 0 && problem(`${o.expected} ${o.payment ? 'authorized' : 'prepaid'} order ${o.orderId}: ${effect} happened`);
    if (!o.payment) GATEWAY_EFFECTS.forEach(never);
    else if (delivered) {
      expectOnce('gateway.capture', parcels.get(o.orderId) ?? 0);
      const sum = (captured.get(o.orderId) ?? []).reduce((a, b) => a + b, 0);
      if (sum !== o.payment.totalMinor) problem(`delivered order ${o.orderId}: captures sum to ${sum}, its total is ${o.payment.totalMinor} (minor units)`);
      never('gateway.void');
      never('gateway.refund');
    } else {
      expectOnce('gateway.void', 1);
      never('gateway.capture');
      never('gateway.refund');
    }
    if (delivered) {
      for (const effect of DELIVERED_EFFECTS) expectOnce(effect, PER_PARCEL.has(effect) ? (parcels.get(o.orderId) ?? 0) : 1);
      for (const effect of NEVER_WHEN_DELIVERED) if (keysOf(effect) > 0) problem(`delivered order ${o.orderId}: ${effect} happened`);
    } else {
      for (const effect of CANCELLED_EFFECTS) expectOnce(effect, 1);
      if (o.payment) never('channel.createRefund');
      else expectOnce('channel.createRefund', 1);
      for (const [done, undo] of CANCELLED_PAIRS) {
        if (keysOf(done) !== keysOf(undo) || keysOf(done) > 1) problem(`cancelled order ${o.orderId}: ${done} under ${keysOf(done)} keys but ${undo} under ${keysOf(undo)}`);
      }
      for (const effect of NEVER_WHEN_CANCELLED) if (keysOf(effect) > 0) problem(`cancelled order ${o.orderId}: ${effect} happened`);
    }
    const [recorded, customer] = CRM_NEEDS_CUSTOMER;
    if (keysOf(recorded) > 0 && keysOf(customer) === 0) problem(`order ${o.orderId}: ${recorded} without ${customer}`);
  }
  if (problems > MAX_LISTED) failures.push(`... ${problems - MAX_LISTED} more effect problems`);
  return { failures, figures };
}

const orderOf = (c: CallRecord) => c.idempotencyKey!.split(':')[0];
const effectOf = (c: CallRecord) => `${c.system}.${c.operation}`;
