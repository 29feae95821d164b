/**
 * A marketplace API's answer to an outbound call, as the activity's retry policy needs it: a 429
 * (or our own usage plan running dry) is retried after the wait the platform asked for, an outage
 * is retried with the policy's backoff, and a refusal (4xx) is not retried: the same request would
 * be refused again, so the workflow asks an operator instead.
 */
import { ApplicationFailure } from '@temporalio/common';
import { PartnerErrorType } from '../activities/clients/partnerHttp';

export interface PlatformError {
  status: number;
  message: string;
  /** How long the platform asked us to wait (Retry-After, or the usage plan's next token). */
  retryAfterMs?: number;
}

export function outboundFailure(platform: string, e: PlatformError): ApplicationFailure {
  const details = [{ system: 'channel', status: e.status }];
  if (e.status === 429)
    return ApplicationFailure.create({
      type: PartnerErrorType.Unavailable,
      message: `${platform} throttled: ${e.message}`,
      details,
      ...(e.retryAfterMs !== undefined && { nextRetryDelay: Math.max(1, Math.ceil(e.retryAfterMs)) }),
    });
  if (e.status >= 500 || e.status === 0) return ApplicationFailure.create({ type: PartnerErrorType.Unavailable, message: `${platform} unavailable: ${e.message}`, details });
  return ApplicationFailure.create({ type: PartnerErrorType.Rejected, message: `${platform} refused: ${e.message}`, nonRetryable: true, details });
}

/** Whether a failure is a refusal (not worth retrying): a stock push logs it and goes on with the other channels. */
export const isRefusal = (err: unknown): err is ApplicationFailure => err instanceof ApplicationFailure && err.nonRetryable === true;
