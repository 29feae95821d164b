import { condition } from '@temporalio/workflow';
import { untilText } from './summaries';
import { formatMoney } from '../../domain/money';
import type { ShipmentState } from '../../domain/order';
import {
  DEFAULT_AUTHORIZATION_HOLD_AFTER_MS,
  authorizationHoldAt,
  isAuthorizedPayment,
  ledgerStatus,
  openLedger,
  parcelCapture,
  recordShareReturn,
  splitShareReturn,
  uncapturedMinor,
  type PaymentLedger,
  type PaymentTransaction,
  type ShareReturn,
} from '../../domain/payment';
import { hasLeftWarehouse } from '../../domain/shipments';
import { nowIso, type CancelRequest, type OrderContext } from './context';
import { errorMessage } from './failures';
import type { HoldsAndRules } from './holdsAndRules';
import type { StatusPatch } from './readModel';

/**
 * An authorized order's money (channel payment `authorized` or `partially_paid`): the hub
 * captures it through the payment gateway, at once (`on_order`) or parcel by parcel as they
 * leave the warehouse (`on_shipment`); a cancel refunds what the gateway captured and voids the
 * rest. A partial cancel's share is released from the authorization while uncaptured and refunded
 * once captured. Every gateway call's idempotency key is the order plus the step
 * (`gateway.capture.<shipment>`, `gateway.release.<request>`), so nothing is captured, released,
 * voided or refunded twice, whatever retries. Paid and unpaid orders never come here.
 */
export class Capture {
  /** Parcels whose share was captured (or tried past the retry budget): each captures once. */
  private readonly settledParcels = new Set<string>();
  /** The payment step is over (on_order: captured): from then on a partial cancel may give a share back. */
  private secured = false;
  /** The full cancel's void is sent: it releases every share a partial cancel has not released yet. */
  private voiding = false;

  constructor(
    private readonly o: OrderContext,
    private readonly holds: HoldsAndRules,
  ) {}

  get applies(): boolean {
    return isAuthorizedPayment(this.o.input.payment);
  }

  private get ledger(): PaymentLedger {
    const { input, state } = this.o;
    return (state.payment ??= openLedger(`${input.channel}:${input.externalId}`, input.payment, state.totals.totalMinor));
  }

  /**
   * The payment step of an authorized order: `on_order` captures everything now (a capture the
   * gateway refuses is a failed payment: the order is cancelled and the authorization voided);
   * `on_shipment` goes on with the authorization.
   */
  async secure(): Promise<CancelRequest | undefined> {
    const ledger = this.ledger;
    if (this.o.inbox.cancel) return this.o.requestedCancel();
    if (ledger.policy === 'on_order' && uncapturedMinor(ledger) > 0) {
      try {
        await this.capture(uncapturedMinor(ledger), 'order');
      } catch (err) {
        const error = errorMessage(err);
        await this.o.progress({}, { type: 'payment_failed', message: `Capture refused by the payment gateway: ${error}`, data: { error } });
        return { reason: 'payment_failed', data: { error } };
      }
    }
    if (this.o.inbox.cancel) return this.o.requestedCancel();
    this.secured = true;
    const status = ledgerStatus(ledger);
    await this.o.progress(
      { paymentStatus: status, paymentReference: ledger.authorizationRef },
      { type: status, message: status === 'paid' ? 'Payment captured' : `Payment ${status}: captured as the parcels ship`, data: { reference: ledger.authorizationRef } },
      { later: true },
    );
    return undefined;
  }

