import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { SignaalActiviteitenImpl } from '../../activities/signaal.activities.js';
import { maakPrismaClient, PrismaClient } from '../../prisma/database.js';
import { CONFIG } from '../shared/tokens.js';
import type { Config } from '../shared/config.js';

/** Binds activity classes to their dependencies; the worker itself is created in worker.ts. */
@Module({
  providers: [
    {
      provide: PrismaClient,
      inject: [CONFIG],
      useFactory: (config: Config) =>
        maakPrismaClient(config.DATABASE_URL, config.DATABASE_MAX_VERBINDINGEN),
    },
    {
      provide: SignaalActiviteitenImpl,
      inject: [PrismaClient],
      useFactory: (prisma: PrismaClient) => new SignaalActiviteitenImpl(prisma),
    },
  ],
  exports: [SignaalActiviteitenImpl, PrismaClient],
})
export class WorkerModule implements OnApplicationShutdown {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
  }
}
