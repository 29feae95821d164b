import type { OrderState } from '../../domain/order';
import type { OrderProblem } from '../../domain/orderChecks';
import type { ShareReturn } from '../../domain/payment';
import { partialCreditNote } from '../../domain/erpDocuments';
import { pricedOrderOf } from '../../domain/orderMoney';
import { afterRelease, planPartialCancel, recordPartialCancel, type PartialCancelFacts, type PartialCancelPlan } from '../../domain/partialCancel';
import { hasLeftWarehouse } from '../../domain/shipments';
import type { CancelInput } from '../messages';
import type { Attention } from './attention';
import type { OrderContext } from './context';
import { check } from './failures';
import type { Payments } from './payments';

const PARTIAL_STATUSES: ReadonlySet<OrderState['status']> = new Set(['on_hold', 'fulfilling', 'partially_shipped', 'needs_attention']);

/**
 * Partial cancels (POST …/cancel with `lines`): the units that have not left a warehouse are
 * cancelled, the rest of the order goes on. The plan and the per-line record are pure
 * (src/domain/partialCancel.ts); this part carries the plan out: one request at a time with
 * carrier events, label purchases and address corrections (the order's `exclusive` chain), so a
 * dispatch either lands before the plan (and its units are no longer cancellable: 409) or after
 * it (and the parcel carries only what is left).
 */
export class PartialCancels {
  constructor(
    private readonly o: OrderContext,
    private readonly parts: { payments: Payments; attention: Attention },
  ) {}

  /**
   * Paid (an authorized order: past its payment step) and reserved, and not yet done: before that
   * the order has no units to give back (cancel it whole).
   */
  private stateProblem(): OrderProblem | undefined {
    const { state } = this.o;
    if (!PARTIAL_STATUSES.has(state.status) || !this.parts.payments.shareReturnable() || state.allocations.length === 0) {
      return {
        kind: 'invalid_state',
        message: `order is ${state.status} with payment ${state.paymentStatus}; lines can be cancelled once it is paid and its stock reserved, until its last parcel leaves (cancel the whole order without lines)`,
      };
    }
    return undefined;
  }

  /**
   * A parcel whose dispatch event has reached the order counts as gone, even before the event is
   * applied: a dispatch and a partial cancel delivered in the same workflow task (the signal
   * first) then always end the same way, the dispatch wins and the cancel is refused (409).
   */
  private facts(): PartialCancelFacts {
    const { input, state, inbox } = this.o;
    const leaving = new Set(inbox.carrierEvents.filter((e) => e.type === 'dispatched' || e.type === 'delivered').map((e) => e.trackingNumber));
    const shipments = state.shipments.map((s) => (s.trackingNumber && leaving.has(s.trackingNumber) && !hasLeftWarehouse(s) ? { ...s, status: 'dispatched' as const } : s));
    return { input, priced: pricedOrderOf(input), allocations: state.allocations, shipments, ledger: this.o.ledger };
  }

  /** The validator's check and the handler's (the order may have moved on while the request queued). */
  plan(request: CancelInput): PartialCancelPlan | undefined {
    check(this.stateProblem());
    const plan = planPartialCancel(this.facts(), request.requestId ?? '', request.lines ?? []);
    if (plan && !('requestId' in plan)) check(plan);
    return plan as PartialCancelPlan | undefined;
  }

  /**
   * 'full' when the request cancels every unit left and nothing shipped: the caller cancels the
   * whole order instead (its compensation gives back the rest, shipping included).
   */
  async run(request: CancelInput, stillOpen: () => OrderProblem | undefined): Promise<'full' | 'done'> {
    const planned = await this.o.exclusive(() => {
      // Checked again in its turn: a compensation already running refuses it (409 cancel_in_progress).
      check(stillOpen());
      return this.cancelUnits(request);
    });
    if (planned === 'full') return 'full';
    if (planned) await this.settle(planned.plan, planned.share, request);
    return 'done';
  }

  /** Stock, record, money booked and parcels, inside the exclusive chain. */
  private async cancelUnits(request: CancelInput): Promise<{ plan: PartialCancelPlan; share: ShareReturn } | 'full' | undefined> {
    const plan = this.plan(request);
    if (!plan) return undefined;
    if (plan.becomesFullCancel) return 'full';
    const { input, state } = this.o;
    await this.o.acts.inventory.releaseOrderUnits(input.orderId, plan.requestId, plan.releases);
    const { allocations, changedShipments } = afterRelease(state.allocations, state.shipments, plan.releases);
    state.allocations = allocations;
    // Recorded before any money moves: a full cancel from now on gives back only the rest.
    this.o.ledger = recordPartialCancel(this.o.ledger, plan);
    state.cancelledLines = this.o.ledger.lines;
    // Also before any capture can run again: a parcel leaving after this captures without the share.
    const share = this.parts.payments.bookShare(plan.refund.totalMinor);
    for (const shipment of changedShipments) await this.relabel(shipment);
    return { plan, share };
  }

  /** A parcel that lost units: its label is bought again for what is left, or voided when nothing is left. */
  private async relabel(shipment: OrderState['shipments'][number]): Promise<void> {
    const { input } = this.o;
    const carrier = this.o.acts.carrier(this.o.state.rules?.priorityClass ?? 'normal');
    if (shipment.status === 'label_created' && shipment.trackingNumber) {
      await carrier.carrierVoidShipment(input.orderId, shipment.trackingNumber);
      if (shipment.items.length > 0) {
        shipment.labelVersion = (shipment.labelVersion ?? 1) + 1;
        const label = await carrier.carrierCreateShipment(this.o.carrierOrder(), shipment);
        Object.assign(shipment, { trackingNumber: label.trackingNumber, carrier: label.carrier });
      }
    }
    // A parcel left empty is voided, whether or not it had a label (label buying skips it).
    if (shipment.items.length === 0 && !hasLeftWarehouse(shipment)) shipment.status = 'voided';
    this.o.model.holdBackShipment(shipment);
  }

  /** The money and the partners, after the exclusive part: the share goes back, the ERP and the channel are told. */
  private async settle(plan: PartialCancelPlan, share: ShareReturn, request: CancelInput): Promise<void> {
    const { input } = this.o;
    const { attention, payments } = this.parts;
    const reason = request.reason;
    await payments.returnShare(share, plan.requestId, reason);
    const lines = plan.lines.map(({ lineNo, sku, quantity }) => ({ lineNo, sku, quantity }));
    await Promise.all([
      attention.bestEffort(`ERP credit note ${plan.requestId}`, () =>
        this.o.acts.erp.erpCreatePartialCreditNote(input.orderId, plan.requestId, { reason, document: partialCreditNote(input, plan.refund) }),
      ),
      attention.bestEffort(`channel line cancel ${plan.requestId}`, () =>
        this.o.acts.channel.channelCancelLines({ channel: input.channel, externalId: input.externalId, orderId: input.orderId, requestId: plan.requestId, reason, lines }),
      ),
    ]);
    await this.o.progress(
      {},
      {
        type: 'lines_cancelled',
        message: `Cancelled ${plan.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')}: ${reason}`,
        data: {
          requestId: plan.requestId,
          requestedBy: request.requestedBy,
          reason,
          lines: plan.lines,
          refundMinor: plan.refund.totalMinor,
          taxMinor: plan.refund.taxMinor,
          // How the share went back (an authorized order's may be released rather than refunded).
          ...(share.releaseMinor + share.gatewayRefundMinor > 0 && { money: share }),
          releases: plan.releases,
        },
        dedupeKey: `lines_cancelled:${plan.requestId}`,
      },
    );
  }
}
