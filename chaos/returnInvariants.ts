// What must hold after the returns of a chaos run (issue 18), against the plan chaos/returns.ts made:
// at the partners each return's effects once (its keys `<orderId>:<system>.<step>.return.<returnId>`),
// in the database one return per order, its refund, its receipt, its restock once, and an exchange's
// one replacement order. The journal part is pure, so test/chaos/invariants.test.ts can break it.
import { parseMoney } from '../src/domain/money';
import { exchangeExternalId } from '../src/domain/ids';
import type { Db } from '../src/db/prisma';
import type { CallRecord } from '../src/simulators';
import type { PlacedOrder } from './driver';
import { restockedUnits, type PlannedReturn } from './returns';

/** The step of a call's key, after `<orderId>:`. */
const stepOf = (c: CallRecord) => c.idempotencyKey!.slice(c.idempotencyKey!.indexOf(':') + 1);

/** A return's own partner calls (label, refund, credit note, notice, void): the order's checks leave them out. */
export const isReturnCall = (c: CallRecord): boolean => c.idempotencyKey !== null && /(^|\.)return\.ret_/.test(stepOf(c));

/** The amount a refund or credit note call moved, in minor units (gateway and ERP: `amount`; the web store's Shopify dialect: its refund transaction). */
function amountOf(c: CallRecord): number | undefined {
  const body = c.body as { amount?: unknown; refund?: { transactions?: { amount?: unknown }[] } } | null;
  const raw = body?.amount ?? body?.refund?.transactions?.[0]?.amount;
  return raw === undefined ? undefined : parseMoney(String(raw), 'USD');
}

/**
 * Per return: one label; the refund through the gateway for an order captured there, through the
 * channel for a prepaid one, exactly the planned amount, none for an exchange; one ERP credit note
 * (of the refunded amount: zero for an exchange); one channel notice; no label voided. Each key succeeds once.
 */
export function checkReturnEffects(plans: readonly PlannedReturn[], calls: readonly CallRecord[]): string[] {
  const failures: string[] = [];
  const done = calls.filter((c) => c.idempotencyKey && c.status < 300 && !c.duplicate && isReturnCall(c));
  for (const p of plans) {
    if (!p.returnId) continue;
    const mine = done.filter((c) => c.idempotencyKey!.includes(`.return.${p.returnId}`));
    const name = `${p.kind} return ${p.returnId} of ${p.order.payment ? 'authorized' : 'prepaid'} order ${p.order.orderId}`;
    const perKey = new Map<string, number>();
    for (const c of mine) perKey.set(`${c.system}.${c.operation} ${c.idempotencyKey}`, (perKey.get(`${c.system}.${c.operation} ${c.idempotencyKey}`) ?? 0) + 1);
    for (const [k, n] of perKey) if (n !== 1) failures.push(`${name}: ${k} succeeded ${n} times`);
    const at = (effect: string, step: string) => mine.filter((c) => `${c.system}.${c.operation}` === effect && stepOf(c).startsWith(`${step}.return.`));
    const expectKeys = (what: string, found: CallRecord[], want: number, amount?: number) => {
      const keys = new Set(found.map((c) => c.idempotencyKey)).size;
      if (keys !== want) failures.push(`${name}: ${what} under ${keys} keys, expected ${want}`);
      else if (amount !== undefined && want === 1 && amountOf(found[0]) !== amount) failures.push(`${name}: ${what} of ${amountOf(found[0])}, expected ${amount} (minor units)`);
    };
    const refunds = p.refundMinor > 0 ? 1 : 0;
    expectKeys('carrier label', at('carrier.createShipment', 'carrier.label'), 1);
    expectKeys('gateway refund', at('gateway.refund', 'gateway.refund'), p.order.payment ? refunds : 0, p.refundMinor);
    expectKeys('channel refund', at('channel.createRefund', 'channel.refund'), p.order.payment ? 0 : refunds, p.refundMinor);
    // The note credits what was refunded: an exchange's books its units at zero (src/activities/returns/returnCreditNote.ts).
    expectKeys('ERP credit note', at('erp.createCreditNote', 'erp.credit-note'), 1, p.refundMinor);
    expectKeys('channel notice', [...at('channel.createRefund', 'channel'), ...at('channel.recordReturn', 'channel')], 1);
    expectKeys('label void', at('carrier.voidShipment', 'carrier.void'), 0);
  }
  return failures;
}

