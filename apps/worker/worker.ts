import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NativeConnection, Worker, type WorkerPlugin } from '@temporalio/worker';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';
import { logger, NestLogger, zetLogniveau } from '../shared/log.js';
import {
  type AanleveringActiviteiten,
  AanleveringActiviteitenImpl,
} from '../../activities/aanlevering.activities.js';
import {
  type BulkactieActiviteiten,
  BulkactieActiviteitenImpl,
} from '../../activities/bulkactie.activities.js';
import {
  type MeldingActiviteiten,
  MeldingActiviteitenImpl,
} from '../../activities/melding.activities.js';
import {
  type UitnodigingActiviteiten,
  UitnodigingActiviteitenImpl,
} from '../../activities/uitnodiging.activities.js';
import {
  type RapportageActiviteiten,
  RapportageActiviteitenImpl,
} from '../../activities/rapportage.activities.js';
import {
  type SignaalActiviteiten,
  SignaalActiviteitenImpl,
} from '../../activities/signaal.activities.js';
import {
  type WebhookActiviteiten,
  WebhookActiviteitenImpl,
} from '../../activities/webhook.activities.js';
import { Client } from '@temporalio/client';
import { PrismaClient } from '../../prisma/database.js';
import { briefwachtrij } from '../../workflows/contracts.js';
import { zorgVoorRapportageschemas } from '../shared/rapportageschema.js';
import type { Config } from '../shared/config.js';
import { ConfigModule } from '../shared/config.module.js';
import { dataConverterVoor } from '../shared/payloadcodec.js';
import { actieveTelemetrie } from '../shared/telemetrie.js';
import { WorkerModule } from './worker.module.js';

/** The compiled bundle entry in production, the TypeScript source under jest. */
export function workflowsPad(): string {
  const js = fileURLToPath(new URL('../../workflows/index.js', import.meta.url));
  return existsSync(js) ? js : js.replace(/\.js$/, '.ts');
}

export interface VroegsignaalWorker {
  /** Polls both queues until shutdown (or SIGINT/SIGTERM), then resolves. */
  run(): Promise<void>;
  shutdown(): void;
  /** Closes what the worker opened; call after `run()` has settled. */
  sluit(): Promise<void>;
}

// Chromium renders about one letter per core at a time; more only adds memory.
const GELIJKTIJDIGE_BRIEVEN = Math.max(2, availableParallelism());

/**
 * Every gemeente gets its monthly-report Schedule, also those that existed
 * before Schedules did (the demo seed, a restored database). Idempotent; a
 * failure is reported but does not keep the worker from its other work.
 */
async function rapportageschemasBijStart(
  context: INestApplicationContext,
  config: Config,
): Promise<void> {
  try {
    const gemeenten = await context
      .get(PrismaClient)
      .gemeente.findMany({ select: { code: true }, orderBy: { code: 'asc' } });
    await zorgVoorRapportageschemas(
      context.get(Client),
      config.TEMPORAL_TASK_QUEUE,
      gemeenten.map((g) => g.code),
    );
  } catch (fout) {
    logger('worker').warn({ err: fout }, 'Schedules voor de maandrapportages niet bijgewerkt');
  }
}

