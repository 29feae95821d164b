import { RetryLaterError } from './httpError';

/** 429 with the seconds until a request would be allowed again; the error handler sends them as Retry-After. */
export class RateLimitedError extends RetryLaterError {
  constructor(retryAfterSeconds: number) {
    super(429, 'rate_limited', `too many requests: try again in ${retryAfterSeconds} s`, retryAfterSeconds);
  }
}
