import type { ReceivedLine } from '../../domain/returns';
import { runAfterReceipt } from './hooks';
import type { ReceiptInput, ReturnFlowState, ReturnWorkflowInput } from './messages';
import { setReturnStatus } from './publish';
import type { ReturnActivityGroups } from './activityStubs';
import type { ReturnAttention } from './attention';

/**
 * After the receipt, each step once: the receipt recorded (the refund worked out there, with the
 * order's status), resellable units back in stock, the afterReceipt hooks (an exchange's
 * replacement), the money back, the ERP's credit note, the channel told. Every external call is
 * keyed by the return, so a retry or a worker restart repeats a request and never makes a second
 * one; a partner failing past its budget waits for an operator (./attention.ts).
 */
/** What settling needs of the flow (./returnFlow.ts passes itself). */
export interface SettlementContext {
  input: ReturnWorkflowInput;
  state: ReturnFlowState;
  acts: ReturnActivityGroups;
  attention: ReturnAttention;
}

export async function settleReturn(flow: SettlementContext, receipt: ReceiptInput, lines: ReceivedLine[]): Promise<void> {
  const { input, state, acts, attention } = flow;
  const outcome = await acts.store.recordReturnReceipt(input.returnId, { lines, locationId: receipt.locationId, receivedBy: receipt.receivedBy });
  setReturnStatus(state, 'received');
  state.refundMinor = outcome.refundMinor;
  state.done.push('receipt');
  if (outcome.lines.some((l) => l.resellable > 0)) {
    await acts.store.restockReturn(input.returnId);
    state.done.push('restock');
  }
  await runAfterReceipt({ input, receipt: outcome, acts });
  state.done.push('afterReceipt');

  const plan = await acts.store.planReturnRefund(input.returnId);
  if (plan.gatewayMinor > 0) {
    await attention.critical('gateway', 'return refund', () => acts.gateway.gatewayRefundReturn(plan.reference, input.orderId, plan.gatewayMinor, plan.currency, input.returnId));
  }
  if (plan.channelMinor > 0) {
    await attention.critical('channel', 'return refund', () =>
      acts.channel.channelRefundReturn(plan.channel, plan.externalId, input.orderId, plan.channelMinor, plan.currency, input.returnId),
    );
  }
  const finalStatus = await acts.store.recordReturnRefunded(input.returnId, plan);
  setReturnStatus(state, finalStatus);
  state.done.push('refund');

  await attention.critical('erp', 'return credit note', () => acts.erp.erpCreateReturnCreditNote(input.returnId));
  state.done.push('credit note');
  await attention.critical('channel', 'return notice', () => acts.channel.channelReturnReceived(input.returnId));
  state.done.push('channel told');
}
