import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';

/**
 * Temporal's OpenTelemetry interceptors, loaded only when tracing is on (src/observability/tracing.ts
 * imports this module then). The client's carry the request's span into the workflow's start and
 * update headers; the workflow's (bundled into the traced workflow bundle, src/infra/workflowBundle.ts)
 * make RunWorkflow and StartActivity spans and hand them out through the `exporter` sink; the
 * activity's make RunActivity spans, active while the activity runs, so partner calls are its children.
 */
export interface TemporalTracing {
  clientInterceptors: WorkflowClientInterceptor[];
  activityInterceptors: ActivityInterceptorsFactory[];
  sinks: InjectedSinks<OpenTelemetrySinks>;
}

export function temporalTracing(spanProcessor: SpanProcessor, resource: Resource): TemporalTracing {
  return {
    clientInterceptors: [new OpenTelemetryWorkflowClientInterceptor()],
    activityInterceptors: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
    sinks: { exporter: makeWorkflowExporter(spanProcessor, resource) },
  };
}
