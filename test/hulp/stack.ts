import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client, Connection } from '@temporalio/client';
import { maakApi } from '../../apps/api/app.js';
import { maakWorker, type VroegsignaalWorker } from '../../apps/worker/worker.js';
import type { Config } from '../../apps/shared/config.js';
import { dataConverterVoor } from '../../apps/shared/payloadcodec.js';
import { maakPrismaClient, type PrismaClient } from '../../prisma/database.js';
import { seedDemo } from '../../prisma/seed.js';
import { testConfig } from './omgeving.js';

/**
 * The real stack in-process: the API over HTTP on a free port and a worker,
 * both against the PostgreSQL and Temporal server that `npm test` started.
 */
export interface Teststack {
  config: Config;
  basis: string;
  prisma: PrismaClient;
  temporal: Client;
  stop(): Promise<void>;
}

export async function startStack(
  overschrijvingen: Partial<Record<string, string>> = {},
): Promise<Teststack> {
  const config = testConfig(overschrijvingen);
  const prisma = maakPrismaClient(config.DATABASE_URL);
  await seedDemo(prisma, config.DATABASE_URL);
  const worker: VroegsignaalWorker = await maakWorker(config);
  const draait = worker.run();
  const app: NestExpressApplication = await maakApi(config);
  await app.listen(0, '127.0.0.1');
  const adres = app.getHttpServer().address() as { port: number };
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  return {
    config,
    basis: `http://127.0.0.1:${adres.port}/v1`,
    prisma,
    temporal: new Client({ connection, dataConverter: dataConverterVoor(config) }),
    async stop() {
      await app.close();
      worker.shutdown();
      await draait;
      await worker.sluit();
      await connection.close();
      await prisma.$disconnect();
    },
  };
}

export interface Antwoord<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function http<T = Record<string, unknown>>(
  methode: string,
  url: string,
  {
    body,
    token,
    apiSleutel,
    ruw,
  }: { body?: unknown; token?: string; apiSleutel?: string; ruw?: string } = {},
): Promise<Antwoord<T>> {
  const headers: Record<string, string> = {};
  if (body !== undefined || ruw !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  if (apiSleutel) headers['x-api-key'] = apiSleutel;
  const antwoord = await fetch(url, {
    method: methode,
    headers,
    body: ruw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const tekst = await antwoord.text();
  return {
    status: antwoord.status,
    headers: antwoord.headers,
    body: (tekst ? JSON.parse(tekst) : undefined) as T,
  };
}

export async function logIn(basis: string, email: string, wachtwoord: string): Promise<string> {
  const antwoord = await http<{ token: string }>('POST', `${basis}/sessies`, {
    body: { email, wachtwoord },
  });
  if (antwoord.status !== 201) throw new Error(`Inloggen als ${email} mislukt: ${antwoord.status}`);
  return antwoord.body.token;
}
