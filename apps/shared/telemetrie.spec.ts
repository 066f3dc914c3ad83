import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { propagation, trace } from '@opentelemetry/api';
import { actieveTelemetrie, startTelemetrie, tracingUit } from './telemetrie.js';

const OTEL = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_SDK_DISABLED',
  'OTEL_TRACES_EXPORTER',
  'OTEL_SERVICE_NAME',
];

describe('telemetry setup', () => {
  const bewaard = Object.fromEntries(OTEL.map((n) => [n, process.env[n]]));
  beforeEach(() => {
    for (const naam of OTEL) delete process.env[naam];
  });
  afterEach(async () => {
    for (const naam of OTEL)
      if (bewaard[naam] === undefined) delete process.env[naam];
      else process.env[naam] = bewaard[naam];
    await actieveTelemetrie()?.sluit();
    trace.disable();
    propagation.disable();
  });

  it('installs nothing when no OTLP endpoint is configured', () => {
    expect(startTelemetrie('vroegsignaal-test')).toBeUndefined();
    expect(actieveTelemetrie()).toBeUndefined();
    // The global API stays the no-op: spans record nothing, nothing is propagated.
    const span = trace.getTracer('x').startSpan('y');
    expect(span.isRecording()).toBe(false);
    span.end();
    expect(propagation.fields()).toEqual([]);
  });

  it('stays off when switched off explicitly, even with an endpoint', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    expect(tracingUit({ ...endpoint, OTEL_SDK_DISABLED: 'true' })).toBe('OTEL_SDK_DISABLED=true');
    expect(tracingUit({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toBe(
      'OTEL_TRACES_EXPORTER=none',
    );
    Object.assign(process.env, endpoint, { OTEL_SDK_DISABLED: 'true' });
    expect(startTelemetrie('vroegsignaal-test')).toBeUndefined();
  });

  it('refuses an exporter it does not have, rather than silently sending nothing', () => {
    expect(() =>
      tracingUit({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318', OTEL_TRACES_EXPORTER: 'zipkin' }),
    ).toThrow(/gebruik otlp/);
  });

  it('records spans and propagates W3C trace context once an endpoint is configured', () => {
    process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = 'http://127.0.0.1:9/v1/traces';
    const telemetrie = startTelemetrie('vroegsignaal-test');
    expect(telemetrie).toBeDefined();
    expect(telemetrie!.resource.attributes['service.name']).toBe('vroegsignaal-test');
    const span = trace.getTracer('x').startSpan('y');
    expect(span.isRecording()).toBe(true);
    // Not ended: nothing to send to the (absent) collector on shutdown.
    expect(propagation.fields()).toContain('traceparent');
  });
});
