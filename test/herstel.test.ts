import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { maakApi } from '../apps/api/app.js';
import { maakPrismaClient, type PrismaClient } from '../prisma/database.js';
import { DEMO_SIGNAALPARTNERS } from '../prisma/demo/organisaties.js';
import { seedDemo } from '../prisma/seed.js';
import { testConfig, wachtTot } from './hulp/omgeving.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http } from './hulp/stack.js';

// A worker killed with SIGKILL in the middle of a delivery: a new worker
// finishes it, and every row ends up exactly once.

describe('a worker dies halfway through a delivery', () => {
  const config = testConfig();
  let prisma: PrismaClient;
  let api: NestExpressApplication;
  let basis: string;
  const workers: ChildProcess[] = [];

  function startWorker(): ChildProcess {
    const kind = spawn(process.execPath, ['dist/apps/worker/main.js'], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: config.DATABASE_URL,
        TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
        TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
        PAYLOAD_SLEUTELS: process.env.PAYLOAD_SLEUTELS,
        PAYLOAD_SLEUTEL_ACTUEEL: process.env.PAYLOAD_SLEUTEL_ACTUEEL,
      },
      stdio: 'ignore',
    });
    workers.push(kind);
    return kind;
  }

  beforeAll(async () => {
    prisma = maakPrismaClient(config.DATABASE_URL);
    await seedDemo(prisma, config.DATABASE_URL);
    api = await maakApi(config);
    await api.listen(0, '127.0.0.1');
    basis = `http://127.0.0.1:${(api.getHttpServer().address() as { port: number }).port}/v1`;
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await api?.close();
    await prisma?.$disconnect();
  });

  it('loses and duplicates nothing', async () => {
    const aantal = 1_100;
    const signalen = Array.from({ length: aantal }, (_, i) =>
      eenSignaal({ adres: { postcode: '8011AB', huisnummer: (i % 30) + 1, woonplaats: 'Zwolle' } }),
    );
    const eerste = startWorker();
    const { body } = await http<{ id: string }>('POST', `${basis}/aanleveringen`, {
      apiSleutel: DEMO_SIGNAALPARTNERS[0]!.apiSleutel,
      body: { signalen },
    });

    // Kill it once the first part is stored and before the delivery is done.
    await wachtTot(
      async () => (await prisma.signaal.count({ where: { aanleveringId: body.id } })) > 0,
      { wat: 'eerste deel', timeoutMs: 60_000 },
    );
    eerste.kill('SIGKILL');
    const opMomentVanKill = await prisma.aanlevering.findUniqueOrThrow({ where: { id: body.id } });
    expect(opMomentVanKill.status).not.toBe('VERWERKT');

    startWorker();
    await wachtTot(
      async () =>
        (await prisma.aanlevering.findUniqueOrThrow({ where: { id: body.id } })).status ===
        'VERWERKT',
      { wat: 'afronding door de nieuwe worker', timeoutMs: 180_000 },
    );
    await wachtTot(
      async () =>
        (await prisma.signaal.count({
          where: { aanleveringId: body.id, routeringsstatus: 'GEROUTEERD' },
        })) === aantal,
      { wat: 'routering van alle signalen', timeoutMs: 180_000 },
    );

    expect(
      await prisma.aanleveringRij.groupBy({
        by: ['status'],
        where: { aanleveringId: body.id },
        _count: { _all: true },
      }),
    ).toEqual([{ status: 'GEACCEPTEERD', _count: { _all: aantal } }]);
    const referenties = signalen.map((s) => s.referentie);
    expect(await prisma.signaal.count({ where: { referentie: { in: referenties } } })).toBe(aantal);
    expect(await prisma.aanlevering.findUniqueOrThrow({ where: { id: body.id } })).toMatchObject({
      aantalGeaccepteerd: aantal,
      aantalAfgewezen: 0,
      aantalAlBekend: 0,
    });
  }, 420_000);
});
