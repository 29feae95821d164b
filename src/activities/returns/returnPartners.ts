/**
 * The return's calls to partner systems, each keyed by the order and the return
 * (`<orderId>:<system>.<step>.return.<returnId>`): retries and worker restarts repeat the same
 * request, never a new one, and two returns of one order never share a key. They read what they
 * send from the tables (the order workflow may have ended long ago).
 */
import type { Db } from '../../db/prisma';
import { idempotencyKey } from '../../domain/ids';
import type { PartnerClients } from '../partners';
import { returnCreditNote } from './returnCreditNote';

export function createReturnPartnerActivities(db: Db, { carrier, gateway, erp, channel }: Pick<PartnerClients, 'carrier' | 'gateway' | 'erp' | 'channel'>) {
  const load = (returnId: string) =>
    db.return.findUniqueOrThrow({ where: { id: returnId }, include: { lines: { orderBy: { lineNo: 'asc' } }, order: { include: { shipments: { orderBy: { id: 'asc' } } } } } });
  return {
    async carrierCreateReturnLabel(returnId: string) {
      const ret = await load(returnId);
      const locationId = ret.locationId ?? ret.order.shipments[0]?.locationId ?? 'unknown';
      const location = await db.location.findUnique({ where: { id: locationId } });
      const label = await carrier.createReturnLabel(
        {
          returnId,
          orderId: ret.orderId,
          from: ret.order.shippingAddress,
          to: { locationId, country: location?.country ?? 'US' },
          items: ret.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
        },
        idempotencyKey(ret.orderId, `carrier.label.return.${returnId}`),
      );
      return { trackingNumber: label.trackingNumber, labelId: label.labelId, carrier: label.carrier };
    },
    /** Compensation of an expired return: its label was never used. */
    async carrierVoidReturnLabel(returnId: string, trackingNumber: string): Promise<void> {
      const ret = await db.return.findUniqueOrThrow({ where: { id: returnId } });
      await carrier.voidShipment(ret.orderId, trackingNumber, idempotencyKey(ret.orderId, `carrier.void.return.${returnId}`));
    },
    async gatewayRefundReturn(reference: string, orderId: string, amountMinor: number, currency: string, returnId: string): Promise<string> {
      const key = idempotencyKey(orderId, `gateway.refund.return.${returnId}`);
      await gateway.refund(reference, orderId, amountMinor, currency, `return ${returnId}`, key);
      return key;
    },
    async channelRefundReturn(channelId: string, externalId: string, orderId: string, amountMinor: number, currency: string, returnId: string): Promise<void> {
      await channel.refund(channelId, externalId, orderId, amountMinor, currency, `return ${returnId}`, idempotencyKey(orderId, `channel.refund.return.${returnId}`));
    },
    /** Exactly the refunded share, line by line with its tax (and the shipping when it went back). */
    async erpCreateReturnCreditNote(returnId: string): Promise<void> {
      const ret = await load(returnId);
      const document = await returnCreditNote(db, ret.orderId, returnId);
      await erp.createPartialCreditNote(ret.orderId, { reason: `return ${returnId}`, document }, idempotencyKey(ret.orderId, `erp.credit-note.return.${returnId}`));
    },
    /** Returns whether the channel was told (false: its platform has no call for it, see src/channels/returnNotice.ts). */
    async channelReturnReceived(returnId: string): Promise<boolean> {
      const ret = await load(returnId);
      const lines = ret.lines
        .filter((l) => l.receivedResellable + l.receivedDamaged > 0)
        .map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.receivedResellable + l.receivedDamaged }));
      const notice = { channel: ret.order.channelId, externalId: ret.order.externalId, orderId: ret.orderId, returnId, lines };
      return (await channel.returnReceived(notice, idempotencyKey(ret.orderId, `channel.return.${returnId}`))) !== null;
    },
  };
}
