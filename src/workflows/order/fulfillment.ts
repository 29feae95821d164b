import { needsDelivery, type ShipmentState } from '../../domain/order';
import { validateAddressCorrection } from '../../domain/orderChecks';
import { planShipments } from '../../domain/shipments';
import type { CorrectAddressInput } from '../messages';
import type { CarrierActivities } from './activityStubs';
import type { Attention, StepOutcome } from './attention';
import type { OrderContext } from './context';
import { check } from './failures';
import type { HoldsAndRules } from './holdsAndRules';
import { fullCreditNote } from '../../domain/erpDocuments';

const LABEL_NO_SKIP = 'a parcel needs its label; retry it or cancel the order';

/** Fulfillment: the ERP and CRM are told and each parcel gets its label, in parallel; a pickup is handed over. */
export class Fulfillment {
  constructor(
    private readonly o: OrderContext,
    private readonly attention: Attention,
    private readonly holds: HoldsAndRules,
  ) {}

  get isPickup(): boolean {
    return this.o.input.fulfillment?.mode === 'pickup';
  }

  /** Whether a carrier takes anything: not a pickup, and a line needs shipping (digital goods and gift cards do not). */
  get delivers(): boolean {
    return needsDelivery(this.o.input);
  }

  /** 'cancelled' when a cancel ended a wait for an operator. A pickup (point of sale) or a digital-only order has no parcel. */
  async start(): Promise<'started' | 'cancelled'> {
    const { input, state, model } = this.o;
    state.shipments = this.delivers ? planShipments(input.orderId, state.allocations) : [];
    state.waitingFor = this.delivers ? 'ERP, CRM and carrier' : 'ERP and CRM';
    // The parcels are on record before their labels exist, so a carrier event can never outrun them.
    state.shipments.forEach((shipment) => model.holdBackShipment(shipment));
    await this.o.progress({ status: 'fulfilling' }, { type: 'fulfilling', message: 'Fulfillment started' });
    const outcomes: StepOutcome[] = await Promise.all([
      this.attention.critical('ERP', 'ERP sales order', () => this.createSalesOrder()),
      this.attention.critical('CRM', 'CRM order record', () => this.o.acts.crm.crmRecordOrder(input, state.totals)),
      ...state.shipments.map((shipment) =>
        this.attention.critical('carrier', `label ${shipment.shipmentId}`, () => this.o.exclusive(() => this.buyLabel(shipment)), LABEL_NO_SKIP),
      ),
    ]);
    if (outcomes.includes('cancelled')) return 'cancelled';
    if (this.delivers) await this.o.progress({ fulfillmentStatus: 'label_created' }, { type: 'labels_created', message: 'Shipping labels created' });
    return 'started';
  }

  /** Point of sale: the customer took the goods at the store, so the stock leaves now and the order is done. */
  async handOver(): Promise<void> {
    const { input, state } = this.o;
    for (const locationId of new Set(state.allocations.map((a) => a.locationId))) await this.o.acts.inventory.commitShipmentStock(input.orderId, locationId);
    state.waitingFor = undefined;
    await this.o.progress({ status: 'delivered', fulfillmentStatus: 'delivered' }, { type: 'picked_up', message: `Handed over at ${input.fulfillment?.pickupLocationId}` });
  }

  /** Lines that need no shipping only (digital goods, gift cards): told to the ERP and CRM, the order is done. */
  async completeWithoutParcel(): Promise<void> {
    this.o.state.waitingFor = undefined;
    const lines = this.o.input.lines.length;
    await this.o.progress(
      { status: 'delivered', fulfillmentStatus: 'delivered' },
      { type: 'fulfilled_without_shipping', message: `Completed without a carrier: ${lines} line(s) need no shipping` },
    );
  }

  /** An operator's address correction: recorded, labels bought for the old address bought again, rules re-run. */
  async correctAddress(request: CorrectAddressInput): Promise<void> {
    check(validateAddressCorrection(this.o.state, request));
    this.o.state.shippingAddress = { ...request.address };
    const version = this.o.bump();
    await this.o.progress(
      {},
      {
        type: 'address_corrected',
        message: `Shipping address corrected by ${request.changedBy}`,
        data: { address: request.address, changedBy: request.changedBy },
        dedupeKey: `address:${version}`,
      },
      { control: { shippingAddress: request.address } },
    );
    await this.relabel();
    await this.holds.evaluate('address corrected');
  }

  private async createSalesOrder(): Promise<void> {
    const { input, state } = this.o;
    const erp = this.o.acts.erp;
    await erp.erpCreateSalesOrder(input, state.totals);
    // After partial cancels the credit note covers what is left; its line document only when nothing was cancelled before.
    this.o.undo.push('ERP credit note', () => {
      const remaining = this.o.remainingMinor();
      return erp.erpCreateCreditNote(input.orderId, remaining, input.currency, 'order cancelled', remaining === state.totals.totalMinor ? fullCreditNote(input) : undefined);
    });
  }

  /** The label of one parcel, with its void on the compensation stack. */
  private async buyLabel(shipment: ShipmentState): Promise<void> {
    // A partial cancel took every unit of this parcel before its label was bought.
    if (shipment.status === 'voided') return;
    const carrier = this.carrier();
    const order = this.o.carrierOrder();
    const label = await carrier.carrierCreateShipment(order, shipment);
    Object.assign(shipment, { trackingNumber: label.trackingNumber, carrier: label.carrier, status: 'label_created' });
    this.o.undo.push(`void label ${label.trackingNumber}`, async () => {
      // The label of the moment: an address correction may have replaced the first one.
      await carrier.carrierVoidShipment(order.orderId, shipment.trackingNumber ?? label.trackingNumber);
      shipment.status = 'voided';
      this.o.model.holdBackShipment(shipment);
    });
    this.o.model.holdBackShipment(shipment);
  }

  /** Labels bought for the old address are voided and bought again for the new one. */
  private async relabel(): Promise<void> {
    const { input, state } = this.o;
    for (const shipment of state.shipments.filter((s) => s.status === 'label_created' && s.trackingNumber)) {
      await this.carrier().carrierVoidShipment(input.orderId, shipment.trackingNumber!);
      shipment.labelVersion = (shipment.labelVersion ?? 1) + 1;
      const label = await this.carrier().carrierCreateShipment(this.o.carrierOrder(), shipment);
      Object.assign(shipment, { trackingNumber: label.trackingNumber, carrier: label.carrier });
      await this.o.acts.store.saveShipment(input.orderId, shipment, input.shippingService);
    }
  }

  /** The carrier's activities with the order's priority of the moment. */
  private carrier(): CarrierActivities {
    return this.o.acts.carrier(this.o.state.rules?.priorityClass ?? 'normal');
  }
}
