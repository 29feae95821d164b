import { condition } from '@temporalio/workflow';
import type { PaymentInput } from '../messages';
import type { Attention } from './attention';
import type { Capture } from './capture';
import type { CancelRequest, OrderContext } from './context';
import { errorMessage } from './failures';

export const REFUND_STEP = 'refund payment';
const REFUND_NO_SKIP = 'the customer is owed the money; retry it once the channel takes refunds again';

/** The order's money: the payment it waits for, and its refund when the order is cancelled. */
export class Payments {
  /** The refund's last error when it failed past its retry budget while the cancel unwound. */
  private refundError?: string;
  /** An authorized order's settlement (refund what was captured, void the rest) is on the compensation stack. */
  private settlementPushed = false;

  constructor(
    private readonly o: OrderContext,
    private readonly attention: Attention,
    private readonly capture: Capture,
  ) {}

  /** A payment reported by the payment provider (POST …/payment): the story picks it up. */
  receive(payment: PaymentInput): void {
    this.o.inbox.payment = payment;
  }

  /** The channel's payment, or the one the order waits for; a cancellation when none comes. */
  async collect(): Promise<CancelRequest | undefined> {
    const { input, inbox, state } = this.o;
    if (this.capture.applies) {
      // Pushed first: a capture the gateway refuses cancels the order, and the cancel voids the authorization.
      this.pushRefund();
      return this.capture.secure();
    }
    if (input.payment.status === 'paid') {
      inbox.payment = { amountMinor: state.totals.totalMinor, currency: input.currency, reference: input.payment.reference ?? 'channel', outcome: 'succeeded' };
    } else {
      state.waitingFor = 'payment';
      await this.o.progress({ status: 'awaiting_payment' }, { type: 'awaiting_payment', message: 'Waiting for payment' });
      const settled = await condition(() => inbox.payment !== undefined || inbox.cancel !== undefined, this.o.options.paymentTimeoutMs);
      state.waitingFor = undefined;
      if (!settled) return { reason: 'payment_timeout' };
    }
    if (inbox.cancel) return this.o.requestedCancel();
    const payment = inbox.payment!;
    if (payment.outcome === 'failed') {
      await this.o.progress({ paymentStatus: 'failed' }, { type: 'payment_failed', message: 'Payment failed', data: { reference: payment.reference } });
      return { reason: 'payment_failed' };
    }
    this.pushRefund();
    // Written with the hold gate's or the fulfillment start's write.
    await this.o.progress(
      { paymentStatus: 'paid', paymentReference: payment.reference },
      { type: 'paid', message: 'Payment received', data: { reference: payment.reference } },
      { later: true },
    );
    return undefined;
  }

  /**
   * Money the order took but has not booked, because the cancel came first: a prepaid order
   * cancelled before it got its stock, or a payment accepted in the same moment as the cancel
   * (or while the stock was being reserved). It is booked, and refunded by the unwind.
   */
  async bookPaymentTakenBeforeCancel(): Promise<void> {
    const { input, inbox, state } = this.o;
    if (this.capture.applies) {
      // Cancelled before the payment step (out of stock, backordered): the authorization is voided.
      this.pushRefund();
      return;
    }
    if (state.paymentStatus !== 'pending') return;
    if (input.payment.status === 'paid') {
      state.paymentStatus = 'paid';
      this.pushRefund();
      return;
    }
    const payment = inbox.payment;
    if (!payment) return;
    if (payment.outcome === 'failed') {
      await this.o.progress({ paymentStatus: 'failed' }, { type: 'payment_failed', message: 'Payment failed', data: { reference: payment.reference } });
      return;
    }
    await this.o.progress(
      { paymentStatus: 'paid', paymentReference: payment.reference },
      { type: 'paid', message: 'Payment received as the order was being cancelled: it is refunded', data: { reference: payment.reference } },
    );
    this.pushRefund();
  }

  /** After the unwind: a refund that failed past its budget waits for an operator's retry (same idempotency key); never skipped. */
  async settleFailedRefund(): Promise<void> {
    for (let failed = this.refundError; failed !== undefined;) {
      // An authorized order's money goes back (or is released) through the payment gateway.
      const system = this.capture.applies ? 'gateway' : 'channel';
      await this.attention.askOperator({ system, step: REFUND_STEP, error: failed, noSkip: REFUND_NO_SKIP }, () => false);
      failed = await this.refund().then(
        () => undefined,
        (err: unknown) => errorMessage(err),
      );
    }
    this.refundError = undefined;
  }

  /** The refund undo step: a failure is not a compensation failure to note, it waits for an operator after the unwind. */
  private pushRefund(): void {
    if (this.settlementPushed) return;
    this.settlementPushed = true;
    this.o.undo.push(REFUND_STEP, () => this.refund().catch((err: unknown) => void (this.refundError = errorMessage(err))));
  }

  private refund(): Promise<void> {
    const { input } = this.o;
    if (this.capture.applies) return this.capture.settle('order cancelled');
    // What partial cancels gave back already is not given again.
    return this.o.acts.channel.channelRefund(input.channel, input.externalId, input.orderId, this.o.remainingMinor(), input.currency, 'order cancelled');
  }

  /**
   * A partial cancel's "return the money for this share": today a refund through the channel
   * (keyed by the request id). The one seam for an authorization release (i13-capture): route
   * here by the payment's state. A failure waits for an operator's retry; the share is owed, never skipped.
   */
  async returnShare(amountMinor: number, requestId: string, reason: string): Promise<void> {
    const { input } = this.o;
    if (amountMinor <= 0) return;
    const step = `${REFUND_STEP} ${requestId}`;
    for (;;) {
      try {
        return await this.o.acts.channel.channelRefundShare(input.channel, input.externalId, input.orderId, amountMinor, input.currency, reason, requestId);
      } catch (err) {
        await this.attention.askOperator({ system: 'channel', step, error: errorMessage(err), noSkip: REFUND_NO_SKIP }, () => false);
      }
    }
  }
}
