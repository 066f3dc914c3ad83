import 'reflect-metadata';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { leesConfig } from '../shared/config.js';
import { maakWorker } from './worker.js';

// The Temporal worker process. Worker.run() handles SIGINT/SIGTERM itself: it
// stops polling, lets running activities finish and then resolves.
async function main(): Promise<void> {
  const config = leesConfig();
  Runtime.install({
    logger: new DefaultLogger(
      config.LOG_LEVEL === 'info'
        ? 'WARN'
        : config.LOG_LEVEL === 'debug'
          ? 'DEBUG'
          : config.LOG_LEVEL === 'warn'
            ? 'WARN'
            : 'ERROR',
    ),
  });
  const worker = await maakWorker(config);
  console.log(
    `Vroegsignaal-worker luistert op taakwachtrij ${config.TEMPORAL_TASK_QUEUE} (${config.TEMPORAL_ADDRESS})`,
  );
  try {
    await worker.run();
  } finally {
    await worker.sluit();
  }
  console.log('Vroegsignaal-worker netjes gestopt');
}

main().then(
  () => process.exit(0),
  (fout: unknown) => {
    console.error(fout instanceof Error ? fout.message : fout);
    process.exit(1);
  },
);
