import { Module } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { AanleveringActiviteitenImpl } from '../../activities/aanlevering.activities.js';
import { BulkactieActiviteitenImpl } from '../../activities/bulkactie.activities.js';
import { MeldingActiviteitenImpl } from '../../activities/melding.activities.js';
import { WebhookActiviteitenImpl } from '../../activities/webhook.activities.js';
import { RapportageActiviteitenImpl } from '../../activities/rapportage.activities.js';
import { SignaalActiviteitenImpl } from '../../activities/signaal.activities.js';
import { UitnodigingActiviteitenImpl } from '../../activities/uitnodiging.activities.js';
import { ChromiumDrukker } from './infra/chromium-drukker.js';
import { SmtpPostbode } from './infra/smtp-postbode.js';
import { PrismaClient } from '../../prisma/database.js';
import { type Config, webhookherhaling } from '../shared/config.js';
import { DatabaseModule } from '../shared/database.module.js';
import { TemporalModule } from '../shared/temporal.module.js';
import { CONFIG } from '../shared/tokens.js';

/** Binds activity classes to their dependencies; the worker itself is created in worker.ts. */
@Module({
  imports: [DatabaseModule, TemporalModule],
  providers: [
    {
      provide: SignaalActiviteitenImpl,
      inject: [PrismaClient],
      useFactory: (prisma: PrismaClient) => new SignaalActiviteitenImpl(prisma),
    },
    {
      provide: AanleveringActiviteitenImpl,
      inject: [PrismaClient, Client, CONFIG],
      useFactory: (prisma: PrismaClient, temporal: Client, config: Config) =>
        new AanleveringActiviteitenImpl(
          prisma,
          config.DATABASE_URL,
          temporal,
          config.TEMPORAL_TASK_QUEUE,
        ),
    },
    {
      provide: MeldingActiviteitenImpl,
      inject: [PrismaClient, Client, CONFIG],
      useFactory: (prisma: PrismaClient, temporal: Client, config: Config) =>
        new MeldingActiviteitenImpl(
          prisma,
          temporal,
          config.TEMPORAL_TASK_QUEUE,
          webhookherhaling(config),
        ),
    },
    {
      provide: WebhookActiviteitenImpl,
      inject: [PrismaClient, CONFIG],
      useFactory: (prisma: PrismaClient, config: Config) =>
        new WebhookActiviteitenImpl(prisma, config.WEBHOOK_TIMEOUT_SECONDEN),
    },
    {
      provide: BulkactieActiviteitenImpl,
      inject: [PrismaClient, Client],
      useFactory: (prisma: PrismaClient, temporal: Client) =>
        new BulkactieActiviteitenImpl(prisma, temporal),
    },
    {
      provide: ChromiumDrukker,
      inject: [CONFIG],
      useFactory: (config: Config) => new ChromiumDrukker(config.CHROMIUM_PAD),
    },
    {
      provide: SmtpPostbode,
      inject: [CONFIG],
      useFactory: (config: Config) => new SmtpPostbode(config.SMTP_URL, config.MAIL_AFZENDER),
    },
    {
      provide: UitnodigingActiviteitenImpl,
      inject: [PrismaClient, ChromiumDrukker, SmtpPostbode],
      useFactory: (prisma: PrismaClient, drukker: ChromiumDrukker, postbode: SmtpPostbode) =>
        new UitnodigingActiviteitenImpl(prisma, drukker, postbode),
    },
    {
      provide: RapportageActiviteitenImpl,
      inject: [PrismaClient, ChromiumDrukker, SmtpPostbode],
      useFactory: (prisma: PrismaClient, drukker: ChromiumDrukker, postbode: SmtpPostbode) =>
        new RapportageActiviteitenImpl(prisma, drukker, postbode),
    },
  ],
  exports: [
    SignaalActiviteitenImpl,
    AanleveringActiviteitenImpl,
    MeldingActiviteitenImpl,
    UitnodigingActiviteitenImpl,
    BulkactieActiviteitenImpl,
    RapportageActiviteitenImpl,
    WebhookActiviteitenImpl,
  ],
})
export class WorkerModule {}
