import {
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from '@opentelemetry/semantic-conventions';
import type { NextFunction, Request, Response } from 'express';
import { methodeLabel, routeSjabloon } from './metriek.js';

/**
 * One SERVER span per request, the parent of everything the request does
 * (database, Temporal StartWorkflow) and the child of the caller's W3C
 * `traceparent`.
 *
 * Our own rather than @opentelemetry/instrumentation-http: Nest 12 is ESM-only
 * and imports node:http as an ES module, which the require hook never sees, so
 * whether the server gets patched depends on some CommonJS package requiring
 * `http` later. And when it does patch, the span carries the raw URL with its
 * query string (`http.target`, `http.url`), where search filters may hold a
 * resident's name. Here the span holds only the method, the route template and
 * the status code.
 */
export function tracering() {
  const tracer = trace.getTracer('vroegsignaal-api');
  return (verzoek: Request, response: Response, volgende: NextFunction) => {
    const ouder = propagation.extract(context.active(), verzoek.headers);
    const methode = methodeLabel(verzoek.method);
    const span: Span = tracer.startSpan(
      methode,
      { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: methode } },
      ouder,
    );
    const ctx = trace.setSpan(ouder, span);
    let beeindigd = false;
    const beeindig = () => {
      if (beeindigd) return;
      beeindigd = true;
      const route = routeSjabloon(verzoek);
      const status = response.statusCode;
      span.updateName(`${methode} ${route}`);
      span.setAttribute(ATTR_HTTP_ROUTE, route);
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      if (!response.writableFinished) {
        // The client went away before the answer was complete.
        span.setAttribute(ATTR_ERROR_TYPE, 'afgebroken');
      } else if (status >= 500) {
        // For a server span only 5xx is an error; 4xx is the client's.
        span.setAttribute(ATTR_ERROR_TYPE, String(status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    };
    response.once('finish', beeindig);
    response.once('close', beeindig);
    // Body parsing and handlers continue from the request's stream events,
    // whose async context predates this middleware: bind them to the span.
    context.bind(ctx, verzoek);
    context.bind(ctx, response);
    context.with(ctx, volgende);
  };
}
