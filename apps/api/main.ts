import 'reflect-metadata';
import { leesConfig } from '../shared/config.js';
import { maakApi } from './app.js';

async function main(): Promise<void> {
  const config = leesConfig();
  const app = await maakApi(config);
  // app.close() stops accepting connections, lets running requests finish and
  // closes the database and Temporal connections; then exit 0 so an
  // orchestrator sees a clean stop rather than a kill.
  let stoppen: Promise<void> | undefined;
  for (const signaal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signaal, () => {
      stoppen ??= app.close().then(
        () => process.exit(0),
        (fout: unknown) => {
          console.error('Netjes stoppen mislukt:', fout instanceof Error ? fout.message : fout);
          process.exit(1);
        },
      );
    });
  }
  await app.listen(config.API_PORT, config.API_HOST);
  console.log(`Vroegsignaal-API luistert op http://${config.API_HOST}:${config.API_PORT}/v1`);
}

main().catch((fout: unknown) => {
  console.error(fout instanceof Error ? fout.message : fout);
  process.exit(1);
});
