import type { Operation } from './registry';

/** Routes without zod schemas and without an API key: probes, the dashboard and these docs. */
export const platformOperations: Operation[] = [
  {
    operationId: 'health',
    method: 'get',
    path: '/healthz',
    tag: 'platform',
    summary: 'Database and Temporal health',
    responses: [
      { status: 200, description: 'Both checks passed.', schema: 'Health' },
      { status: 503, description: 'A check failed; status is degraded (the error is in the API log, never in this public answer).', schema: 'Health' },
    ],
    errors: [],
  },
  {
    operationId: 'metrics',
    method: 'get',
    path: '/metrics',
    tag: 'platform',
    summary: 'Prometheus metrics',
    description:
      'The database figures are computed at most once per METRICS_DB_INTERVAL (15 s by default) and may be that old. ' +
      'With METRICS_KEY set, only `Authorization: Bearer <METRICS_KEY>` opens this route (API keys do not); ' +
      'with API_METRICS_PORT set, it is served on that port instead of this one.',
    responses: [{ status: 200, description: 'Prometheus text exposition.', contentType: 'text/plain', schema: { type: 'string' } }],
    errors: [401],
  },
  {
    operationId: 'dashboard',
    method: 'get',
    path: '/dashboard',
    tag: 'platform',
    summary: 'The operations dashboard page',
    responses: [{ status: 200, description: 'HTML page.', contentType: 'text/html', schema: { type: 'string' } }],
    errors: [],
  },
  {
    operationId: 'getDashboardConfig',
    method: 'get',
    path: '/api/v1/dashboard/config',
    tag: 'platform',
    summary: "The dashboard's settings (Temporal UI link)",
    responses: [{ status: 200, description: 'Settings.', schema: 'DashboardConfig' }],
    errors: [],
  },
  {
    operationId: 'getOpenApiDocument',
    method: 'get',
    path: '/api/v1/openapi.json',
    tag: 'platform',
    summary: 'This OpenAPI document',
    responses: [{ status: 200, description: 'OpenAPI 3.1 document.', schema: { type: 'object' } }],
    errors: [],
  },
  {
    operationId: 'getApiDocs',
    method: 'get',
    path: '/api/v1/docs',
    tag: 'platform',
    summary: 'This document as an HTML page',
    responses: [{ status: 200, description: 'HTML page.', contentType: 'text/html', schema: { type: 'string' } }],
    errors: [],
  },
  {
    operationId: 'whoAmI',
    method: 'get',
    path: '/api/v1/me',
    tag: 'platform',
    summary: 'The calling API key: the name every action it takes is recorded under',
    description:
      'Holds, releases, cancels, address corrections, rule re-evaluations, integration retries and skips and rule changes record this name as their actor; request bodies never name one (a placedBy, releasedBy, changedBy or requestedBy field is a 400).',
    responses: [{ status: 200, description: "The key's name, role, channel (channel keys) and id (a fingerprint, safe to log).", schema: 'Me' }],
    errors: [],
  },
];
