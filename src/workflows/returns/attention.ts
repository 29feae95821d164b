import { condition } from '@temporalio/workflow';
import type { ReturnStatus } from '../../domain/returns';
import { errorMessage } from '../order/failures';
import type { ReturnActivityGroups } from './activityStubs';
import type { ReturnFlowState, ReturnRetryInput } from './messages';
import { setReturnStatus } from './publish';

/**
 * A partner step of a return that failed past its retry budget (the gateway down for hours, the ERP
 * refusing): the return shows needs_attention with the system and the error until an operator
 * retries it (POST /api/v1/returns/:returnId/retry), then goes back to where it was. There is no
 * skip: every step of a return is owed (money, a credit note, the channel's record), as a
 * cancellation's refund is in the order workflow (src/workflows/order/attention.ts).
 */
export class ReturnAttention {
  private readonly retried = new Set<string>();

  constructor(
    private readonly state: ReturnFlowState,
    private readonly store: ReturnActivityGroups['store'],
  ) {}

  /** Runs the step until it succeeds; each permanent failure waits for an operator's retry. */
  async critical<T>(system: string, step: string, call: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await call();
      } catch (err) {
        await this.waitForOperator(system, step, errorMessage(err));
      }
    }
  }

  /** The validator's check: a retry names a waiting step, or there is one. */
  validateRetry(request: ReturnRetryInput): string | undefined {
    const waiting = Object.keys(this.state.attention);
    if (waiting.length === 0) return `return ${this.state.returnId} is ${this.state.status}: no step is waiting for a retry`;
    if (request.step !== undefined && !waiting.includes(request.step)) return `step "${request.step}" is not waiting; waiting: ${waiting.join(', ')}`;
    return undefined;
  }

  /** Resolves once the retried steps ran again (succeeded, or failed and wait again). */
  async retry(request: ReturnRetryInput): Promise<void> {
    const steps = request.step ? [request.step] : Object.keys(this.state.attention);
    for (const step of steps) this.retried.add(step);
    await condition(() => steps.every((s) => this.state.attention[s] === undefined || !this.retried.has(s)));
  }

  private async waitForOperator(system: string, step: string, error: string): Promise<void> {
    const before: ReturnStatus = this.state.status;
    this.state.attention[step] = `${system}: ${error}`;
    setReturnStatus(this.state, 'needs_attention');
    this.state.waitingFor = `an operator: ${step} failed`;
    await this.store.recordReturnStatus(this.state.returnId, 'needs_attention', `${system}: ${step} failed: ${error}`);
    await condition(() => this.retried.has(step));
    this.retried.delete(step);
    delete this.state.attention[step];
    setReturnStatus(this.state, before);
    this.state.waitingFor = undefined;
    await this.store.recordReturnStatus(this.state.returnId, before);
  }
}
