import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { leesConfig, type Config } from '../../apps/shared/config.js';
import { dataConverterVoor } from '../../apps/shared/payloadcodec.js';
import { maakPrismaClient, type PrismaClient } from '../../prisma/database.js';
import { seedDemo } from '../../prisma/seed.js';
import { ZOEKATTRIBUUT_REGISTRATIE } from '../../workflows/contracts.js';
import {
  type GestartePostgres,
  type GestarteTemporal,
  startPostgres,
  startTemporal,
} from '../../scripts/lib/infrastructuur.mjs';
import { testOmgeving, wachtTot } from './omgeving.js';
import { vrijePoort } from './poorten.js';
import { startPostbus } from './post-en-pdf.js';

/**
 * A stack for fault tests: the API and the worker run as child processes from
 * dist (as in production), so a test can kill them with SIGKILL; optionally
 * with a PostgreSQL and/or Temporal dev server of this test file alone, so a
 * test can stop and restart them without disturbing the other test files.
 * Everything it started is stopped by stop(), also when the test failed, and
 * killed when jest exits without calling stop().
 */
export interface Storingsstack {
  config: Config;
  /** http://127.0.0.1:<port>/v1 of the API child process (fixed across restarts). */
  basis: string;
  prisma: PrismaClient;
  temporal: Client;
  postbus: Awaited<ReturnType<typeof startPostbus>>;
  /** Only with `eigenPostgres`: stop and start the database on the same port and data. */
  pg?: { stop(): Promise<void>; start(): Promise<void> };
  /** Only with `eigenTemporal`: stop and start the dev server on the same port and file. */
  temporalServer?: { stop(): Promise<void>; start(): Promise<void>; herstart(): Promise<void> };
  startWorker(): Promise<ChildProcess>;
  /** SIGKILL on every running worker; resolves when they are gone. */
  killWorker(): Promise<void>;
  startApi(): Promise<ChildProcess>;
  killApi(): Promise<void>;
  /** The last output of the child processes, for a failing test's message. */
  logboek(): string;
  stop(): Promise<void>;
}

const WORKER = 'dist/apps/worker/main.js';
const API = 'dist/apps/api/main.js';

/** Children of every stack in this jest process, killed if the process exits first. */
const alleKinderen = new Set<ChildProcess>();
process.once('exit', () => {
  for (const kind of alleKinderen) killGroep(kind);
});

function killGroep(kind: ChildProcess): void {
  if (kind.pid === undefined || kind.exitCode !== null || kind.signalCode !== null) return;
  try {
    process.kill(-kind.pid, 'SIGKILL');
  } catch {
    kind.kill('SIGKILL');
  }
}

async function wachtOpEinde(kind: ChildProcess): Promise<void> {
  if (kind.exitCode !== null || kind.signalCode !== null) return;
  await new Promise((resolve) => kind.once('exit', resolve));
}

