import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { Request, Response } from 'express';
import { errorHandler } from '../../src/api/middleware/errorHandler';

/**
 * An update the order's workflow did not answer within the RPC deadline (a backlog, a worker
 * down): a soak saw a payment answered 500 after 30 s. It is neither the client's mistake nor a
 * fault of the change, which may still apply: 503 order_busy with Retry-After, so the client retries.
 */
test('an update the workflow did not answer in time is a 503 order_busy with Retry-After, not a 500', () => {
  const headers: Record<string, string> = {};
  let status = 0;
  let body: unknown;
  const res = {
    setHeader: (name: string, value: string) => void (headers[name] = value),
    status(code: number) {
      status = code;
      return this;
    },
    json(b: unknown) {
      body = b;
      return this;
    },
  } as unknown as Response;
  const req = { method: 'POST', originalUrl: '/api/v1/orders/o-1/payment' } as Request;
  errorHandler(new WorkflowUpdateRPCTimeoutOrCancelledError('context deadline exceeded'), req, res, () => undefined);
  expect(status).toBe(503);
  expect(body).toMatchObject({ error: 'order_busy' });
  expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
});
