import fs from 'node:fs';

/**
 * Temporal's OpenTelemetry workflow interceptors, as a module the workflow bundler includes: only
 * in the traced bundle (writeWorkflowBundle with `tracing`), so an untraced worker's workflows
 * make no spans at all. Resolved by path, without loading the module into this process.
 */
export const WORKFLOW_TRACING_MODULE = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/** A name only the tracing module's code contains: how a bundle file says whether it is the traced one. */
const TRACING_MARKER = 'OpenTelemetryInboundInterceptor';

export function isTracedBundle(bundlePath: string): boolean {
  return fs.readFileSync(bundlePath, 'utf8').includes(TRACING_MARKER);
}

/** A worker with tracing on and an untraced bundle would make spans without their workflow part: refuse at start, saying what to do. */
export function requireTracedBundle(bundlePath: string): void {
  if (!isTracedBundle(bundlePath))
    throw new Error(
      `tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT) but the workflow bundle ${bundlePath} was built without it: use the traced bundle (\`npm run bundle\` writes workflow-bundle-traced.js beside workflow-bundle.js; docs/deployment.md#tracing)`,
    );
}

/** Where `npm run bundle` puts the traced twin of a bundle: workflow-bundle.js -> workflow-bundle-traced.js. */
export function tracedBundlePath(bundlePath: string): string {
  return bundlePath.replace(/(\.js)?$/, '-traced.js');
}
