import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Config } from './config.js';
import { CONFIG } from './tokens.js';

/** Makes the configuration parsed at boot injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static met(config: Config): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: CONFIG, useValue: config }],
      exports: [CONFIG],
    };
  }
}
