// npm run bench:intake — intake throughput end to end (POST until every
// signal is routed) for a JSON batch and an .xlsx upload, against the rate at which the same Temporal server runs
// trivial workflows in the same run.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ROOT, log } from '../lib/omgeving.mjs';
import { benchWerkmap, meetBestandGeheugen, piekRss, printTabel, startBenchStack } from './lib.mjs';

const AANTAL_SIGNALEN = Number(process.env.VS_BENCH_SIGNALEN ?? 3_000);
const AANTAL_TRIVIAAL = Number(process.env.VS_BENCH_TRIVIAAL ?? 2_000);
const DEMO_SLEUTEL = 'vs_demo_samen_6c2b8f4a0e9d';
const GROOT_BESTAND = Number(process.env.VS_BENCH_BESTAND_RIJEN ?? 100_000);

const regels = [];
const stack = await startBenchStack();
try {
  const { Client, Connection } = await import('@temporalio/client');
  const { Worker, NativeConnection, Runtime, DefaultLogger } = await import('@temporalio/worker');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const { maakPrismaClient } = await import(path.join(ROOT, 'dist/prisma/database.js'));
  const prisma = maakPrismaClient(stack.databaseUrl);
  const verbinding = await Connection.connect({ address: stack.temporalAdres });
  const client = new Client({ connection: verbinding });

  // Baseline: trivial workflows on their own queue and worker, same server.
  const nativeVerbinding = await NativeConnection.connect({ address: stack.temporalAdres });
  const worker = await Worker.create({
    connection: nativeVerbinding,
    taskQueue: 'bench-triviaal',
    workflowsPath: path.join(ROOT, 'scripts/bench/triviaal-workflow.mjs'),
  });
  const triviaal = await worker.runUntil(async () => {
    const begin = performance.now();
    const handles = [];
    for (let i = 0; i < AANTAL_TRIVIAAL; i += 50) {
      handles.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(50, AANTAL_TRIVIAAL - i) }, () =>
            client.workflow.start('triviaalWorkflow', {
              taskQueue: 'bench-triviaal',
              workflowId: `triviaal-${randomUUID()}`,
            }),
          ),
        )),
      );
    }
    await Promise.all(handles.map((h) => h.result()));
    return AANTAL_TRIVIAAL / ((performance.now() - begin) / 1000);
  });
  log(`basislijn: ${triviaal.toFixed(0)} triviale workflows/s`);

  const signalen = Array.from({ length: AANTAL_SIGNALEN }, (_, i) => ({
    referentie: `BENCH-${randomUUID()}`,
    signaaldatum: '2026-11-02',
    ontstaansdatum: '2026-08-01',
    bedrag: '123,45',
    persoon: { achternaam: `Bench${i}`, geboortedatum: '1980-05-17' },
    adres: {
      postcode: ['3531AB', '8011AA', '8601AA'][i % 3],
      huisnummer: (i % 30) + 1,
      woonplaats: 'Demo',
    },
  }));
  /** Delivers, then waits until every signal of the delivery is routed. */
  async function meet(naam, lever) {
    const begin = performance.now();
    const antwoord = await lever();
    if (antwoord.status !== 202)
      throw new Error(`${naam}: POST gaf ${antwoord.status}: ${await antwoord.text()}`);
    const { id } = await antwoord.json();
    const aangenomen = performance.now();
    let opgeslagen;
    for (;;) {
      const gerouteerd = await prisma.signaal.count({
        where: { aanleveringId: id, routeringsstatus: { not: 'ONTVANGEN' } },
      });
      if (
        opgeslagen === undefined &&
        (await prisma.aanlevering.findUnique({ where: { id } })).status === 'VERWERKT'
      )
        opgeslagen = performance.now();
      if (gerouteerd === AANTAL_SIGNALEN) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconden = (performance.now() - begin) / 1000;
    log(`${naam}: ${seconden.toFixed(0)} s`);
    return [
      { figuur: `${naam}: POST answered`, waarde: aangenomen - begin, eenheid: 'ms' },
      { figuur: `${naam}: all rows stored`, waarde: (opgeslagen - begin) / 1000, eenheid: 's' },
      { figuur: `${naam}: all routed`, waarde: seconden, eenheid: 's' },
      {
        figuur: `${naam}: intake end to end`,
        waarde: AANTAL_SIGNALEN / seconden,
        eenheid: 'signals/s',
        basislijn: triviaal,
      },
    ];
  }

  const json = await meet(`JSON batch ${AANTAL_SIGNALEN}`, () =>
    fetch(`${stack.basis}/aanleveringen`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_SLEUTEL },
      body: JSON.stringify({ signalen }),
    }),
  );
  const werkmap = await benchWerkmap(AANTAL_SIGNALEN, `BENCH-XLSX-${randomUUID()}`);
  const xlsx = await meet(`.xlsx ${AANTAL_SIGNALEN} rows`, () => {
    const formulier = new FormData();
    formulier.append('bestand', new Blob([werkmap]), 'bench.xlsx');
    return fetch(`${stack.basis}/aanleveringen`, {
      method: 'POST',
      headers: { 'x-api-key': DEMO_SLEUTEL },
      body: formulier,
    });
  });
  regels.push(
    { figuur: 'trivial workflows (baseline)', waarde: triviaal, eenheid: 'workflows/s' },
    ...json,
    ...xlsx,
    { figuur: 'peak RSS API', waarde: piekRss(stack.processen.api.pid), eenheid: 'MiB' },
    { figuur: 'peak RSS worker', waarde: piekRss(stack.processen.worker.pid), eenheid: 'MiB' },
  );
  await prisma.$disconnect();
  await verbinding.close();
  await nativeVerbinding.close();
} finally {
  await stack.stop();
}
// Memory while a large file is read, on a fresh stack so routing the batches
// above does not count; bench:bestand compares it with a file a tenth the size.
regels.push(...(await meetBestandGeheugen(GROOT_BESTAND, 'groot')));
printTabel(regels);
