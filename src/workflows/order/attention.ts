import { condition } from '@temporalio/workflow';
import { openHolds } from '../../domain/holds';
import type { FailedStep } from '../../domain/orderChecks';
import type { RetryStepInput, SkipStepInput } from '../messages';
import type { OrderContext } from './context';
import { errorMessage } from './failures';
import type { HoldsAndRules } from './holdsAndRules';

interface WaitingStep extends FailedStep {
  system: string;
  error: string;
  decision?: 'retry' | 'skip';
  by?: string;
  reason?: string;
}

export type StepOutcome = 'done' | 'skipped' | 'cancelled';
type Decision = 'retry' | 'skipped' | 'cancelled';

/**
 * Partner steps that failed past their retry budget: the order needs attention (an integration
 * hold names the system and the error) until an operator retries or skips the step.
 */
export class Attention {
  /** The steps waiting for an operator, by name, with the operator's decision once taken. */
  readonly waiting = new Map<string, WaitingStep>();

  constructor(
    private readonly o: OrderContext,
    private readonly holds: HoldsAndRules,
  ) {}

  /** Runs a partner step the order cannot go on without; `noSkip`: why an operator may not skip it. */
  async critical(system: string, step: string, call: () => Promise<unknown>, noSkip?: string): Promise<StepOutcome> {
    for (;;) {
      try {
        await call();
        return 'done';
      } catch (err) {
        const decision = await this.askOperator({ system, step, error: errorMessage(err), noSkip }, () => this.o.inbox.cancel !== undefined);
        if (decision !== 'retry') return decision;
      }
    }
  }

  /** The step needs attention until an operator retries or skips it, or `interrupted()` (a cancel) ends the wait. */
  async askOperator(failed: { system: string; step: string; error: string; noSkip?: string }, interrupted: () => boolean): Promise<Decision> {
    const { system, step, error, noSkip } = failed;
    this.waiting.set(step, { system, error, ...(noSkip !== undefined && { noSkip }) });
    await this.flag(system, step, error);
    await condition(() => this.waiting.get(step)?.decision !== undefined || interrupted());
    const entry = this.waiting.get(step)!;
    this.waiting.delete(step);
    if (interrupted()) return 'cancelled';
    await this.settle(step, entry);
    return entry.decision === 'skip' ? 'skipped' : 'retry';
  }

  /** A partner step whose permanent failure must not stop the order: it is put on the timeline instead. */
  async bestEffort(step: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (err) {
      await this.o.progress({}, { type: 'integration_failed', message: `${step} failed: ${errorMessage(err)}`, data: { step }, dedupeKey: `integration_failed:${step}` });
    }
  }

  /** The operator's decision on one step is written (the hold released once none waits); a retried step runs again after this. */
  async retry(request: RetryStepInput): Promise<void> {
    const steps = request.step ? [request.step] : [...this.waiting.keys()];
    for (const step of steps) Object.assign(this.waiting.get(step) ?? {}, { decision: 'retry', by: request.requestedBy });
    await condition(() => steps.every((step) => !this.waiting.has(step)) && this.o.model.persisted());
  }

  async skip(request: SkipStepInput): Promise<void> {
    Object.assign(this.waiting.get(request.step)!, { decision: 'skip', by: request.requestedBy, reason: request.reason });
    await condition(() => !this.waiting.has(request.step) && this.o.model.persisted());
  }

  private async flag(system: string, step: string, error: string): Promise<void> {
    const note = `${system}: ${step} failed: ${error}`;
    // While cancelling, the holds from before stop nothing any more: they make way for the one naming this step.
    const open = openHolds(this.o.state.holds).some((h) => h.reason === 'integration');
    const changes = this.o.cancelling ? this.holds.replaceAllWithOwn('integration', note) : open ? undefined : this.holds.placeOwn('integration', note);
    const version = this.o.bump();
    this.o.state.waitingFor = `an operator: ${[...this.waiting.keys()].join(', ')} failed`;
    await this.o.progress(
      { status: 'needs_attention' },
      { type: 'needs_attention', message: `${system} failed past its retry budget (${step}): ${error}`, data: { system, step, error }, dedupeKey: `needs_attention:${version}` },
      { control: changes && { holds: changes } },
    );
  }

  private async settle(step: string, entry: WaitingStep): Promise<void> {
    const allSettled = this.waiting.size === 0;
    const changes = allSettled ? this.holds.releaseOwn('integration', entry.by) : undefined;
    const version = this.o.bump();
    if (allSettled) this.o.state.waitingFor = this.o.cancelling ? 'compensation to finish' : undefined;
    const skipped = entry.decision === 'skip';
    const message = skipped ? `${step} skipped by ${entry.by}: ${entry.reason}` : `${step} retried by ${entry.by}`;
    await this.o.progress(
      // A cancellation's step goes on with the compensation; the order ends cancelled, never back to fulfilling.
      allSettled && !this.o.cancelling ? { status: 'fulfilling' } : {},
      { type: skipped ? 'integration_skipped' : 'integration_retried', message, data: { step, by: entry.by, reason: entry.reason }, dedupeKey: `attention:${version}` },
      { control: changes && { holds: changes } },
    );
  }
}