export async function startStoringsstack({
  eigenPostgres = false,
  eigenTemporal = false,
  omgeving = {},
  apiOmgeving = {},
}: {
  eigenPostgres?: boolean;
  eigenTemporal?: boolean;
  /** Extra environment for the API and worker, e.g. DATABASE_MAX_VERBINDINGEN. */
  omgeving?: Record<string, string>;
  /** Extra environment for the API alone, e.g. a TEMPORAL_ADDRESS through a relay of the test. */
  apiOmgeving?: Record<string, string>;
} = {}): Promise<Storingsstack> {
  const gedeeld = testOmgeving();
  const afsluiters: (() => unknown)[] = [];
  const stop = async () => {
    for (const afsluiter of afsluiters.splice(0).reverse()) {
      await Promise.resolve()
        .then(afsluiter)
        .catch((fout: unknown) => console.warn('Opruimen mislukt:', fout));
    }
  };
  try {
    const werkmap = mkdtempSync(path.join(tmpdir(), 'vroegsignaal-storing-'));
    // The postgres user (when running as root) must reach the data folder.
    chmodSync(werkmap, 0o755);
    afsluiters.push(() => rmSync(werkmap, { recursive: true, force: true }));

    let databaseUrl = gedeeld.databaseUrl;
    let pg: Storingsstack['pg'];
    if (eigenPostgres) {
      const poort = await vrijePoort();
      const dataMap = path.join(werkmap, 'postgres');
      let draaiend: GestartePostgres | undefined;
      pg = {
        async start() {
          if (draaiend) return;
          draaiend = await startPostgres({ dataMap, poort, persistent: true });
        },
        async stop() {
          const d = draaiend;
          draaiend = undefined;
          await d?.stop();
        },
      };
      await pg.start();
      afsluiters.push(() => pg!.stop());
      databaseUrl = draaiend!.databaseUrl;
      await voerUit(process.execPath, ['scripts/prisma.mjs', 'migrate', 'deploy'], {
        DATABASE_URL: databaseUrl,
      });
    }

    let temporalAdres = gedeeld.temporalAdres;
    let temporalServer: Storingsstack['temporalServer'];
    if (eigenTemporal) {
      const cli = process.env.TEMPORAL_CLI;
      if (!cli) throw new Error('TEMPORAL_CLI ontbreekt: start de tests met `npm test`.');
      const poort = await vrijePoort();
      const dbBestand = path.join(werkmap, 'temporal', 'temporal.db');
      let draaiend: GestarteTemporal | undefined;
      temporalServer = {
        async start() {
          if (draaiend) return;
          draaiend = await startTemporal({
            cli,
            poort,
            dbBestand,
            zoekattributen: ZOEKATTRIBUUT_REGISTRATIE,
          });
        },
        async stop() {
          const d = draaiend;
          draaiend = undefined;
          await d?.stop();
        },
        async herstart() {
          await this.stop();
          await this.start();
        },
      };
      await temporalServer.start();
      afsluiters.push(() => temporalServer!.stop());
      temporalAdres = `127.0.0.1:${poort}`;
    }

    const postbus = await startPostbus();
    afsluiters.push(() => postbus.stop());

    const apiPoort = await vrijePoort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAdres,
      TEMPORAL_TASK_QUEUE: `storing-${randomUUID()}`,
      PAYLOAD_SLEUTELS: process.env.PAYLOAD_SLEUTELS ?? '',
      PAYLOAD_SLEUTEL_ACTUEEL: process.env.PAYLOAD_SLEUTEL_ACTUEEL ?? '',
      SMTP_URL: postbus.url,
      API_HOST: '127.0.0.1',
      API_PORT: String(apiPoort),
      LOG_LEVEL: 'warn',
      INLOG_LIMIET_PER_IP_PER_MINUUT: '100000',
      INLOG_LIMIET_PER_ACCOUNT_PER_MINUUT: '100000',
      INTAKE_LIMIET_PER_MINUUT: '100000',
      ...(process.env.CHROMIUM_PAD ? { CHROMIUM_PAD: process.env.CHROMIUM_PAD } : {}),
      ...(process.env.TEMPORAL_UI_URL ? { TEMPORAL_UI_URL: process.env.TEMPORAL_UI_URL } : {}),
      ...omgeving,
    };
    const config = leesConfig(env);

    const prisma = maakPrismaClient(databaseUrl);
    afsluiters.push(() => prisma.$disconnect());
    await seedDemo(prisma, databaseUrl);
    const connection = await Connection.connect({ address: temporalAdres });
    afsluiters.push(() => connection.close());
    const temporal = new Client({ connection, dataConverter: dataConverterVoor(config) });

    const uitvoer: string[] = [];
    const kinderen = { worker: new Set<ChildProcess>(), api: new Set<ChildProcess>() };
    const start = (soort: 'worker' | 'api'): ChildProcess => {
      const kind = spawn(
        process.execPath,
        ['--enable-source-maps', soort === 'api' ? API : WORKER],
        {
          env: soort === 'api' ? { ...env, ...apiOmgeving } : env,
          // Its own process group, so a kill reaches anything it spawned (Chromium).
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const bewaar = (d: Buffer) => {
        uitvoer.push(`[${soort} ${kind.pid}] ${String(d)}`);
        if (uitvoer.length > 200) uitvoer.shift();
      };
      kind.stdout.on('data', bewaar);
      kind.stderr.on('data', bewaar);
      alleKinderen.add(kind);
      kinderen[soort].add(kind);
      kind.once('exit', () => {
        alleKinderen.delete(kind);
        kinderen[soort].delete(kind);
      });
      return kind;
    };
    const kill = async (soort: 'worker' | 'api') => {
      const weg = [...kinderen[soort]];
      for (const kind of weg) killGroep(kind);
      await Promise.all(weg.map(wachtOpEinde));
    };
    afsluiters.push(() => kill('api'));
    afsluiters.push(() => kill('worker'));

    const basis = `http://127.0.0.1:${apiPoort}/v1`;
    const stack: Storingsstack = {
      config,
      basis,
      prisma,
      temporal,
      postbus,
      ...(pg ? { pg } : {}),
      ...(temporalServer ? { temporalServer } : {}),
      async startWorker() {
        const kind = start('worker');
        // Ready when the server lists this process as a poller of the task queue.
        await wachtTot(
          async () => {
            if (kind.exitCode !== null) throw new Error(`Worker stopte:\n${stack.logboek()}`);
            const { pollers } = await temporal.workflowService.describeTaskQueue({
              namespace: config.TEMPORAL_NAMESPACE,
              taskQueue: { name: config.TEMPORAL_TASK_QUEUE },
            });
            return pollers.some((p) => p.identity?.startsWith(`${kind.pid}@`));
          },
          { wat: 'worker gestart', timeoutMs: 60_000 },
        );
        return kind;
      },
      killWorker: () => kill('worker'),
      async startApi() {
        const kind = start('api');
        await wachtTot(
          async () => {
            if (kind.exitCode !== null) throw new Error(`API stopte:\n${stack.logboek()}`);
            return (await fetch(`${basis}/health`).catch(() => undefined))?.status === 200;
          },
          { wat: 'API gestart', timeoutMs: 60_000 },
        );
        return kind;
      },
      killApi: () => kill('api'),
      logboek: () => uitvoer.join(''),
      stop,
    };
    return stack;
  } catch (fout) {
    await stop();
    throw fout;
  }
}

function voerUit(commando: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const kind = spawn(commando, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let fouten = '';
    kind.stderr.on('data', (d) => (fouten = (fouten + String(d)).slice(-4000)));
    kind.on('error', reject);
    kind.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} mislukt (${code}):\n${fouten}`)),
    );
  });
}
