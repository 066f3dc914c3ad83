import 'reflect-metadata';
import { leesConfig } from '../shared/config.js';
import { maakWorker } from './worker.js';

// The Temporal worker process. Worker.run() handles SIGINT/SIGTERM itself: it
// stops polling, lets running activities finish and then resolves.
async function main(): Promise<void> {
  const config = leesConfig();
  const { worker, ...bronnen } = await maakWorker(config);
  console.log(
    `Vroegsignaal-worker luistert op taakwachtrij ${config.TEMPORAL_TASK_QUEUE} (${config.TEMPORAL_ADDRESS})`,
  );
  try {
    await worker.run();
  } finally {
    await bronnen.sluit();
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
