import { condition } from '@temporalio/workflow';
import type { ShipmentState } from '../../domain/order';
import { hasLeftWarehouse, statusFromShipments } from '../../domain/shipments';
import type { CarrierEvent } from '../messages';
import type { Attention } from './attention';
import type { Capture } from './capture';
import type { OrderContext } from './context';
import { describeStatus } from './publish';
import { shipmentInvoice } from '../../domain/erpDocuments';

/** After the labels: the carrier's events move the parcels until every one is delivered, or a cancel comes first. */
export class Parcels {
  constructor(
    private readonly o: OrderContext,
    private readonly attention: Attention,
    private readonly capture: Capture,
  ) {}

  /** A carrier event for one of the order's parcels (POST /api/v1/carrier/events). */
  receive(event: CarrierEvent): void {
    this.o.inbox.carrierEvents.push(event);
  }

  /** 'cancelled' when a cancel came while no parcel had left yet. */
  async follow(): Promise<'delivered' | 'cancelled'> {
    const { state, inbox } = this.o;
    const noneLeft = () => !state.shipments.some(hasLeftWarehouse);
    for (;;) {
      state.waitingFor = inbox.cancel ? undefined : 'carrier events';
      this.o.model.publish();
      await condition(() => inbox.carrierEvents.length > 0 || (inbox.cancel !== undefined && noneLeft()));
      if (inbox.cancel && noneLeft()) return 'cancelled';
      const event = inbox.carrierEvents.shift()!;
      // One at a time with partial cancels and address corrections: a dispatch lands before or after them, never inside.
      await this.o.exclusive(() => this.apply(event));
      if (state.status === 'delivered') break;
    }
    state.waitingFor = undefined;
    this.o.model.publish();
    return 'delivered';
  }

  /** One database activity per event: the stock commit (or a flush) carries the parcel and status writes. */
  private async apply(event: CarrierEvent): Promise<void> {
    const { state } = this.o;
    const shipment = this.shipmentFor(event);
    if (!shipment) return;
    if (event.type === 'exception') {
      await this.o.progress(
        {},
        { type: 'carrier_exception', message: `Carrier reported an exception for ${shipment.trackingNumber}`, dedupeKey: `exception:${event.trackingNumber}:${event.at}` },
      );
      return;
    }
    const leaving = (event.type === 'dispatched' || event.type === 'delivered') && !hasLeftWarehouse(shipment);
    if (leaving) shipment.status = 'dispatched';
    if (event.type === 'in_transit' && shipment.status === 'dispatched') shipment.status = 'in_transit';
    if (event.type === 'delivered' && shipment.status !== 'delivered') shipment.status = 'delivered';
    this.o.model.holdBackShipment(shipment, event.at);
    const next = statusFromShipments(state.shipments);
    if (next !== state.status) {
      const patch = { status: next, fulfillmentStatus: next === 'fulfilling' ? state.fulfillmentStatus : next };
      await this.o.progress(patch, { type: next, message: describeStatus(next), data: { trackingNumber: shipment.trackingNumber } }, { later: true });
    }
    if (!leaving) return this.o.model.flush();
    await this.o.model.withPending((changes) => this.o.acts.inventory.commitShipmentStock(this.o.input.orderId, shipment.locationId, changes));
    // Before the ERP invoice and the channel's confirmation: they wait out a gateway outage.
    await this.capture.captureParcel(shipment);
    await this.tellPartnersDispatched(shipment);
  }

  private shipmentFor(event: CarrierEvent): ShipmentState | undefined {
    // A voided label's parcel (address corrected) shares the shipment ID but not the tracking number.
    return this.o.state.shipments.find((s) =>
      event.shipmentId ? s.shipmentId === event.shipmentId && s.trackingNumber === event.trackingNumber : s.trackingNumber === event.trackingNumber,
    );
  }

  private async tellPartnersDispatched(shipment: ShipmentState): Promise<void> {
    const { input, state } = this.o;
    // The parcel's share of each line, discounts and tax: all parcels' invoices add up to the order's.
    const invoice = shipmentInvoice(input, state.allocations, state.shipments, shipment.shipmentId);
    await Promise.all([
      this.attention.bestEffort(`ERP invoice for ${shipment.shipmentId}`, () => this.o.acts.erp.erpCreateInvoice(input.orderId, shipment, invoice)),
      this.attention.bestEffort(`channel fulfillment for ${shipment.shipmentId}`, () =>
        this.o.acts.channel.channelConfirmFulfillment(input.channel, input.externalId, input.orderId, shipment),
      ),
    ]);
  }
}
