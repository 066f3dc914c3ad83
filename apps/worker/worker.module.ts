import { Module } from '@nestjs/common';
import { SignaalActiviteitenImpl } from '../../activities/signaal.activities.js';
import { PrismaClient } from '../../prisma/database.js';
import { DatabaseModule } from '../shared/database.module.js';

/** Binds activity classes to their dependencies; the worker itself is created in worker.ts. */
@Module({
  imports: [DatabaseModule],
  providers: [
    {
      provide: SignaalActiviteitenImpl,
      inject: [PrismaClient],
      useFactory: (prisma: PrismaClient) => new SignaalActiviteitenImpl(prisma),
    },
  ],
  exports: [SignaalActiviteitenImpl],
})
export class WorkerModule {}
