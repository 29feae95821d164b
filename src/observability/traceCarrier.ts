import { context, propagation } from '@opentelemetry/api';

/**
 * A trace context that outlives the request: work stored now and done later by another loop or
 * process (an order's workflow start in the order_starts outbox) continues the request's trace.
 * Without tracing (no propagator registered) the carrier is empty and nothing is kept.
 */
export function currentTraceContext(): Record<string, string> | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}

/** Runs `fn` inside the stored trace context (or the current one when none was stored). */
export function withTraceContext<T>(carrier: Record<string, string> | null | undefined, fn: () => T): T {
  if (!carrier) return fn();
  return context.with(propagation.extract(context.active(), carrier), fn);
}
