import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { maakPrismaClient } from '../prisma/database.js';
import { seedDemo } from '../prisma/seed.js';
import { DEMO_SIGNAALPARTNERS } from '../prisma/demo/organisaties.js';
import { testOmgeving, wachtTot } from './hulp/omgeving.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { poortIsVrij, vrijePoort } from './hulp/poorten.js';

// The compiled API and worker as the operator runs them: real processes, real
// configuration from the environment, real signals to stop them.

interface Proces {
  kind: ChildProcess;
  uitvoer: () => string;
  einde: Promise<number | null>;
}
const processen: Proces[] = [];

// The payload key npm test made for this run (scripts/test.mjs).
const payloadSleutels = {
  PAYLOAD_SLEUTELS: process.env.PAYLOAD_SLEUTELS,
  PAYLOAD_SLEUTEL_ACTUEEL: process.env.PAYLOAD_SLEUTEL_ACTUEEL,
};

function start(script: string, env: Record<string, string | undefined>): Proces {
  const kind = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let uitvoer = '';
  kind.stdout.on('data', (d: Buffer) => (uitvoer += d.toString()));
  kind.stderr.on('data', (d: Buffer) => (uitvoer += d.toString()));
  const einde = new Promise<number | null>((resolve) => kind.once('exit', (code) => resolve(code)));
  const proces = { kind, uitvoer: () => uitvoer, einde };
  processen.push(proces);
  return proces;
}

afterEach(() => {
  for (const { kind } of processen.splice(0)) if (kind.exitCode === null) kind.kill('SIGKILL');
});

function binnen<T>(belofte: Promise<T>, ms: number, wat: string): Promise<T> {
  return Promise.race([
    belofte,
    new Promise<T>((_, weiger) =>
      setTimeout(() => weiger(new Error(`${wat} duurde langer dan ${ms} ms`)), ms),
    ),
  ]);
}

describe('API and worker processes', () => {
  beforeAll(async () => {
    const prisma = maakPrismaClient(testOmgeving().databaseUrl);
    await seedDemo(prisma, testOmgeving().databaseUrl);
    await prisma.$disconnect();
  });

  it('refuse to start without DATABASE_URL and name the variable', async () => {
    for (const script of ['dist/apps/api/main.js', 'dist/apps/worker/main.js']) {
      const proces = start(script, { TEMPORAL_ADDRESS: testOmgeving().temporalAdres });
      expect(await binnen(proces.einde, 20_000, script)).toBe(1);
      expect(proces.uitvoer()).toContain('Ongeldige configuratie');
      expect(proces.uitvoer()).toContain('DATABASE_URL: is verplicht');
    }
  });

  it('refuse an invalid port and name it', async () => {
    const proces = start('dist/apps/api/main.js', {
      DATABASE_URL: testOmgeving().databaseUrl,
      API_PORT: 'drieduizend',
    });
    expect(await binnen(proces.einde, 20_000, 'api')).toBe(1);
    expect(proces.uitvoer()).toContain('API_PORT: moet een poortnummer zijn');
  });

  it('registers the search attributes as the compose job runs it', async () => {
    const proces = start('dist/apps/worker/zoekattributen.js', {
      TEMPORAL_ADDRESS: testOmgeving().temporalAdres,
    });
    expect(await binnen(proces.einde, 30_000, 'zoekattributen')).toBe(0);
    expect(proces.uitvoer()).toContain('Alle zoekattributen bestonden al in default.');
  });

  it('worker exits non-zero when it cannot reach Temporal', async () => {
    const proces = start('dist/apps/worker/main.js', {
      DATABASE_URL: testOmgeving().databaseUrl,
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      ...payloadSleutels,
    });
    expect(await binnen(proces.einde, 60_000, 'worker')).not.toBe(0);
  });

  it('serve the slice and shut down cleanly on SIGTERM', async () => {
    const { databaseUrl, temporalAdres } = testOmgeving();
    const poort = await vrijePoort();
    const env = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAdres,
      TEMPORAL_TASK_QUEUE: `proces-${randomUUID()}`,
      API_PORT: String(poort),
      API_HOST: '127.0.0.1',
      ...payloadSleutels,
    };
    const worker = start('dist/apps/worker/main.js', env);
    const api = start('dist/apps/api/main.js', env);
    const basis = `http://127.0.0.1:${poort}/v1`;
    await wachtTot(async () => (await fetch(`${basis}/health`).catch(() => undefined))?.ok, {
      wat: 'gezonde API',
      timeoutMs: 60_000,
    });

    const aangeleverd = await fetch(`${basis}/signalen`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': DEMO_SIGNAALPARTNERS[0]!.apiSleutel,
      },
      body: JSON.stringify(eenSignaal()),
    });
    expect(aangeleverd.status).toBe(201);
    const { id } = (await aangeleverd.json()) as { id: string };
    await wachtTot(
      async () => {
        const antwoord = await fetch(`${basis}/signalen/${id}`, {
          headers: { 'x-api-key': DEMO_SIGNAALPARTNERS[0]!.apiSleutel },
        });
        const signaal = (await antwoord.json()) as { routering: { status: string } };
        return signaal.routering.status === 'GEROUTEERD';
      },
      { wat: 'routering door de workerproces' },
    );

    api.kind.kill('SIGTERM');
    worker.kind.kill('SIGTERM');
    expect(await binnen(api.einde, 20_000, 'API stoppen')).toBe(0);
    expect(await binnen(worker.einde, 30_000, 'worker stoppen')).toBe(0);
    expect(worker.uitvoer()).toContain('Vroegsignaal-worker netjes gestopt');
    expect(await poortIsVrij(poort)).toBe(true);
  });
});