  /**
   * A parcel left the warehouse: under `on_shipment` it captures its share of what is still
   * authorized (the last parcel the rest). Awaited before the ERP and the channel hear of the
   * dispatch, so a gateway outage delays the shipping confirmation. A capture that fails past its
   * retry budget is put on the timeline with a `payment` hold for an operator; its share is
   * still authorized, and the next parcel's capture takes it along.
   */
  async captureParcel(shipment: ShipmentState): Promise<void> {
    if (!this.applies || this.ledger.policy !== 'on_shipment' || this.settledParcels.has(shipment.shipmentId)) return;
    const ledger = this.ledger;
    const unitsOf = (s: ShipmentState) => s.items.reduce((n, i) => n + i.quantity, 0);
    const unitsRemaining = this.o.state.shipments.filter((s) => s.status !== 'voided' && !this.settledParcels.has(s.shipmentId)).reduce((n, s) => n + unitsOf(s), 0);
    this.settledParcels.add(shipment.shipmentId);
    if (uncapturedMinor(ledger) === 0) return;
    const amount = parcelCapture(ledger, unitsOf(shipment), unitsRemaining);
    if (amount === 0) return;
    try {
      await this.capture(amount, shipment.shipmentId);
    } catch (err) {
      await this.flagForOperator(
        `capture of ${formatMoney(amount, this.o.input.currency)} for ${shipment.shipmentId} failed: ${errorMessage(err)}`,
        `capture_failed:${shipment.shipmentId}`,
      );
    }
  }

  /** A pickup leaves with the customer: whatever is still authorized is captured. */
  async captureRest(): Promise<void> {
    if (!this.applies || uncapturedMinor(this.ledger) === 0) return;
    try {
      await this.capture(uncapturedMinor(this.ledger), 'pickup');
    } catch (err) {
      await this.flagForOperator(`capture at pickup failed: ${errorMessage(err)}`, 'capture_failed:pickup');
    }
  }

  /** Whether a partial cancel may give a share back: the payment step is over, so no capture of it is in flight. */
  get shareReturnable(): boolean {
    return this.secured;
  }

  /**
   * A partial cancel's share, decided inside its exclusive part (one at a time with the parcels'
   * captures and a full cancel's unwind): released while uncaptured, else refunded. Booked before
   * any money moves, so from now on no capture takes the released part and a full cancel refunds
   * and voids only what is beyond the share. The calls themselves follow (releaseShare, refundShare).
   */
  bookShare(shareMinor: number): ShareReturn {
    const split = splitShareReturn(this.ledger, shareMinor);
    // In place: a step holding the ledger across an activity keeps writing to the same object.
    Object.assign(this.ledger, recordShareReturn(this.ledger, split));
    return split;
  }

  /** The share released from the authorization (a partial void at the gateway), keyed by the cancel's request id. */
  async releaseShare(amountMinor: number, requestId: string, reason: string): Promise<void> {
    const { input } = this.o;
    const l = this.ledger;
    // A full cancel's void went out since the share was booked: it releases the share with the rest.
    // Checked again on a failure: a void that reached the gateway first makes the release a 409.
    if (this.voiding) return;
    let id: string;
    try {
      id = await this.o.acts.gateway.gatewayRelease(l.authorizationRef, input.orderId, amountMinor, input.currency, reason, requestId);
    } catch (err) {
      if (this.voiding) return;
      throw err;
    }
    await this.record({ id, kind: 'void', amountMinor }, `Released ${formatMoney(amountMinor, input.currency)} of the authorization (partial cancel)`, {
      paymentStatus: ledgerStatus(l),
    });
  }

  /** The share refunded through the gateway (it captured the money), keyed by the cancel's request id. */
  async refundShare(amountMinor: number, requestId: string, reason: string): Promise<void> {
    const { input } = this.o;
    const l = this.ledger;
    const id = await this.o.acts.gateway.gatewayRefundShare(l.authorizationRef, input.orderId, amountMinor, input.currency, reason, requestId);
    await this.record({ id, kind: 'refund', amountMinor }, `Refunded ${formatMoney(amountMinor, input.currency)} through the payment gateway (partial cancel)`, {
      paymentStatus: ledgerStatus(l),
    });
  }

