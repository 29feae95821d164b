import type { DocumentNumbers, TrackingNumbers } from './ids';

export const CARRIER_NAME = 'simcarrier';

export type ShipmentStatus = 'label_created' | 'dispatched' | 'delivered' | 'voided';

export type CarrierEventType = 'dispatched' | 'delivered';

/** What became of telling the hub about one carrier event. */
export interface HubNotification {
  type: CarrierEventType;
  at: string;
  outcome: 'pending' | 'accepted' | 'rejected' | 'gave_up' | 'cancelled';
  attempts: number;
  lastStatus: number | null;
}

export interface CarrierShipment {
  shipmentId: string;
  orderId: string;
  trackingNumber: string;
  labelId: string;
  carrier: string;
  service: string;
  /** return: a prepaid return label (issue 18); it is picked up, moves and is delivered like an outbound parcel. */
  direction: 'outbound' | 'return';
  status: ShipmentStatus;
  createdAt: string;
  dispatchedAt: string | null;
  deliveredAt: string | null;
  voidedAt: string | null;
  hubNotifications: HubNotification[];
}

export interface NewShipment {
  shipmentId: string;
  orderId: string;
  service: string;
  direction?: 'outbound' | 'return';
}

export type VoidResult = { outcome: 'voided'; shipment: CarrierShipment } | { outcome: 'unknown' } | { outcome: 'too_late'; status: ShipmentStatus };

export type AdvanceResult = { outcome: 'advanced'; shipment: CarrierShipment } | { outcome: 'unknown' } | { outcome: 'invalid_transition'; status: ShipmentStatus };

type CreatedListener = (shipment: CarrierShipment) => void;

/** The status a parcel must be in for each event; anything else (e.g. dispatching a voided label) is refused. */
const REQUIRED_STATUS: Record<CarrierEventType, ShipmentStatus> = {
  dispatched: 'label_created',
  delivered: 'dispatched',
};

/** Labels the simulated carrier has issued, keyed by tracking number, plus their life cycle. */
export class CarrierShipments {
  private readonly byTracking = new Map<string, CarrierShipment>();
  private readonly createdListeners = new Set<CreatedListener>();

  constructor(
    private readonly numbers: DocumentNumbers,
    private readonly trackingNumbers: TrackingNumbers,
  ) {}

  /** Lets the auto-advance react to new labels without the HTTP layer knowing about it. */
  onCreated(listener: CreatedListener): () => void {
    this.createdListeners.add(listener);
    return () => this.createdListeners.delete(listener);
  }

  create(input: NewShipment): CarrierShipment {
    const shipment: CarrierShipment = {
      ...input,
      direction: input.direction ?? 'outbound',
      trackingNumber: this.trackingNumbers.next(),
      labelId: this.numbers.next('LBL'),
      carrier: CARRIER_NAME,
      status: 'label_created',
      createdAt: new Date().toISOString(),
      dispatchedAt: null,
      deliveredAt: null,
      voidedAt: null,
      hubNotifications: [],
    };
    this.byTracking.set(shipment.trackingNumber, shipment);
    for (const listener of this.createdListeners) listener(shipment);
    return shipment;
  }

  get(trackingNumber: string): CarrierShipment | undefined {
    return this.byTracking.get(trackingNumber);
  }

  findByLabel(labelId: string): CarrierShipment | undefined {
    return [...this.byTracking.values()].find((shipment) => shipment.labelId === labelId);
  }

  list(): CarrierShipment[] {
    return [...this.byTracking.values()];
  }

  /** Voiding twice is fine; voiding a parcel already handed over is not. */
  void(trackingNumber: string): VoidResult {
    const shipment = this.byTracking.get(trackingNumber);
    if (!shipment) return { outcome: 'unknown' };
    if (shipment.status === 'dispatched' || shipment.status === 'delivered') {
      return { outcome: 'too_late', status: shipment.status };
    }
    if (shipment.status !== 'voided') {
      shipment.status = 'voided';
      shipment.voidedAt = new Date().toISOString();
    }
    return { outcome: 'voided', shipment };
  }

  advance(trackingNumber: string, event: CarrierEventType, at = new Date().toISOString()): AdvanceResult {
    const shipment = this.byTracking.get(trackingNumber);
    if (!shipment) return { outcome: 'unknown' };
    if (shipment.status !== REQUIRED_STATUS[event]) return { outcome: 'invalid_transition', status: shipment.status };
    shipment.status = event;
    if (event === 'dispatched') shipment.dispatchedAt = at;
    else shipment.deliveredAt = at;
    return { outcome: 'advanced', shipment };
  }
}
