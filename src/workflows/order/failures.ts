import { ApplicationFailure } from '@temporalio/workflow';
import type { OrderProblem } from '../../domain/orderChecks';
import { OrderErrorType } from '../messages';

const TYPES: Record<OrderProblem['kind'], string> = {
  invalid_state: OrderErrorType.InvalidState,
  invalid_input: OrderErrorType.InvalidInput,
  payment_mismatch: OrderErrorType.PaymentMismatch,
  cancel_in_progress: OrderErrorType.CancelInProgress,
};

/** Rejects the update with the failure type the API maps to its HTTP status (409, 422, …). */
export function refuse(problem: OrderProblem): ApplicationFailure {
  return ApplicationFailure.create({ type: TYPES[problem.kind], message: problem.message, nonRetryable: true });
}

/** For validators and handlers: throws when the domain check found a problem. */
export function check(problem: OrderProblem | undefined): void {
  if (problem) throw refuse(problem);
}

export function invalidState(message: string): ApplicationFailure {
  return refuse({ kind: 'invalid_state', message });
}

/** The partner's own words when a failed activity carries them. */
export function errorMessage(err: unknown): string {
  const cause = (err as { cause?: unknown })?.cause;
  if (cause instanceof Error) return cause.message;
  return err instanceof Error ? err.message : String(err);
}
