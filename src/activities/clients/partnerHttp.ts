import axios, { AxiosError, type AxiosInstance } from 'axios';
import { ApplicationFailure } from '@temporalio/common';
import { startPartnerCall } from '../../observability/integrationMetrics';
import { partnerCallSpan } from '../../observability/partnerSpans';
import type { PartnerCallRecorder } from '../partnerCallLog';

export type PartnerSystem = 'erp' | 'crm' | 'carrier' | 'channel' | 'gateway';

export const PartnerErrorType = {
  Rejected: 'PartnerRejected',
  Unavailable: 'PartnerUnavailable',
} as const;

// The recorder of each client's calls (partner_calls), kept beside the client rather than passed through every partner method.
const recorders = new WeakMap<AxiosInstance, PartnerCallRecorder>();

/** One HTTP client per partner system, each with its own base URL and timeout; `record`: where each attempt's outcome goes. */
export function createPartnerHttp(baseURL: string, timeoutMs: number, record?: PartnerCallRecorder): AxiosInstance {
  const http = axios.create({ baseURL, timeout: timeoutMs, headers: { 'Content-Type': 'application/json' } });
  if (record) recorders.set(http, record);
  return http;
}

/**
 * Calls a partner with an idempotency key. Errors are classified for Temporal's retries:
 * the partner's own "no" (4xx other than 408/429) fails at once, with its message; outages
 * (5xx, timeouts, refused connections) are retried by the activity's retry policy.
 */
export async function callPartner<T>(
  http: AxiosInstance,
  system: PartnerSystem,
  request: { method: 'GET' | 'POST' | 'PUT'; path: string; body?: unknown; idempotencyKey: string },
): Promise<T> {
  const recordCall = startPartnerCall(system);
  const attempt = { system, method: request.method, path: request.path, idempotencyKey: request.idempotencyKey };
  // Tracing on: a client span, child of the activity's, whose context goes to the partner as `traceparent`.
  const span = partnerCallSpan(system, request.method, http.defaults.baseURL, request.path);
  try {
    const res = await span.run(() =>
      http.request<T>({
        method: request.method,
        url: request.path,
        data: request.body,
        headers: { 'Idempotency-Key': request.idempotencyKey, ...span.headers },
      }),
    );
    recordCall();
    span.end(res.status);
    await recorders.get(http)?.({ ...attempt, outcome: 'succeeded', status: res.status });
    return res.data;
  } catch (err) {
    recordCall(err);
    const status = err instanceof AxiosError ? err.response?.status : undefined;
    span.end(status, err);
    const classified = classifyPartnerError(system, request.path, err);
    const rejected = classified instanceof ApplicationFailure && classified.type === PartnerErrorType.Rejected;
    await recorders.get(http)?.({ ...attempt, outcome: rejected ? 'rejected' : 'unavailable', status, error: classified.message });
    throw classified;
  }
}

export function classifyPartnerError(system: PartnerSystem, path: string, err: unknown): Error {
  if (!(err instanceof AxiosError)) return err instanceof Error ? err : new Error(String(err));
  const status = err.response?.status;
  const partnerMessage = describeBody(err.response?.data) ?? err.message;
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return ApplicationFailure.create({
      type: PartnerErrorType.Rejected,
      message: `${system} rejected ${path} with ${status}: ${partnerMessage}`,
      nonRetryable: true,
      details: [{ system, status }],
    });
  }
  return ApplicationFailure.create({
    type: PartnerErrorType.Unavailable,
    message: `${system} unavailable at ${path}${status ? ` (${status})` : ''}: ${partnerMessage}`,
    nonRetryable: false,
    details: [{ system, status: status ?? null }],
  });
}

function describeBody(data: unknown): string | undefined {
  if (data && typeof data === 'object' && 'error' in data) return String((data as { error: unknown }).error);
  if (typeof data === 'string' && data.length > 0) return data.slice(0, 500);
  return undefined;
}
