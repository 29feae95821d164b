import { context, propagation, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { RequestHandler } from 'express';

/**
 * A server span per API request, the root of the order's trace (or a child of the caller's,
 * from a W3C `traceparent` header). Everything the request's handlers await runs in its context,
 * so the Temporal client's StartWorkflow / UpdateWithStart spans become its children. Named by
 * method and matched route, never by the raw URL (order ids would make every name unique).
 */
export function httpSpans(tracer: Tracer): RequestHandler {
  return (req, res, next) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(`${req.method} ${req.path}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } }, parent);
    res.once('finish', () => {
      // A router mounted at /api/v1/orders matches its own '/': the route is the mount point then.
      const route = req.route?.path ? `${req.baseUrl}${req.route.path === '/' && req.baseUrl ? '' : req.route.path}` : undefined;
      if (route) span.updateName(`${req.method} ${route}`).setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', res.statusCode);
      // A client's mistake (4xx) is not the server's error; a 5xx is.
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    const active = trace.setSpan(parent, span);
    // The body arrives in 'data' events emitted from the socket's context: bound, the handlers after the body parser stay in the span.
    context.bind(active, req);
    context.bind(active, res);
    context.with(active, next);
  };
}
