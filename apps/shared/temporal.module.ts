import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { Config } from './config.js';
import { dataConverterVoor } from './payloadcodec.js';
import { actieveTelemetrie } from './telemetrie.js';
import { CONFIG } from './tokens.js';

/**
 * The Temporal client. The connection is lazy so the API boots (and /health can
 * say so) while Temporal is still starting or temporarily away.
 */
@Global()
@Module({
  providers: [
    {
      provide: Client,
      inject: [CONFIG],
      useFactory: (config: Config) =>
        new Client({
          connection: Connection.lazy({ address: config.TEMPORAL_ADDRESS }),
          namespace: config.TEMPORAL_NAMESPACE,
          dataConverter: dataConverterVoor(config),
          // Carries the caller's trace into the workflow's headers (API requests,
          // and activities that start or signal workflows). Without tracing the
          // headers stay as they were.
          interceptors: actieveTelemetrie()
            ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] }
            : {},
        }),
    },
  ],
  exports: [Client],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(Client) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
