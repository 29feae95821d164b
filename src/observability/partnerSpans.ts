import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { activeTracing } from './tracing';

export interface PartnerCallSpan {
  /** W3C trace headers for the partner (empty with tracing off). */
  headers: Record<string, string>;
  run<T>(call: () => Promise<T>): Promise<T>;
  end(status?: number, err?: unknown): void;
}

const OFF: PartnerCallSpan = { headers: {}, run: (call) => call(), end: () => undefined };

/**
 * A client span around one partner HTTP call (`erp POST /sales-orders`), the last link of an
 * order's trace: a child of the activity's span, which Temporal's activity interceptor makes the
 * active one. With tracing off it is a constant that does nothing.
 */
export function partnerCallSpan(system: string, method: string, baseUrl: string | undefined, path: string): PartnerCallSpan {
  const tracing = activeTracing();
  if (!tracing) return OFF;
  const span = tracing.tracer.startSpan(`${system} ${method} ${routeOf(path)}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'http.request.method': method, 'url.full': `${baseUrl ?? ''}${path}`, 'orderhub.partner': system },
  });
  const ctx = trace.setSpan(context.active(), span);
  const headers: Record<string, string> = {};
  propagation.inject(ctx, headers);
  return {
    headers,
    run: (call) => context.with(ctx, call),
    end(status, err) {
      if (status !== undefined) span.setAttribute('http.response.status_code', status);
      if (err !== undefined || (status !== undefined && status >= 500)) span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : undefined });
      span.end();
    },
  };
}

/** The path without ids, so span names stay few: digits, uuids and long tokens become `{id}`. */
function routeOf(path: string): string {
  return path
    .split('?')[0]
    .split('/')
    .map((part) => (/\d/.test(part) && part.length > 3 ? '{id}' : part))
    .join('/');
}
