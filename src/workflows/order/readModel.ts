import type { ControlPatch, OrderChanges } from '../../activities/orderStore';
import type { OrderState, ShipmentState } from '../../domain/order';
import type { OrderStoreActivities } from './activityStubs';
import { Publisher } from './publish';

export type StatusPatch = Partial<Pick<OrderState, 'status' | 'paymentStatus' | 'fulfillmentStatus' | 'paymentReference' | 'cancelReason'>>;
export interface TimelineEntry {
  type: string;
  message: string;
  data?: Record<string, unknown>;
  /** Default: the type (one such event per order). */
  dedupeKey?: string;
}

export interface ProgressOptions {
  /** Rules and holds columns that change with the event. */
  control?: ControlPatch;
  /** Held back for the database activity that comes next (the caller makes sure one does). */
  later?: boolean;
}

/**
 * The order's read model (order row, timeline, parcels, holds) and its Temporal UI face. Writes
 * are held back and ride on the next database activity (in its transaction, or for a reservation
 * right after it, in the same activity): one activity where each write once took its own. A write
 * is never held across a wait or an operator's update.
 */
export class ReadModel {
  private readonly pending: OrderChanges = { shipments: [], progress: [] };
  private writesInFlight = 0;
  private readonly publisher = new Publisher();

  constructor(
    private readonly state: OrderState,
    private readonly store: OrderStoreActivities,
    private readonly shippingService: string,
  ) {}

  /** Update handlers answer only once what they changed is also in the database. */
  persisted(): boolean {
    return this.writesInFlight === 0 && this.pending.shipments.length === 0 && this.pending.progress.length === 0;
  }

  publish(): void {
    this.publisher.publish(this.state);
  }

  /** The state changes, the UI shows it, and the timeline event is written (now, or with the next database activity). */
  async progress(patch: StatusPatch, event: TimelineEntry, options: ProgressOptions = {}): Promise<void> {
    Object.assign(this.state, patch);
    // The search attributes go out with the database activity that carries this write (withPending).
    this.publisher.publish(this.state, { defer: true });
    const at = new Date().toISOString();
    this.pending.progress.push({ patch: { ...patch, at }, event: { ...event, dedupeKey: event.dedupeKey ?? event.type }, ...(options.control && { control: options.control }) });
    if (!options.later) await this.flush();
  }

  /** The parcel's row as it is now, written with the next database activity. */
  holdBackShipment(shipment: ShipmentState, at?: string): void {
    this.pending.shipments.push({ shipment: { ...shipment }, service: this.shippingService, ...(at && { at }) });
  }

  /** Runs a database activity that also carries the held-back writes, in the same activity. */
  async withPending<T>(call: (changes: OrderChanges | undefined) => Promise<T>): Promise<T> {
    const held = this.pending.shipments.length + this.pending.progress.length > 0;
    const changes = held ? { shipments: this.pending.shipments.splice(0), progress: this.pending.progress.splice(0) } : undefined;
    // One upsert for every attribute the held writes changed, next to the activity that writes them.
    this.publisher.flush();
    this.writesInFlight += 1;
    try {
      return await call(changes);
    } finally {
      this.writesInFlight -= 1;
    }
  }

  /** Writes what is held back, if anything. */
  async flush(): Promise<void> {
    await this.withPending(async (changes) => changes && this.store.saveOrderChanges(this.state.orderId, changes));
  }
}
