import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The process's one prom-client registry: Node.js process figures and what this process itself
 * counts (partner calls, made by the activities of the worker in this process). Figures read
 * from the database at scrape time are built per scrape instead (src/api/metrics/), so they are
 * the same whichever process answers and survive restarts.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'orderhub_' });

export const integrationCalls = new Counter({
  name: 'orderhub_integration_calls_total',
  help: 'HTTP calls to partner systems (ERP, CRM, carrier, channels) by outcome',
  labelNames: ['partner', 'outcome'] as const,
  registers: [registry],
});

export const integrationCallDuration = new Histogram({
  name: 'orderhub_integration_call_duration_seconds',
  help: 'Duration of HTTP calls to partner systems, whatever their outcome',
  labelNames: ['partner'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});
