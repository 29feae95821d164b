/**
 * The hub's order lines as a platform's outbound calls need them: each carries the platform's own
 * line id (Shopify's line_item id, Amazon's OrderItemId, eBay's lineItemId; kept by the inbound
 * mappings as channelLineId), and a parcel or a cancellation named by SKU (or line number) is
 * turned into units per platform line id.
 */
import { ApplicationFailure } from '@temporalio/common';
import { PartnerErrorType } from '../activities/clients/partnerHttp';
import type { Db } from '../db/prisma';

export interface HubOrderLine {
  lineNo: number;
  sku: string;
  quantity: number;
  /** The platform's id of the line (the inbound mapping stores it). */
  channelLineId: string | null;
}

/** What the platform cannot be told (a line without its id): retrying would not help, an operator must. */
export function unmappable(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: PartnerErrorType.Rejected, message, nonRetryable: true, details: [{ system: 'channel', status: null }] });
}

export function readOrderLines(db: Db, orderId: string) {
  return db.orderLine.findMany({
    where: { orderId },
    orderBy: { lineNo: 'asc' },
    select: { lineNo: true, sku: true, quantity: true, channelLineId: true, lineTotalMinor: true, requiresShipping: true },
  });
}

/** Units per platform line id, from the hub's lines (by SKU, or by line number when given). `platform` names the id in errors. */
export function unitsByChannelLine(lines: HubOrderLine[], wanted: { sku: string; quantity: number; lineNo?: number }[], orderId: string, platform: string): Map<string, number> {
  const units = new Map<string, number>();
  const left = new Map(lines.map((l) => [l.lineNo, l.quantity]));
  for (const w of wanted) {
    let need = w.quantity;
    for (const line of lines) {
      if (need === 0) break;
      if (w.lineNo !== undefined ? line.lineNo !== w.lineNo : line.sku !== w.sku) continue;
      if (!line.channelLineId) throw unmappable(`order ${orderId} line ${line.lineNo} (${line.sku}) has no ${platform} line id`);
      const take = Math.min(need, left.get(line.lineNo) ?? 0);
      if (take === 0) continue;
      left.set(line.lineNo, (left.get(line.lineNo) ?? 0) - take);
      units.set(line.channelLineId, (units.get(line.channelLineId) ?? 0) + take);
      need -= take;
    }
    if (need > 0) throw unmappable(`order ${orderId} has no line left for ${w.quantity} x ${w.sku}`);
  }
  return units;
}
