import type { CarrierEventType, CarrierShipments, HubNotification } from './carrierShipments';
import { HubEventSender } from './hubEventSender';
import type { TimerRegistry } from './timers';

export interface CarrierAutoAdvanceOptions {
  shipments: CarrierShipments;
  timers: TimerRegistry;
  hubUrl?: string;
  hubApiKey?: string;
  /** 0 turns auto-advance off: tests then drive carrier events themselves. */
  dispatchDelayMs: number;
  /** 0 leaves parcels dispatched forever. */
  deliveryDelayMs: number;
  log: (line: string) => void;
}

export interface CarrierAutoAdvance {
  readonly enabled: boolean;
  stop(): void;
}

/**
 * Plays the physical side of the carrier: some time after a label is bought the
 * parcel is picked up, later delivered, and each step is reported to the hub's
 * carrier webhook.
 */
export function startCarrierAutoAdvance(options: CarrierAutoAdvanceOptions): CarrierAutoAdvance {
  const { shipments, timers, hubUrl, hubApiKey, dispatchDelayMs, deliveryDelayMs, log } = options;
  if (!hubUrl || dispatchDelayMs <= 0) return { enabled: false, stop: () => undefined };

  const sender = new HubEventSender({ hubUrl, apiKey: hubApiKey, timers, log });
  let stopped = false;

  /** Returns false when the parcel could not make this step (e.g. its label was voided meanwhile). */
  async function advanceAndNotify(trackingNumber: string, type: CarrierEventType): Promise<boolean> {
    const at = new Date().toISOString();
    const result = shipments.advance(trackingNumber, type, at);
    if (result.outcome !== 'advanced') {
      const why = result.outcome === 'unknown' ? 'unknown shipment' : `shipment is ${result.status}`;
      log(`carrier: not sending ${type} for ${trackingNumber}: ${why}`);
      return false;
    }
    const notification: HubNotification = { type, at, outcome: 'pending', attempts: 0, lastStatus: null };
    result.shipment.hubNotifications.push(notification);
    Object.assign(notification, await sender.send({ trackingNumber, shipmentId: result.shipment.shipmentId, type, at }));
    return true;
  }

  async function dispatchThenDeliver(trackingNumber: string): Promise<void> {
    const dispatched = await advanceAndNotify(trackingNumber, 'dispatched');
    // Delivery is only scheduled once the hub has heard about dispatch, so it never sees them out of order.
    if (!dispatched || stopped || deliveryDelayMs <= 0) return;
    timers.schedule(() => {
      advanceAndNotify(trackingNumber, 'delivered').catch(reportBug);
    }, deliveryDelayMs);
  }

  function reportBug(error: unknown): void {
    log(`carrier auto-advance failed: ${error instanceof Error ? error.stack : String(error)}`);
  }

  const unsubscribe = shipments.onCreated((shipment) => {
    timers.schedule(() => {
      dispatchThenDeliver(shipment.trackingNumber).catch(reportBug);
    }, dispatchDelayMs);
  });

  return {
    enabled: true,
    stop() {
      stopped = true;
      unsubscribe();
      sender.stop();
    },
  };
}
