import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { Config } from './config.js';
import { dataConverterVoor } from './payloadcodec.js';
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
