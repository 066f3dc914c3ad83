import 'reflect-metadata';
import { Runtime } from '@temporalio/worker';
import { configSamenvatting, leesConfig } from '../shared/config.js';
import { logger, TemporalLogger, zetLogniveau } from '../shared/log.js';
import { maakWorker } from './worker.js';

const log = logger('worker');

// The Temporal worker process. Worker.run() handles SIGINT/SIGTERM itself: it
// stops polling, lets running activities finish and then resolves.
async function main(): Promise<void> {
  const config = leesConfig();
  zetLogniveau(config.LOG_LEVEL);
  // The SDK logs each worker state change at INFO; pino's level filters.
  Runtime.install({ logger: new TemporalLogger() });
  const worker = await maakWorker(config);
  log.info(
    { config: configSamenvatting(config) },
    `Vroegsignaal-worker luistert op taakwachtrij ${config.TEMPORAL_TASK_QUEUE} (${config.TEMPORAL_ADDRESS})`,
  );
  try {
    await worker.run();
  } finally {
    await worker.sluit();
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
