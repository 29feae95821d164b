import { allHandlersFinished, condition } from '@temporalio/workflow';
import type { OrderState } from '../../domain/order';
import type { Attention } from './attention';
import type { CancelRequest, OrderContext } from './context';
import type { HoldsAndRules } from './holdsAndRules';
import type { Payments } from './payments';

/** How an order ends: a cancellation unwinds what it did (in reverse), tells the partners, and closes. */
export class Compensation {
  constructor(
    private readonly o: OrderContext,
    private readonly parts: { payments: Payments; holds: HoldsAndRules; attention: Attention },
  ) {}

  async cancel({ reason, data }: CancelRequest): Promise<OrderState> {
    const { state, input } = this.o;
    this.o.cancelling = true;
    state.waitingFor = 'compensation to finish';
    this.o.model.publish();
    await this.o.model.flush();
    await this.parts.payments.bookPaymentTakenBeforeCancel();
    // One at a time with address corrections and label purchases: a label bought by a correction
    // still running is on the stack (and voided) before the undo steps start.
    const failures = await this.o.exclusive(() => this.o.undo.unwind());
    await this.parts.payments.settleFailedRefund();
    // The refund went through, in the unwind or on an operator's retry: a cancelled order never keeps the money.
    if (state.paymentStatus === 'paid') state.paymentStatus = 'refunded';
    const { attention } = this.parts;
    await Promise.all([
      attention.bestEffort('tell the channel', () => this.o.acts.channel.channelCancelOrder(input.channel, input.externalId, input.orderId, reason)),
      attention.bestEffort('tell the CRM', () => this.o.acts.crm.crmRecordOrderEvent(input.orderId, 'cancelled', reason)),
    ]);
    state.waitingFor = undefined;
    const holdsLeft = this.parts.holds.releaseAllOnCancel();
    await this.o.progress(
      { status: 'cancelled', cancelReason: reason, paymentStatus: state.paymentStatus, fulfillmentStatus: state.allocations.length > 0 ? 'released' : state.fulfillmentStatus },
      { type: 'cancelled', message: `Order cancelled: ${reason}`, data: { ...data, compensationFailures: failures } },
      { control: holdsLeft && { holds: holdsLeft } },
    );
    return this.finish();
  }

  /** The last writes, then the order ends once every update handler has answered. */
  async finish(): Promise<OrderState> {
    await this.o.model.flush();
    this.o.done = true;
    await condition(allHandlersFinished);
    return this.o.state;
  }
}
