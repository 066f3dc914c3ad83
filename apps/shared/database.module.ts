import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { maakPrismaClient, PrismaClient } from '../../prisma/database.js';
import { metTenantScope } from '../../prisma/toegang.js';
import type { Config } from './config.js';
import { CONFIG } from './tokens.js';

/**
 * The database for API and worker. DATABASE is the tenant-scoped client, the
 * only one controllers and services use for gemeente or creditor data; the
 * plain PrismaClient is for the worker and for platform-wide tables.
 */
export const DATABASE = Symbol('DATABASE');

@Global()
@Module({
  providers: [
    {
      provide: PrismaClient,
      inject: [CONFIG],
      useFactory: (config: Config) =>
        maakPrismaClient(config.DATABASE_URL, config.DATABASE_MAX_VERBINDINGEN),
    },
    { provide: DATABASE, inject: [PrismaClient], useFactory: metTenantScope },
  ],
  exports: [PrismaClient, DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
  }
}
