import 'reflect-metadata';
import type { Server } from 'node:http';
import { configSamenvatting, leesConfig } from '../shared/config.js';
import { logger } from '../shared/log.js';
import { startTelemetrie } from '../shared/telemetrie.js';
import { maakApi } from './app.js';
import { ApiMetrieken } from './infra/metriek.js';

const log = logger('api');

async function main(): Promise<void> {
  const config = leesConfig();
  // Before the app is built: the Temporal client and the request middleware
  // only trace when a provider is installed.
  const telemetrie = startTelemetrie('vroegsignaal-api');
  const metrieken = config.API_METRICS_ADRES ? new ApiMetrieken() : undefined;
  const app = await maakApi(config, { metrieken });
  let metriekServer: Server | undefined;
  // app.close() stops accepting connections, lets running requests finish and
  // closes the database and Temporal connections; then exit 0 so an
  // orchestrator sees a clean stop rather than a kill.
  let stoppen: Promise<void> | undefined;
  for (const signaal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signaal, () => {
      stoppen ??= app
        .close()
        .then(async () => {
          if (metriekServer) await new Promise((klaar) => metriekServer!.close(klaar));
          // Send the last spans before the process is gone.
          await telemetrie?.sluit();
        })
        .then(
          () => process.exit(0),
          (fout: unknown) => {
            log.error({ err: fout }, 'Netjes stoppen mislukt');
            process.exit(1);
          },
        );
    });
  }
  await app.listen(config.API_PORT, config.API_HOST);
  if (metrieken && config.API_METRICS_ADRES)
    metriekServer = await metrieken.luister(config.API_METRICS_ADRES);
  log.info(
    { config: configSamenvatting(config) },
    `Vroegsignaal-API luistert op http://${config.API_HOST}:${config.API_PORT}/v1`,
  );
  if (config.API_METRICS_ADRES)
    log.info(`Prometheus-metrieken van de API op http://${config.API_METRICS_ADRES}/metrics`);
  log.info(
    telemetrie
      ? 'OpenTelemetry-traces worden geëxporteerd (OTLP/HTTP)'
      : 'OpenTelemetry-traces uit',
  );
}

main().catch((fout: unknown) => {
  log.fatal({ err: fout }, fout instanceof Error ? fout.message : 'Starten mislukt');
  process.exit(1);
});
