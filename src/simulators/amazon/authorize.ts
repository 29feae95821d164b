import type { Request, Response } from 'express';
import type { AmazonSimState, IssuedToken } from './amazonState';
import type { SpOperation } from './usagePlans';

/** SP-API's ErrorList. */
export function fail(res: Response, status: number, code: string, message: string, details?: string): void {
  res.status(status).json({ errors: [{ code, message, ...(details && { details }) }] });
}

export function spAuthorizer(state: AmazonSimState) {
  /**
   * Every SP-API call: faults first (an outage or a throttling storm answers before anything is
   * counted against the plan), then the access token, then the operation's usage plan.
   */
  return (operation: SpOperation, req: Request, res: Response): IssuedToken | undefined => {
    state.count(operation);
    res.set('x-amzn-RequestId', `sim-${Date.now()}`);
    if (state.pending503 > 0) {
      state.pending503--;
      state.stats.injected503++;
      fail(res, 503, 'ServiceUnavailable', 'Service temporarily unavailable.');
      return undefined;
    }
    if (state.pending429 > 0) {
      state.pending429--;
      state.stats.injected429++;
      fail(res, 429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.');
      return undefined;
    }
    const value = req.get('x-amz-access-token');
    const token = value ? state.tokens.get(value) : undefined;
    if (!token) {
      fail(res, 403, 'Unauthorized', 'Access to requested resource is denied.', 'The access token you provided is revoked, malformed or invalid.');
      return undefined;
    }
    if (token.expiresAtMs <= Date.now()) {
      state.stats.expiredTokenCalls++;
      fail(res, 403, 'Unauthorized', 'Access to requested resource is denied.', 'The access token you provided has expired.');
      return undefined;
    }
    const plan = state.buckets.plan(operation);
    res.set('x-amzn-RateLimit-Limit', String(plan.rate));
    if (!state.buckets.take(token.seller, operation)) {
      state.stats.overLimit++;
      fail(res, 429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.');
      return undefined;
    }
    return token;
  };
}
