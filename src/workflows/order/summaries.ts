import type { ActivityInterfaceFor } from '@temporalio/workflow';
import { formatMoney } from '../../domain/money';
import type { OrderInput, ShipmentState } from '../../domain/order';

/**
 * One-line summaries shown in the Temporal UI's event list next to each activity and timer, so an
 * operator reads "buy label for parcel WH-EAST (2 items, express)" instead of
 * `carrierCreateShipment`. They are metadata only: replay does not compare them, so wording may
 * change freely (test/replay keeps the recorded histories green). Nothing secret or personal goes
 * here (no customer name or address): anyone with UI access sees them.
 */
type Describe = (...args: never[]) => string;

const parcel = (s: ShipmentState) =>
  `parcel ${s.locationId} (${s.items.reduce((n, i) => n + i.quantity, 0)} items${s.labelVersion && s.labelVersion > 1 ? `, label v${s.labelVersion}` : ''})`;

const partnerSummaries: Record<string, Describe> = {
  erpCreateSalesOrder: (order: OrderInput) => `ERP: create sales order for ${order.channel} order ${order.externalId}`,
  erpCreateInvoice: (_orderId: string, s: ShipmentState) => `ERP: invoice ${parcel(s)}`,
  erpCreateCreditNote: (_orderId: string, amountMinor: number, currency: string, reason: string) =>
    `ERP: credit note of ${formatMoney(amountMinor, currency)} ${currency} (${reason})`,
  erpCreatePartialCreditNote: () => 'ERP: credit note for cancelled lines',
  crmRecordOrder: (order: OrderInput) => `CRM: record ${order.channel} order ${order.externalId}`,
  crmRecordOrderEvent: (_orderId: string, type: string) => `CRM: record event ${type}`,
  carrierCreateShipment: (order: OrderInput, s: ShipmentState) => `buy label for ${parcel(s)}, ${order.shippingService}`,
  carrierVoidShipment: (_orderId: string, trackingNumber: string) => `void label ${trackingNumber}`,
  channelConfirmFulfillment: (channelId: string, externalId: string, _orderId: string, s: ShipmentState) => `${channelId}: confirm shipment of ${parcel(s)} for ${externalId}`,
  channelRefund: (channelId: string, _e: string, _o: string, amountMinor: number, currency: string) => `${channelId}: refund ${formatMoney(amountMinor, currency)} ${currency}`,
  channelRefundShare: (channelId: string, _e: string, _o: string, amountMinor: number, currency: string) =>
    `${channelId}: refund ${formatMoney(amountMinor, currency)} ${currency} (cancelled lines)`,
  channelCancelLines: () => 'channel: report cancelled lines',
  channelCancelOrder: (channelId: string, externalId: string, _orderId: string, reason: string) => `${channelId}: cancel order ${externalId} (${reason})`,
  gatewayCapture: (_ref: string, _orderId: string, amountMinor: number, currency: string, step: string) => `capture ${formatMoney(amountMinor, currency)} ${currency} (${step})`,
  gatewayVoid: () => 'void the payment authorization',
  gatewayRefund: (_ref: string, _orderId: string, amountMinor: number, currency: string, reason: string) =>
    `refund ${formatMoney(amountMinor, currency)} ${currency} to the card (${reason})`,
};

/** `reserveStock` -> "reserve stock": our own database steps read well enough by name. */
const fromName = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/** The summary of one call; a summary that fails to build never fails the order. */
export function activitySummary(name: string, args: unknown[]): string {
  try {
    const describe = partnerSummaries[name] as ((...a: unknown[]) => string) | undefined;
    return (describe ? describe(...args) : fromName(name)).slice(0, 200);
  } catch {
    return fromName(name);
  }
}

/**
 * The same activities, each call scheduled with its summary. Built on the SDK's per-call
 * `executeWithOptions` (which merges the call's options over the group's), so timeouts, retries,
 * task queue and priority stay those of the group.
 */
export function withSummaries<A extends object>(acts: ActivityInterfaceFor<A>): ActivityInterfaceFor<A> {
  return new Proxy(acts, {
    get(target, name, receiver) {
      const fn: unknown = Reflect.get(target, name, receiver);
      const execute = (fn as { executeWithOptions?: unknown } | undefined)?.executeWithOptions;
      if (typeof name !== 'string' || typeof execute !== 'function') return fn;
      const call = (execute as (options: { summary: string }, args: unknown[]) => Promise<unknown>).bind(fn);
      return (...args: unknown[]) => call({ summary: activitySummary(name, args) }, args);
    },
  });
}

/** "2026-11-30 14:05 UTC": when a timer of `ms` started now fires (workflow time, so replay-safe). */
export function untilText(ms: number): string {
  return `${new Date(Date.now() + ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
