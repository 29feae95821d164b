import { condition } from '@temporalio/workflow';
import type { ShareReturn } from '../../domain/payment';
import { untilText } from './summaries';
import type { PaymentInput } from '../messages';
import type { Attention } from './attention';
import type { Capture } from './capture';
import type { CancelRequest, OrderContext } from './context';
import { errorMessage } from './failures';

export const REFUND_STEP = 'refund payment';
const REFUND_NO_SKIP = 'the customer is owed the money; retry it once the channel takes refunds again';
const GATEWAY_REFUND_NO_SKIP = 'the customer is owed the money; retry it once the payment gateway takes refunds again';
export const RELEASE_STEP = 'release authorization';

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
      const settled = await condition(() => inbox.payment !== undefined || inbox.cancel !== undefined, this.o.options.paymentTimeoutMs, {
        summary: `wait for payment until ${untilText(this.o.options.paymentTimeoutMs)}`,
      });
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

  /** Whether a partial cancel may give a share back now: the order's money is taken (or, authorized, its payment step is over). */
  shareReturnable(): boolean {
    return this.capture.applies ? this.capture.shareReturnable : this.o.state.paymentStatus === 'paid';
  }

  /**
   * Inside the partial cancel's exclusive part: how its share goes back, booked before any money
   * moves. A paid order's goes back through the channel; an authorized order's by where the money
   * stands (released while uncaptured, else refunded by whoever captured it: splitShareReturn).
   */
  bookShare(amountMinor: number): ShareReturn {
    if (!this.capture.applies) return { releaseMinor: 0, gatewayRefundMinor: 0, channelRefundMinor: amountMinor };
    return this.capture.bookShare(amountMinor);
  }

  /**
   * A partial cancel's "return the money for this share", each call under a key of the order and
   * the cancel's request id: two cancels give back twice, a retried one once. A refund that fails
   * waits for an operator's retry (the share is owed, never skipped); a release may be skipped
   * (an expired authorization holds nothing any more), its share is never captured either way.
   */
  async returnShare(share: ShareReturn, requestId: string, reason: string): Promise<void> {
    const { input } = this.o;
    const step = `${REFUND_STEP} ${requestId}`;
    if (share.releaseMinor > 0) {
      await this.untilDone({ system: 'gateway', step: `${RELEASE_STEP} ${requestId}` }, () => this.capture.releaseShare(share.releaseMinor, requestId, reason));
    }
    if (share.gatewayRefundMinor > 0) {
      await this.untilDone({ system: 'gateway', step, noSkip: GATEWAY_REFUND_NO_SKIP }, () => this.capture.refundShare(share.gatewayRefundMinor, requestId, reason));
    }
    if (share.channelRefundMinor > 0) {
      await this.untilDone({ system: 'channel', step, noSkip: REFUND_NO_SKIP }, () =>
        this.o.acts.channel.channelRefundShare(input.channel, input.externalId, input.orderId, share.channelRefundMinor, input.currency, reason, requestId),
      );
    }
  }

  /** Tries the call until it succeeds, or an operator skips it (only where `noSkip` is not given). */
  private async untilDone(failed: { system: string; step: string; noSkip?: string }, call: () => Promise<unknown>): Promise<void> {
    for (;;) {
      try {
        await call();
        return;
      } catch (err) {
        if ((await this.attention.askOperator({ ...failed, error: errorMessage(err) }, () => false)) === 'skipped') return;
      }
    }
  }
}