export async function maakWorker(config: Config): Promise<VroegsignaalWorker> {
  @Module({ imports: [ConfigModule.met(config), WorkerModule] })
  class WorkerAppModule {}

  zetLogniveau(config.LOG_LEVEL);
  const context: INestApplicationContext = await NestFactory.createApplicationContext(
    WorkerAppModule,
    { logger: new NestLogger() },
  );
  const signaal = context.get(SignaalActiviteitenImpl);
  const aanlevering = context.get(AanleveringActiviteitenImpl);
  const melding = context.get(MeldingActiviteitenImpl);
  const uitnodiging = context.get(UitnodigingActiviteitenImpl);
  const bulkactie = context.get(BulkactieActiviteitenImpl);
  const rapportage = context.get(RapportageActiviteitenImpl);
  const webhook = context.get(WebhookActiviteitenImpl);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  // The codec runs outside the workflow sandbox; the failure converter is also
  // bundled into it by path.
  const dataConverter = dataConverterVoor(config);
  // With tracing on: workflow interceptors (RunWorkflow, StartActivity spans,
  // handed to the worker through a sink), activity interceptors (RunActivity)
  // and the trace context read from the workflow's headers. Without, the
  // workflow bundle and activities stay exactly as they were.
  const telemetrie = actieveTelemetrie();
  const plugins: WorkerPlugin[] = telemetrie
    ? [
        new OpenTelemetryPlugin({
          resource: telemetrie.resource,
          spanProcessor: telemetrie.spanProcessor,
        }),
      ]
    : [];
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowsPath: workflowsPad(),
      dataConverter,
      plugins,
      activities: {
        routeerSignaal: signaal.routeerSignaal.bind(signaal),
        routeerHandmatig: signaal.routeerHandmatig.bind(signaal),
        beginVerwerking: aanlevering.beginVerwerking.bind(aanlevering),
        verwerkRijen: aanlevering.verwerkRijen.bind(aanlevering),
        startSignalen: aanlevering.startSignalen.bind(aanlevering),
        rondAf: aanlevering.rondAf.bind(aanlevering),
        koppelAanMelding: melding.koppelAanMelding.bind(melding),
        laadMeldingstand: melding.laadMeldingstand.bind(melding),
        legActieVast: melding.legActieVast.bind(melding),
        meldTermijnOverschreden: melding.meldTermijnOverschreden.bind(melding),
        laadUitnodigingsreeks: uitnodiging.laadUitnodigingsreeks.bind(uitnodiging),
        voerStapUit: uitnodiging.voerStapUit.bind(uitnodiging),
        verstuurOpVerzoek: uitnodiging.verstuurOpVerzoek.bind(uitnodiging),
        voerBulkactieUit: bulkactie.voerBulkactieUit.bind(bulkactie),
        maakRapportage: rapportage.maakRapportage.bind(rapportage),
        verstuurRapportage: rapportage.verstuurRapportage.bind(rapportage),
        markeerRapportageMislukt: rapportage.markeerRapportageMislukt.bind(rapportage),
        leverWebhookAf: webhook.leverWebhookAf.bind(webhook),
        markeerWebhookMislukt: webhook.markeerWebhookMislukt.bind(webhook),
      } satisfies SignaalActiviteiten &
        WebhookActiviteiten &
        RapportageActiviteiten &
        AanleveringActiviteiten &
        MeldingActiviteiten &
        UitnodigingActiviteiten &
        BulkactieActiviteiten,
      // On SIGTERM running activities get this long to finish before they are
      // cancelled; below the orchestrator's 30 s grace period.
      shutdownGraceTime: '20s',
    });
    const drukkerij = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: briefwachtrij(config.TEMPORAL_TASK_QUEUE),
      dataConverter,
      plugins,
      activities: {
        voerStapUit: uitnodiging.voerStapUit.bind(uitnodiging),
        verstuurOpVerzoek: uitnodiging.verstuurOpVerzoek.bind(uitnodiging),
      },
      maxConcurrentActivityTaskExecutions: GELIJKTIJDIGE_BRIEVEN,
      shutdownGraceTime: '20s',
    });
    await rapportageschemasBijStart(context, config);
    const workers = [worker, drukkerij];
    const shutdown = () => {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
    };
    return {
      async run() {
        // One stopping for good (e.g. Temporal unreachable) stops the other too.
        const uitkomsten = await Promise.allSettled(
          workers.map((w) =>
            w.run().catch((fout: unknown) => {
              shutdown();
              throw fout;
            }),
          ),
        );
        const mislukt = uitkomsten.find((u) => u.status === 'rejected');
        if (mislukt) throw mislukt.reason;
      },
      shutdown,
      async sluit() {
        await connection.close();
        await context.close();
      },
    };
  } catch (fout) {
    await connection.close();
    await context.close();
    throw fout;
  }
}
