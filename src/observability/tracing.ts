import { trace, type Tracer } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TemporalTracing } from '../temporal/tracingInterceptors';

/**
 * OpenTelemetry tracing of one process: the API request (./httpSpans.ts), the Temporal client's
 * start and update calls, the order workflow and its activities (Temporal's interceptors, wired
 * in src/temporal/tracing.ts), and each partner call (src/activities/clients/partnerHttp.ts),
 * in one trace. Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: then nothing is registered, every
 * `activeTracing()` check is false, and the workers load the workflow bundle without the tracing
 * module, so an untraced hub pays nothing for it (docs/deployment.md#tracing has the figures).
 */
export interface Tracing {
  /** The process's tracer for the hub's own spans (HTTP requests, partner calls). */
  tracer: Tracer;
  /** Also receives the workflow spans, which the workflow sandbox sends out through a sink. */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Temporal's interceptors and the workflow spans' sink, for the client and the workers. */
  temporal: TemporalTracing;
  /** Sends what is still buffered; call before the process exits. */
  shutdown(): Promise<void>;
}

export interface TracingSettings {
  /** OTLP/HTTP collector base URL; unset: tracing off. */
  otlpEndpoint?: string;
  serviceName: string;
  /** Tests: spans go here, one by one, instead of to a collector. */
  exporter?: SpanExporter;
}

let active: Tracing | undefined;

/** Tracing of this process, when turned on by startTracing; undefined otherwise (the zero-cost path). */
export function activeTracing(): Tracing | undefined {
  return active;
}

/**
 * Turns tracing on for the whole process (once; a second call returns the first one's), or returns
 * undefined when it is not configured. Call it before the Temporal client and the workers are made.
 * The SDK and Temporal's interceptors are imported here, so an untraced process never loads them.
 */
export async function startTracing(settings: TracingSettings): Promise<Tracing | undefined> {
  if (active) return active;
  if (!settings.exporter && !settings.otlpEndpoint) return undefined;
  const [{ OTLPTraceExporter }, { Resource }, { BatchSpanProcessor, SimpleSpanProcessor }, { NodeTracerProvider }, { temporalTracing }] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/sdk-trace-node'),
    import('../temporal/tracingInterceptors'),
  ]);
  const spanProcessor = settings.exporter
    ? new SimpleSpanProcessor(settings.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${settings.otlpEndpoint!.replace(/\/+$/, '')}/v1/traces` }));
  const resource = new Resource({ 'service.name': settings.serviceName });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // Global: Temporal's client and activity interceptors take their tracer from the global provider,
  // and its AsyncLocalStorage context carries the active span from a request into every await.
  provider.register();
  active = {
    tracer: trace.getTracer('orderhub'),
    spanProcessor,
    resource,
    temporal: temporalTracing(spanProcessor, resource),
    async shutdown() {
      await provider.shutdown();
    },
  };
  return active;
}
