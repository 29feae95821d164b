import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { OrderErrorType } from '../workflows/messages';
import { HttpError, RetryLaterError } from './httpError';

/** Update rejections and closed workflows are the client's business (409/422), not server errors. */
export function temporalErrorToHttp(err: unknown): HttpError | undefined {
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure) {
      if (cause.type === OrderErrorType.PaymentMismatch) return new HttpError(422, 'payment_mismatch', cause.message);
      if (cause.type === OrderErrorType.CancelInProgress) return new HttpError(409, 'cancel_in_progress', cause.message);
      if (cause.type === OrderErrorType.InvalidState) return new HttpError(409, 'invalid_order_state', cause.message);
      if (cause.type === OrderErrorType.InvalidInput) return new HttpError(400, 'invalid_request', cause.message);
    }
    return new HttpError(409, 'update_rejected', cause?.message ?? err.message);
  }
  // The update was not answered within the RPC deadline: the order's workflow is behind a backlog
  // (or its worker is down). Not the client's fault and not a failure of the change, which Temporal
  // may still deliver: a retry is safe (a payment or cancel applied meanwhile is refused as 409).
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new RetryLaterError(503, 'order_busy', 'the order did not take the change in time (the hub is behind); it may still apply it: read the order, then retry', 5);
  }
  if (err instanceof WorkflowNotFoundError) return new HttpError(409, 'order_closed', 'the order is closed and accepts no more changes');
  const grpcCode = (err as { code?: number })?.code;
  // NOT_FOUND (5) or FAILED_PRECONDITION (9): the workflow has completed.
  if (grpcCode === 5 || grpcCode === 9 || /workflow execution already completed/i.test((err as Error)?.message ?? '')) {
    return new HttpError(409, 'order_closed', 'the order is closed and accepts no more changes');
  }
  return undefined;
}
