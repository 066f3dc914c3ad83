import 'reflect-metadata';
import { configSamenvatting, leesConfig } from '../shared/config.js';
import { logger } from '../shared/log.js';
import { maakApi } from './app.js';

const log = logger('api');

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
          log.error({ err: fout }, 'Netjes stoppen mislukt');
          process.exit(1);
        },
      );
    });
  }
  await app.listen(config.API_PORT, config.API_HOST);
  log.info(
    { config: configSamenvatting(config) },
    `Vroegsignaal-API luistert op http://${config.API_HOST}:${config.API_PORT}/v1`,
  );
}

main().catch((fout: unknown) => {
  log.fatal({ err: fout }, fout instanceof Error ? fout.message : 'Starten mislukt');
  process.exit(1);
});
