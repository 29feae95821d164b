/**
 * What operators do to a running return (issue 18): record the receipt of its parcel and retry a
 * partner step that failed past its retries. Both are updates of the workflow `return:<returnId>`:
 * its validator refuses a wrong receipt before it enters the history, and the API turns that into a
 * 4xx naming the field (400 a malformed line, 409 more units than the return asked for or a return
 * already received or expired). A return whose workflow a crash left unstarted is started first.
 */
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../../db/prisma';
import { returnWorkflowId } from '../../domain/ids';
import { OrderErrorType } from '../../workflows/messages';
import { receiveReturnUpdate, retryReturnUpdate } from '../../workflows/returns/messages';
import { HttpError, notFound } from '../httpError';
import type { ReturnStarter } from './returnStarter';
import type { ReceiptBody, ReturnRetryBody } from './schemas';

/** "lines[0].quantity: …" from the domain becomes the field body.lines.0.quantity. */
function refusal(err: unknown): HttpError | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  const message = cause?.message ?? err.message;
  const at = /^(lines(?:\[\d+\])?(?:\.\w+)?):/.exec(message)?.[1];
  const fields = at ? [{ field: `body.${at.replace(/\[(\d+)\]/g, '.$1')}`, message: message.slice(at.length + 2) }] : undefined;
  if (cause instanceof ApplicationFailure && cause.type === OrderErrorType.InvalidInput) return new HttpError(400, 'validation_failed', message, fields);
  return new HttpError(409, 'return_refused', message, fields);
}

const FINAL = new Set(['refunded', 'closed', 'expired']);

export function createReturnActions(db: Db, temporal: Client, starter: ReturnStarter) {
  async function runningReturn(returnId: string) {
    const ret = await db.return.findUnique({ where: { id: returnId } });
    if (!ret) throw notFound(`return ${returnId}`);
    if (FINAL.has(ret.status) && ret.workflowStartedAt) throw new HttpError(409, 'return_refused', `return ${returnId} is ${ret.status}`);
    await starter.start(returnId);
    return temporal.workflow.getHandle(returnWorkflowId(returnId));
  }

  return {
    async receive(returnId: string, body: ReceiptBody, receivedBy: string) {
      if (body.locationId !== undefined && !(await db.location.findUnique({ where: { id: body.locationId } }))) {
        throw new HttpError(400, 'validation_failed', `unknown location "${body.locationId}"`, [{ field: 'body.locationId', message: `unknown location "${body.locationId}"` }]);
      }
      const handle = await runningReturn(returnId);
      try {
        return await handle.executeUpdate(receiveReturnUpdate, { args: [{ lines: body.lines, locationId: body.locationId, receivedBy }] });
      } catch (err) {
        throw refusal(err) ?? err;
      }
    },

    async retry(returnId: string, body: ReturnRetryBody, requestedBy: string) {
      const handle = await runningReturn(returnId);
      try {
        return await handle.executeUpdate(retryReturnUpdate, { args: [{ requestedBy, ...(body.step !== undefined && { step: body.step }) }] });
      } catch (err) {
        throw refusal(err) ?? err;
      }
    },
  };
}
