import { condition } from '@temporalio/workflow';
import type { PaymentInput } from '../messages';
import type { CancelRequest, OrderContext } from './context';

export const REFUND_STEP = 'refund payment';

/** The order's money: the payment it waits for, and its refund when the order is cancelled. */
export class Payments {
  constructor(private readonly o: OrderContext) {}

  /** A payment reported by the payment provider (POST …/payment): the story picks it up. */
  receive(payment: PaymentInput): void {
    this.o.inbox.payment = payment;
  }

  /** The channel's payment, or the one the order waits for; a cancellation when none comes. */
  async collect(): Promise<CancelRequest | undefined> {
    const { input, inbox, state } = this.o;
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
    this.o.undo.push(REFUND_STEP, () => this.refund());
    // Written with the hold gate's or the fulfilment start's write.
    await this.o.progress(
      { paymentStatus: 'paid', paymentReference: payment.reference },
      { type: 'paid', message: 'Payment received', data: { reference: payment.reference } },
      { later: true },
    );
    return undefined;
  }

  /** The channel took the money before the order got its stock (a prepaid order cancelled early): it is owed back. */
  bookPaymentTakenBeforeCancel(): void {
    if (this.o.input.payment.status !== 'paid' || this.o.state.paymentStatus !== 'pending') return;
    this.o.state.paymentStatus = 'paid';
    this.o.undo.push(REFUND_STEP, () => this.refund());
  }

  private refund(): Promise<void> {
    const { input, state } = this.o;
    return this.o.acts.channel.channelRefund(input.channel, input.externalId, input.orderId, state.totals.totalMinor, input.currency, 'order cancelled');
  }
}