/**
 * In the database: each returned order has exactly one return (the copies were replayed, the second
 * key refused), in its final status with the planned refund and receipt; its resellable units back on
 * hand through one ledger row; an exchange's one replacement order, delivered.
 */
export async function checkReturnRows(db: Db, plans: readonly PlannedReturn[]): Promise<{ failures: string[]; figures: Record<string, number> }> {
  const failures: string[] = [];
  const opened = plans.filter((p) => p.returnId);
  if (opened.length !== plans.length) failures.push(`${plans.length - opened.length} planned returns were never opened`);
  const rows = await db.return.findMany({ where: { orderId: { in: plans.map((p) => p.order.orderId) } }, include: { lines: true } });
  const ledger = await db.stockLedgerEntry.findMany({ where: { reason: 'return', orderId: { in: plans.map((p) => p.order.orderId) } } });
  for (const p of opened) {
    const name = `${p.kind} return ${p.returnId}`;
    const ofOrder = rows.filter((r) => r.orderId === p.order.orderId);
    if (ofOrder.length !== 1) failures.push(`order ${p.order.orderId}: ${ofOrder.length} returns, expected 1`);
    const row = ofOrder.find((r) => r.id === p.returnId);
    if (!row) continue;
    const final = p.kind === 'exchange' ? 'closed' : 'refunded';
    if (row.status !== final) failures.push(`${name}: ${row.status}, expected ${final}`);
    if (row.refundMinor !== p.refundMinor) failures.push(`${name}: refund ${row.refundMinor}, expected ${p.refundMinor}`);
    const resellable = row.lines.reduce((n, l) => n + l.receivedResellable, 0);
    const damaged = row.lines.reduce((n, l) => n + l.receivedDamaged, 0);
    if (resellable !== restockedUnits(p) || damaged !== p.damaged)
      failures.push(`${name}: received ${resellable} resellable / ${damaged} damaged, expected ${restockedUnits(p)} / ${p.damaged}`);
    const rowsOf = ledger.filter((l) => l.idempotencyKey?.startsWith(`${p.returnId}:`));
    const back = rowsOf.reduce((n, l) => n + l.onHandDelta, 0);
    if (rowsOf.length !== (restockedUnits(p) > 0 ? 1 : 0) || back !== restockedUnits(p))
      failures.push(`${name}: ${rowsOf.length} restock ledger rows putting back ${back}, expected ${restockedUnits(p)} once`);
    if (p.kind === 'exchange') {
      const replacements = await db.order.findMany({ where: { channelId: 'exchange', externalId: exchangeExternalId(p.returnId!) }, select: { id: true, status: true } });
      if (replacements.length !== 1 || replacements[0].status !== 'delivered' || row.exchangeOrderId !== replacements[0].id) {
        failures.push(`${name}: replacement orders ${JSON.stringify(replacements)}, linked ${row.exchangeOrderId}; expected one, delivered`);
      }
    } else if (row.exchangeOrderId) failures.push(`${name}: has a replacement order ${row.exchangeOrderId}`);
  }
  const figures = {
    returns: opened.length,
    returnsExchanged: opened.filter((p) => p.kind === 'exchange').length,
    unitsReturned: opened.reduce((n, p) => n + p.units, 0),
    unitsRestocked: opened.reduce((n, p) => n + restockedUnits(p), 0),
  };
  return { failures, figures };
}

/** The exchanges' replacement orders, as orders of the run the order checks judge too (prepaid at zero, one unit, delivered). */
export async function replacementOrdersOf(db: Db, plans: readonly PlannedReturn[]): Promise<PlacedOrder[]> {
  const exchanges = plans.filter((p) => p.kind === 'exchange' && p.returnId);
  if (exchanges.length === 0) return [];
  const rows = await db.order.findMany({
    where: { channelId: 'exchange', externalId: { in: exchanges.map((p) => exchangeExternalId(p.returnId!)) } },
    select: { id: true, externalId: true },
  });
  return rows.map((r, index) => ({
    index,
    externalId: r.externalId,
    orderId: r.id,
    quantity: exchanges.find((p) => exchangeExternalId(p.returnId!) === r.externalId)!.units,
    expected: 'delivered',
  }));
}
