// npm run bench:bestand — memory while a large upload is read: peak RSS of API
// and worker for a 100,000-row .xlsx against a 10,000-row one, and how long
// reading it into rows takes. Routing the signals is measured by bench:intake.
import path from 'node:path';
import { ROOT, log } from '../lib/omgeving.mjs';
import { benchWerkmap, piekRss, printTabel, startBenchStack } from './lib.mjs';

const GROOT = Number(process.env.VS_BENCH_BESTAND_RIJEN ?? 100_000);
const KLEIN = Math.max(1, Math.round(GROOT / 10));
const SLEUTEL = 'vs_demo_thuisbaas_4f9c2a7e1b3d';

const regels = [];
// A fresh stack per size: the worker's peak then covers reading this one file
// only, not the routing of the previous one still running.
for (const [rijen, naam] of [
  [KLEIN, 'klein'],
  [GROOT, 'groot'],
]) {
  const stack = await startBenchStack();
  try {
    const { maakPrismaClient } = await import(path.join(ROOT, 'dist/prisma/database.js'));
    const prisma = maakPrismaClient(stack.databaseUrl);
    const inhoud = await benchWerkmap(rijen, `${naam}-${Date.now()}`);
    const voor = {
      api: piekRss(stack.processen.api.pid),
      worker: piekRss(stack.processen.worker.pid),
    };
    log(`${naam}: ${rijen} rijen, ${(inhoud.length / 1024 / 1024).toFixed(1)} MB uploaden…`);
    const formulier = new FormData();
    formulier.append('bestand', new Blob([inhoud]), `${naam}.xlsx`);
    const begin = performance.now();
    const antwoord = await fetch(`${stack.basis}/aanleveringen`, {
      method: 'POST',
      headers: { 'x-api-key': SLEUTEL },
      body: formulier,
    });
    if (antwoord.status !== 202)
      throw new Error(`upload gaf ${antwoord.status}: ${await antwoord.text()}`);
    const { id } = await antwoord.json();
    while ((await prisma.aanlevering.findUnique({ where: { id } })).aantalRijen !== rijen)
      await new Promise((r) => setTimeout(r, 250));
    const gelezen = (performance.now() - begin) / 1000;
    regels.push(
      { figuur: `.xlsx ${rijen} rows: read into rows`, waarde: gelezen, eenheid: 's' },
      { figuur: `.xlsx ${rijen} rows: rows read`, waarde: rijen / gelezen, eenheid: 'rows/s' },
      { figuur: `peak RSS API idle`, waarde: voor.api, eenheid: 'MiB' },
      {
        figuur: `peak RSS API after ${rijen} rows`,
        waarde: piekRss(stack.processen.api.pid),
        eenheid: 'MiB',
      },
      { figuur: `peak RSS worker idle`, waarde: voor.worker, eenheid: 'MiB' },
      {
        figuur: `peak RSS worker after ${rijen} rows`,
        waarde: piekRss(stack.processen.worker.pid),
        eenheid: 'MiB',
      },
    );
    await prisma.$disconnect();
  } finally {
    await stack.stop();
  }
}
printTabel(regels);
