import { allHandlersFinished, condition } from '@temporalio/workflow';
import type { OrderState } from '../../domain/order';
import type { Attention } from './attention';
import type { CancelRequest, OrderContext } from './context';
import type { HoldsAndRules } from './holdsAndRules';
import { REFUND_STEP, type Payments } from './payments';

/** How an order ends: a cancellation unwinds what it did (in reverse), tells the partners, and closes. */
export class Compensation {
  constructor(
    private readonly o: OrderContext,
    private readonly parts: { payments: Payments; holds: HoldsAndRules; attention: Attention },
  ) {}

  async cancel({ reason, data }: CancelRequest): Promise<OrderState> {
    const { state, input } = this.o;
    state.waitingFor = 'compensation to finish';
    this.o.model.publish();
    await this.o.model.flush();
    this.parts.payments.bookPaymentTakenBeforeCancel();
    const failures = await this.o.undo.unwind();
    if (state.paymentStatus === 'paid' && !failures.some((f) => f.name === REFUND_STEP)) state.paymentStatus = 'refunded';
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
