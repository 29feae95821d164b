import { setHandler } from '@temporalio/workflow';
import { receiveReturnUpdate, returnCarrierEventSignal, retryReturnUpdate, returnStateQuery, type ReturnFlowState, type ReturnWorkflowInput } from './messages';
import { ReturnFlow } from './returnFlow';

/**
 * The return workflow (type name `returnWorkflow`, id `return:<returnId>`, issue 18): registers the
 * return's message handlers, each with its validator, and runs its story (./returnFlow.ts).
 */
export async function returnWorkflow(input: ReturnWorkflowInput): Promise<ReturnFlowState> {
  const flow = new ReturnFlow(input);
  setHandler(returnStateQuery, () => flow.state);
  setHandler(receiveReturnUpdate, (r) => flow.receive(r), { validator: (r) => flow.validateReceipt(r) });
  setHandler(retryReturnUpdate, (r) => flow.retry(r), { validator: (r) => flow.validateRetry(r) });
  setHandler(returnCarrierEventSignal, (e) => flow.carrierEvent(e));
  return flow.run();
}
