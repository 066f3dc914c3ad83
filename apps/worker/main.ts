import 'reflect-metadata';
import { Runtime } from '@temporalio/worker';
import { configSamenvatting, leesConfig } from '../shared/config.js';
import { logger, TemporalLogger, zetLogniveau } from '../shared/log.js';
import { startTelemetrie } from '../shared/telemetrie.js';
import { maakWorker } from './worker.js';

const log = logger('worker');

// The Temporal worker process. Worker.run() handles SIGINT/SIGTERM itself: it
// stops polling, lets running activities finish and then resolves.
async function main(): Promise<void> {
  const config = leesConfig();
  zetLogniveau(config.LOG_LEVEL);
  // The SDK logs each worker state change at INFO; pino's level filters.
  // The SDK's own metrics (workflow and activity counts, latencies, task
  // slots, poll results) in Prometheus format, on their own listener; names
  // as in Temporal's SDK metrics reference (temporal_ prefix, milliseconds).
  Runtime.install({
    logger: new TemporalLogger(),
    ...(config.WORKER_METRICS_ADRES
      ? {
          telemetryOptions: {
            metrics: { prometheus: { bindAddress: config.WORKER_METRICS_ADRES } },
          },
        }
      : {}),
  });
  // Before the worker is made: its interceptors are only added when tracing is on.
  const telemetrie = startTelemetrie('vroegsignaal-worker');
  const worker = await maakWorker(config);
  log.info(
    { config: configSamenvatting(config) },
    `Vroegsignaal-worker luistert op taakwachtrij ${config.TEMPORAL_TASK_QUEUE} (${config.TEMPORAL_ADDRESS})`,
  );
  if (config.WORKER_METRICS_ADRES)
    log.info(`Prometheus-metrieken van de worker op http://${config.WORKER_METRICS_ADRES}/metrics`);
  log.info(
    telemetrie
      ? 'OpenTelemetry-traces worden geëxporteerd (OTLP/HTTP)'
      : 'OpenTelemetry-traces uit',
  );
  try {
    await worker.run();
  } finally {
    await worker.sluit();
    // Send the last spans (also those of workflows that just finished).
    await telemetrie?.sluit();
  }
  log.info('Vroegsignaal-worker netjes gestopt');
}

main().then(
  () => process.exit(0),
  (fout: unknown) => {
    log.fatal({ err: fout }, fout instanceof Error ? fout.message : 'Worker mislukt');
    process.exit(1);
  },
);
