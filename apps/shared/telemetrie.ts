import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { envDetectorSync, Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { logger } from './log.js';

/**
 * OpenTelemetry tracing for one process (API or worker), configured only by the
 * standard OTEL_* variables so any collector or vendor works without code.
 */
export interface Telemetrie {
  resource: Resource;
  /** Also receives the workflow spans the Temporal worker plugin hands over. */
  spanProcessor: SpanProcessor;
  /** Sends what is still buffered; call before the process exits. */
  sluit(): Promise<void>;
}

let actief: Telemetrie | undefined;

/** Why tracing is off, or undefined when an OTLP endpoint is configured. */
export function tracingUit(omgeving: NodeJS.ProcessEnv): string | undefined {
  if (omgeving.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return 'OTEL_SDK_DISABLED=true';
  const exporter = omgeving.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (exporter === 'none') return 'OTEL_TRACES_EXPORTER=none';
  if (exporter && exporter !== 'otlp')
    throw new Error(
      `OTEL_TRACES_EXPORTER="${exporter}" wordt niet ondersteund: gebruik otlp (OTLP/HTTP) of none.`,
    );
  if (!omgeving.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT && !omgeving.OTEL_EXPORTER_OTLP_ENDPOINT)
    return 'geen OTEL_EXPORTER_OTLP_ENDPOINT of OTEL_EXPORTER_OTLP_TRACES_ENDPOINT';
  return undefined;
}

/**
 * Installs the global tracer provider when an OTLP endpoint is configured and
 * returns it; otherwise installs nothing at all (no provider, no context
 * manager, no propagator), so an unconfigured process pays no tracing cost and
 * sends nothing anywhere. The sampler (OTEL_TRACES_SAMPLER[_ARG]), batching
 * (OTEL_BSP_*), headers and endpoints are read by the SDK itself.
 */
export function startTelemetrie(standaardDienstnaam: string): Telemetrie | undefined {
  // The exporter and resource detector read process.env themselves too.
  if (tracingUit(process.env) !== undefined) return undefined;
  if (actief) return actief;
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override our default name.
  // No host or process detectors: the command line and user name are not
  // the collector's business.
  const resource = new Resource({
    ...Resource.default().attributes,
    [ATTR_SERVICE_NAME]: standaardDienstnaam,
    ...envDetectorSync.detect().attributes,
  });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // W3C traceparent/baggage propagation and AsyncLocalStorage context.
  provider.register();
  const telemetrie: Telemetrie = {
    resource,
    spanProcessor,
    async sluit() {
      if (actief === telemetrie) actief = undefined;
      try {
        await provider.shutdown();
      } catch (fout) {
        // A collector that is down must not turn a clean stop into a failed one.
        logger('telemetrie').warn({ err: fout }, 'Laatste spans niet verstuurd');
      }
    },
  };
  actief = telemetrie;
  return telemetrie;
}

/** The tracing this process installed, if any: interceptors are only added then. */
export function actieveTelemetrie(): Telemetrie | undefined {
  return actief;
}