  /**
   * The cancel's money step: what the gateway captured is refunded through it, what the channel
   * captured through the channel, and the authorization's rest is voided. Each part runs once
   * (the ledger remembers it), so an operator's retry after a failure repeats only what is left;
   * shares that partial cancels released or refunded are not in it.
   */
  async settle(reason: string): Promise<void> {
    const { input, state } = this.o;
    const l = this.ledger;
    const acts = this.o.acts;
    const gatewayOwed = l.gatewayCapturedMinor - l.gatewayRefundedMinor;
    if (gatewayOwed > 0) {
      const id = await acts.gateway.gatewayRefund(l.authorizationRef, input.orderId, gatewayOwed, input.currency, reason);
      l.gatewayRefundedMinor += gatewayOwed;
      await this.record({ id, kind: 'refund', amountMinor: gatewayOwed }, `Refunded ${formatMoney(gatewayOwed, input.currency)} through the payment gateway`);
    }
    const channelOwed = l.channelCapturedMinor - l.channelRefundedMinor;
    if (channelOwed > 0) {
      await acts.channel.channelRefund(input.channel, input.externalId, input.orderId, channelOwed, input.currency, reason);
      l.channelRefundedMinor += channelOwed;
    }
    if (uncapturedMinor(l) > 0) {
      const released = uncapturedMinor(l);
      this.voiding = true;
      const id = await acts.gateway.gatewayVoid(l.authorizationRef, input.orderId, input.currency);
      l.voided = true;
      await this.record({ id, kind: 'void', amountMinor: released }, `Authorization voided: ${formatMoney(released, input.currency)} released`);
    }
    state.paymentStatus = ledgerStatus(l);
  }

  /**
   * Beside the story: an authorization as old as AUTHORIZATION_HOLD_AFTER with nothing shipped and
   * money still to capture puts the order on a `payment` hold for an operator (who releases it to
   * go on, or cancels the order, which voids the authorization).
   */
  async watchAuthorization(): Promise<void> {
    if (!this.applies) return;
    const { input, state } = this.o;
    const holdAt = authorizationHoldAt(input.placedAt, this.o.options.authorizationHoldAfterMs ?? DEFAULT_AUTHORIZATION_HOLD_AFTER_MS);
    const over = () => this.o.done || this.o.cancelling || state.shipments.some(hasLeftWarehouse) || uncapturedMinor(this.ledger) === 0;
    if (await condition(over, Math.max(1, holdAt - Date.now()), { summary: `payment hold at ${untilText(Math.max(1, holdAt - Date.now()))} if money is still uncaptured` })) return;
    await this.o.exclusive(async () => {
      if (over()) return;
      await this.flagForOperator(`authorization ${this.ledger.authorizationRef} is about to expire and nothing has shipped`, 'authorization_expiring');
    });
  }

  private async capture(amountMinor: number, step: string): Promise<void> {
    const { input } = this.o;
    const l = this.ledger;
    const id = await this.o.acts.gateway.gatewayCapture(l.authorizationRef, input.orderId, amountMinor, input.currency, step);
    l.gatewayCapturedMinor += amountMinor;
    const shipment = step === 'order' || step === 'pickup' ? undefined : step;
    await this.record(
      { id, kind: 'capture', amountMinor, ...(shipment && { shipmentId: shipment }) },
      `Captured ${formatMoney(amountMinor, input.currency)}${shipment ? ` for ${shipment}` : ''} through the payment gateway`,
      { paymentStatus: ledgerStatus(l) },
    );
  }

  /** The transaction, the payment status and a timeline event, in one write. */
  private async record(t: Omit<PaymentTransaction, 'source' | 'at' | 'reference'>, message: string, patch: StatusPatch = {}): Promise<void> {
    const transaction: PaymentTransaction = { ...t, source: 'gateway', reference: this.ledger.authorizationRef, at: nowIso() };
    await this.o.progress(
      patch,
      { type: `payment_${t.kind}`, message, data: { amountMinor: t.amountMinor, transactionId: t.id }, dedupeKey: `payment:${t.id}` },
      { control: { transactions: [transaction] } },
    );
  }

  /** The order's own `payment` hold (one at a time), with the problem on the timeline. */
  private async flagForOperator(note: string, dedupeKey: string): Promise<void> {
    const open = this.o.state.holds.some((h) => h.releasedAt === undefined && h.reason === 'payment');
    const changes = open ? undefined : this.holds.placeOwn('payment', note);
    const version = this.o.bump();
    await this.o.progress(
      {},
      { type: 'payment_attention', message: `Payment needs an operator: ${note}`, data: { note }, dedupeKey: `${dedupeKey}:${version}` },
      { control: changes && { holds: changes } },
    );
  }
}
